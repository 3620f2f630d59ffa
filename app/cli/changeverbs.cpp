// The verbs that change what serves: deploy, rollback, cleanup, and the promote and abort
// signals to a running deploy.

#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/unixsignals.h"
#include "controller/deploymentcontroller.h"
#include "pipeline/deploylock.h"
#include "pipeline/deploysignal.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>

namespace greenlight {

namespace {
constexpr std::chrono::seconds kSignalConfirm{60}; // a deploy acknowledges within a heartbeat; putting traffic back takes longer
} // namespace

int CliRunner::deploy(const QStringList &args)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addPositionalArgument(QStringLiteral("version"), QStringLiteral("The version to deploy to the idle colour."));
    parser.addOption({QStringLiteral("force-unlock"), QStringLiteral("Break a stale deploy lock (check who holds it first).")});
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("deploy takes exactly one VERSION"));
    const QString version = parser.positionalArguments().first();

    DeploymentController controller(*common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, common->json);
    printer.follow(controller);
    QEventLoop loop;
    int code = Ok;
    bool interrupted = false;
    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::received, [&] {
        interrupted = true;
        m_err << "greenlight: interrupted; aborting the deploy (traffic is put back if it moved)\n";
        m_err.flush();
        controller.abort();
    });
    QObject::connect(&controller, &DeploymentController::deployFinished, &loop, [&](const PipelineOutcome &o) {
        printer.outcome(QStringLiteral("deploy"), o);
        code = o.succeeded ? Ok : interrupted ? Interrupted : exitCodeFor(o.code);
        loop.quit();
    });
    controller.connectHosts(0);
    if (!controller.deploy(version, DeployOptions{parser.isSet(QStringLiteral("force-unlock"))}))
        return usage(QStringLiteral("the version must not be empty"));
    loop.exec();
    return code;
}

int CliRunner::rollback(const QStringList &args)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("to"), QStringLiteral("The colour to send all traffic to (default: the one live before the last deploy)."),
                      QStringLiteral("COLOUR")});
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why, for the journal."), QStringLiteral("TEXT"),
                      QStringLiteral("requested from the command line")});
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    std::optional<Colour> target;
    if (parser.isSet(QStringLiteral("to"))) {
        target = colourFromName(parser.value(QStringLiteral("to")));
        if (!target)
            return usage(QStringLiteral("--to takes blue or green"));
    }
    DeploymentController controller(*common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, common->json);
    printer.follow(controller);
    QEventLoop loop;
    int code = Ok;
    QObject::connect(&controller, &DeploymentController::rollbackFinished, &loop, [&](const PipelineOutcome &o) {
        printer.outcome(QStringLiteral("rollback"), o);
        code = o.succeeded ? Ok : Failed;
        loop.quit();
    });
    controller.rollback(parser.value(QStringLiteral("reason")), target);
    loop.exec();
    return code;
}

int CliRunner::cleanup(const QStringList &args)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("now"), QStringLiteral("Clean up before the warm window is over (no rollback to that colour after).")});
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    DeploymentController controller(*common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, common->json);
    printer.follow(controller);
    QEventLoop loop;
    int code = Ok;
    QObject::connect(&controller, &DeploymentController::cleanupFinished, &loop, [&](const PipelineOutcome &o) {
        printer.outcome(QStringLiteral("cleanup"), o);
        code = o.succeeded ? Ok : Failed;
        loop.quit();
    });
    if (!controller.cleanUp(parser.isSet(QStringLiteral("now"))))
        return Failed;
    loop.exec();
    return code;
}

int CliRunner::signalDeploy(const QStringList &args, bool promote)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    const DeploymentConfig &config = *common->config;
    // Blocking is fine here: no window, a few short commands on the router host.
    HostPool pool(DeploymentController::sshTargets(config, common->policy, std::make_shared<AskpassInteraction>()), {});
    DeployLock lock(pool, config.router.host, config.name, config.router.lockPath);
    // Confirmed: a promote once the deploy read it, an abort once the deploy put traffic back
    // and let go of its lock. Ctrl+C stops the waiting (the signal stays raised in the lock).
    CancelToken cancel;
    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::received, [cancel] { cancel.cancel(); });
    const Result<QString> confirmed = DeploySignal(lock).send(promote ? DeployLock::Signal::Promote : DeployLock::Signal::Abort,
                                                              kSignalConfirm, cancel);
    if (!confirmed) {
        m_err << "greenlight: " << confirmed.error() << '\n';
        return confirmed.code() == ErrorCode::Unreachable ? Unreachable : Failed;
    }
    m_out << (promote ? "promoted: " : "aborted: ") << confirmed.value() << '\n';
    return Ok;
}

int CliRunner::exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None: return Ok;
    case ErrorCode::InvalidInput: return Usage;
    case ErrorCode::Unreachable:
    case ErrorCode::HostKey:
    case ErrorCode::SplitTraffic: return Unreachable;
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
