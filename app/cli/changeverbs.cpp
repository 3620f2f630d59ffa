// The verbs that change what serves: deploy, rollback, cleanup, and the promote and abort
// signals to a running deploy.

#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/unixsignals.h"
#include "controller/deploymentcontroller.h"
#include "pipeline/deploylock.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>

namespace greenlight {

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
