// `greenlight exec`: one command on chosen hosts, in rolling batches, on sessions opened once.

#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/hostselection.h"
#include "cli/verbargs.h"
#include "controller/deploymentcontroller.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>

namespace greenlight {

int CliRunner::exec(const QStringList &words)
{
    VerbArgs args(QStringLiteral("exec"));
    addCommonOptions(args);
    args.addText(QStringLiteral("on"), QStringLiteral("WHERE"), QStringLiteral("Where to run."),
                 QStringLiteral("blue, green, live, idle, all (both colours), or host names separated by commas"), QStringLiteral("all"));
    args.addNumber(QStringLiteral("parallel"), QStringLiteral("N"), QStringLiteral("Commands in flight at once."), 0, 1000,
                   QStringLiteral("a whole number of hosts"), 0, QStringLiteral("0: all at once"));
    args.addNumber(QStringLiteral("batch-percent"), QStringLiteral("P"), QStringLiteral("Rolling batches of this share of the hosts."), 1, 100,
                   QStringLiteral("a whole percentage"), 100);
    args.addFlag(QStringLiteral("continue"), QStringLiteral("Run the next batches even when one failed."));
    args.addNumber(QStringLiteral("timeout"), QStringLiteral("S"), QStringLiteral("Deadline of the command on each host."), 1, 86400,
                   QStringLiteral("whole seconds"), 60);
    args.addNumber(QStringLiteral("repeat"), QStringLiteral("N"), QStringLiteral("Run N times on the same open sessions, timing each round."),
                   1, 1000, QStringLiteral("a whole number of rounds"), 1);
    args.setPositionals(QStringLiteral("COMMAND"), QStringLiteral("The command line to run on each host (after --)."), 1, -1,
                        QStringLiteral("greenlight exec --config FILE --on live -- uptime"));
    if (const auto stop = begin(args, words))
        return *stop;
    const QString command = args.positionals().join(QLatin1Char(' '));
    if (command.trimmed().isEmpty())
        return refuse(args, QStringLiteral("COMMAND is blank, e.g. greenlight exec --config FILE --on live -- uptime"));
    const Result<Common> common = loadCommon(args);
    if (!common)
        return refuse(args, common.error(), false);
    const DeploymentConfig &config = common->config;
    const Result<HostSelection> selection = selectHosts(args.value(QStringLiteral("on")), config);
    if (!selection)
        return refuse(args, selection.error());
    const FanoutPolicy policy{args.number(QStringLiteral("parallel")), args.number(QStringLiteral("batch-percent")),
                              !args.isSet(QStringLiteral("continue"))};
    const int timeoutS = args.number(QStringLiteral("timeout"));
    const int rounds = args.number(QStringLiteral("repeat"));

    // Everything is checked: from here on, hosts are contacted.
    DeploymentController controller(config, common->policy, std::make_shared<AskpassInteraction>());
    QStringList hosts = selection->hosts;
    if (!selection->relative.isEmpty()) { // live and idle are read from the router, never assumed
        QString why;
        const auto live = readLiveColour(controller, why);
        if (!live) {
            m_err << "greenlight: no colour is live: " << why << '\n';
            return Unreachable;
        }
        hosts = config.environment(selection->relative == QLatin1String("live") ? *live : otherColour(*live)).hosts;
    }

    EventPrinter printer(m_out, common->json);
    printer.follow(controller);
    // Sessions open on first use: only the hosts named are connected.
    int code = Ok;
    for (int round = 1; round <= rounds; ++round) {
        QEventLoop loop;
        QObject::connect(&controller, &DeploymentController::commandFinished, &loop, [&](const FanoutResult &result, qint64 ms) {
            for (const CommandResult &r : result.results) {
                if (!r.ok())
                    m_err << "greenlight: " << r.summary() << '\n';
            }
            for (const QString &h : result.skipped)
                m_err << "greenlight: " << h << ": skipped (an earlier batch failed)\n";
            m_err << "exec: round " << round << " on " << hosts.size() << " hosts: " << ms << " ms, "
                  << result.failedHosts().size() << " failed\n";
            m_err.flush();
            code = result.ok() ? Ok : Failed;
            loop.quit();
        });
        controller.runCommand(hosts, command, policy, timeoutS);
        loop.exec();
    }
    return code;
}

} // namespace greenlight
