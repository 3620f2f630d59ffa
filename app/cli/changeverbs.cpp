// The verbs that change what serves: deploy, rollback, cleanup, and the promote and abort
// signals to a running deploy.

#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/jsonlines.h"
#include "cli/unixsignals.h"
#include "cli/verbargs.h"
#include "cli/verbtable.h"
#include "controller/deploymentcontroller.h"
#include "pipeline/deploylock.h"
#include "pipeline/deploysignal.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>

#include <optional>
#include <thread>

namespace greenlight {

namespace {
constexpr std::chrono::seconds kSignalConfirm{60}; // a deploy acknowledges within a heartbeat; putting traffic back takes longer
} // namespace

int CliRunner::deploy(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("deploy"));
    if (const auto stop = begin(args, words))
        return *stop;
    const QString version = args.positionals().first();
    if (const QString problem = versionArgumentProblem(version); !problem.isEmpty())
        return refuse(args, problem);
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);

    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, m_err, common->json);
    const std::optional<int> code = followChange(controller, printer, QStringLiteral("deploy"), &DeploymentController::deployFinished, [&] {
        controller.connectHosts(0);
        return controller.deploy(version, DeployOptions{args.isSet(QStringLiteral("force-unlock"))});
    });
    return code ? *code : refuse(args, QStringLiteral("the deploy did not start"), false);
}

std::optional<int> CliRunner::followChange(DeploymentController &controller, EventPrinter &printer, const QString &what,
                                           void (DeploymentController::*finished)(const PipelineOutcome &),
                                           const std::function<bool()> &start)
{
    printer.follow(controller);
    QEventLoop loop;
    int code = Ok;
    bool interrupted = false;
    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::received, [&] {
        interrupted = true;
        m_err << "greenlight: interrupted; stopping the " << what << " (traffic that moved is put back)\n";
        m_err.flush();
        controller.abort();
    });
    QObject::connect(&controller, finished, &loop, [&](const PipelineOutcome &o) {
        printer.outcome(what, o);
        code = o.succeeded ? Ok : interrupted ? Interrupted : exitCodeFor(o.code);
        loop.quit();
    });
    if (!start())
        return std::nullopt;
    loop.exec();
    return code;
}

int CliRunner::rollback(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("rollback"));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    std::optional<Colour> target = colourFromName(args.value(QStringLiteral("to"))); // checked: blue, green, or not given
    const QString toVersion = args.value(QStringLiteral("to-version"));
    if (target && !toVersion.isEmpty())
        return refuse(args, QStringLiteral("give --to COLOUR or --to-version VERSION, not both"));
    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    if (!toVersion.isEmpty()) {
        const Result<Colour> serving = colourRunning(controller, toVersion);
        if (!serving)
            return fail(args, serving.code() == ErrorCode::InvalidInput ? int(Usage) : int(Failed), serving.error());
        target = serving.value();
        if (!common->json)
            m_out << toVersion << " runs on " << colourName(*target) << '\n';
    }
    EventPrinter printer(m_out, m_err, common->json);
    printer.follow(controller);
    QEventLoop loop;
    int code = Ok;
    QObject::connect(&controller, &DeploymentController::rollbackFinished, &loop, [&](const PipelineOutcome &o) {
        printer.outcome(QStringLiteral("rollback"), o);
        code = o.succeeded ? Ok : Failed;
        loop.quit();
    });
    controller.rollback(args.value(QStringLiteral("reason")), target);
    loop.exec();
    return code;
}

