// The verbs that change what serves: deploy, rollback, cleanup, and the promote and abort
// signals to a running deploy.

#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/unixsignals.h"
#include "cli/verbargs.h"
#include "controller/deploymentcontroller.h"
#include "pipeline/deploylock.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>

namespace greenlight {

int CliRunner::deploy(const QStringList &words)
{
    VerbArgs args(QStringLiteral("deploy"));
    addCommonOptions(args);
    args.addFlag(QStringLiteral("force-unlock"), QStringLiteral("Break a stale deploy lock (check who holds it first)."));
    args.setPositionals(QStringLiteral("VERSION"), QStringLiteral("The version to deploy to the idle colour (any printable text)."), 1, 1,
                        QStringLiteral("greenlight deploy 2.0.0 --config FILE"));
    if (const auto stop = begin(args, words))
        return *stop;
    const QString version = args.positionals().first();
    if (const QString problem = versionArgumentProblem(version); !problem.isEmpty())
        return refuse(args, problem);
    const Result<Common> common = loadCommon(args);
    if (!common)
        return refuse(args, common.error(), false);

    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
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
        if (o.succeeded)
            code = Ok;
        else if (interrupted)
            code = Interrupted;
        else if (o.failedStage == QLatin1String("preflight"))
            code = Unreachable;
        else if (o.failedStage == QLatin1String("lock"))
            code = Locked;
        else
            code = Failed;
        loop.quit();
    });
    controller.connectHosts(0);
    if (!controller.deploy(version, DeployOptions{args.isSet(QStringLiteral("force-unlock"))}))
        return refuse(args, QStringLiteral("the deploy did not start"), false);
    loop.exec();
    return code;
}

int CliRunner::rollback(const QStringList &words)
{
    VerbArgs args(QStringLiteral("rollback"));
    addCommonOptions(args);
    args.addChoice(QStringLiteral("to"), QStringLiteral("COLOUR"),
                   QStringLiteral("The colour to send all traffic to (default: the one live before the last deploy)."),
                   {QStringLiteral("blue"), QStringLiteral("green")});
    args.addText(QStringLiteral("reason"), QStringLiteral("TEXT"), QStringLiteral("Why, for the journal."),
                 QStringLiteral("printable text on one line"), QStringLiteral("requested from the command line"));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = loadCommon(args);
    if (!common)
        return refuse(args, common.error(), false);
    const std::optional<Colour> target = colourFromName(args.value(QStringLiteral("to"))); // checked: blue, green, or not given
    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, common->json);
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

int CliRunner::cleanup(const QStringList &words)
{
    VerbArgs args(QStringLiteral("cleanup"));
    addCommonOptions(args);
    args.addFlag(QStringLiteral("now"), QStringLiteral("Clean up before the warm window is over (no rollback to that colour after)."));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = loadCommon(args);
    if (!common)
        return refuse(args, common.error(), false);
    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, common->json);
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

int CliRunner::signalDeploy(const QStringList &words, bool promote)
{
    VerbArgs args(promote ? QStringLiteral("promote") : QStringLiteral("abort"));
    addCommonOptions(args);
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = loadCommon(args);
    if (!common)
        return refuse(args, common.error(), false);
    const DeploymentConfig &config = common->config;
    // Blocking is fine here: no window, one short command on the router host.
    HostPool pool(DeploymentController::sshTargets(config, common->policy, std::make_shared<AskpassInteraction>()), {});
    const Status sent = DeployLock(pool, config.router.host, config.name, config.router.lockPath)
                            .raise(promote ? DeployLock::Signal::Promote : DeployLock::Signal::Abort, CancelToken());
    if (!sent) {
        m_err << "greenlight: " << sent.error() << '\n';
        return sent.error().startsWith(QLatin1String("no deployment")) ? Failed : Unreachable;
    }
    m_out << (promote ? "promoted: the deploy shifts traffic now\n" : "abort sent: the deploy stops at its next check and puts traffic back\n");
    return Ok;
}

} // namespace greenlight