Result<Colour> CliRunner::colourRunning(DeploymentController &controller, const QString &version)
{
    QEventLoop wait;
    QObject::connect(&controller, &DeploymentController::fleetChanged, &wait, &QEventLoop::quit);
    controller.connectHosts(0);
    wait.exec();
    const FleetSnapshot &fleet = controller.fleet();
    QList<Colour> running;
    QStringList seen;
    for (const Colour c : {Colour::Blue, Colour::Green}) {
        bool all = true;
        QStringList versions;
        for (const HostSnapshot &h : fleet.hosts) {
            if (h.colour != c)
                continue;
            all = all && h.versionError.isEmpty() && h.version == version;
            versions << (h.versionError.isEmpty() ? h.version : QStringLiteral("%1 unreadable").arg(h.name));
        }
        versions.removeDuplicates();
        seen << QStringLiteral("%1: %2").arg(colourName(c), versions.isEmpty() ? QStringLiteral("no hosts") : versions.join(QStringLiteral(", ")));
        if (all && !versions.isEmpty())
            running << c;
    }
    if (running.size() == 2)
        return Result<Colour>::failure(QStringLiteral("both colours run %1; choose one with --to").arg(version), ErrorCode::InvalidInput);
    if (running.isEmpty())
        return Result<Colour>::failure(QStringLiteral("no colour runs %1 on all its hosts (%2); nothing was changed").arg(version, seen.join(QStringLiteral("; "))));
    return running.first();
}

int CliRunner::cleanup(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("cleanup"));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, m_err, common->json);
    printer.follow(controller);
    QEventLoop loop;
    int code = Ok;
    QObject::connect(&controller, &DeploymentController::cleanupFinished, &loop, [&](const PipelineOutcome &o) {
        printer.outcome(QStringLiteral("cleanup"), o);
        code = o.succeeded ? Ok : Failed;
        loop.quit();
    });
    if (!controller.cleanUp(args.isSet(QStringLiteral("now"))))
        return Failed;
    loop.exec();
    return code;
}

int CliRunner::resume(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("resume"));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, m_err, common->json);
    return followChange(controller, printer, QStringLiteral("resume"), &DeploymentController::resumeFinished,
                        [&] { return controller.resume(args.isSet(QStringLiteral("undo"))); })
        .value_or(Failed);
}

int CliRunner::signalDeploy(const QStringList &words, bool promote)
{
    VerbArgs args = argsFor(promote ? QStringLiteral("promote") : QStringLiteral("abort"));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    const DeploymentConfig &config = common->config;
    // Blocking is fine here: no window, a few short commands on the router host.
    HostPool pool(DeploymentController::sshTargets(config, common->policy, std::make_shared<AskpassInteraction>()), {});
    DeployLock lock(pool, config.router.host, config.name, config.router.lockPath);
    // Confirmed: a promote once the deploy read it, an abort once the deploy put traffic back
    // and let go of its lock. Ctrl+C stops the waiting (the signal stays raised in the lock).
    // The wait runs on its own thread so that this one's event loop hears Ctrl+C.
    CancelToken cancel;
    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::received, [cancel] { cancel.cancel(); });
    QEventLoop loop;
    std::optional<Result<QString>> confirmed;
    std::thread waiter([&] {
        Result<QString> r = DeploySignal(lock).send(promote ? DeployLock::Signal::Promote : DeployLock::Signal::Abort, kSignalConfirm, cancel);
        QMetaObject::invokeMethod(&loop, [&, r] { confirmed = r; loop.quit(); }, Qt::QueuedConnection);
    });
    loop.exec();
    waiter.join();
    if (!*confirmed)
        return fail(args, confirmed->code() == ErrorCode::Unreachable ? Unreachable : Failed, confirmed->error());
    if (common->json)
        printJsonLine(m_out, signalJson(args.verb(), confirmed->value()));
    else
        m_out << (promote ? "promoted: " : "aborted: ") << confirmed->value() << '\n';
    return Ok;
}

int CliRunner::exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None: return Ok;
    case ErrorCode::InvalidInput: return Usage;
    case ErrorCode::Unreachable:
    case ErrorCode::HostKey: return Unreachable;
    case ErrorCode::SplitTraffic: return Split;
    case ErrorCode::LockHeld: return Locked;
    case ErrorCode::Failed:
    case ErrorCode::RefusedByRouter:
    case ErrorCode::GateBreach:
    case ErrorCode::NoData:
    case ErrorCode::Aborted:
    case ErrorCode::TimedOut:
    case ErrorCode::JournalFailure: break;
    }
    return Failed;
}

} // namespace greenlight
