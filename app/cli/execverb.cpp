// `greenlight exec`: one command on chosen hosts, in rolling batches, on sessions opened once.

#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/jsonlines.h"
#include "cli/hostselection.h"
#include "cli/verbargs.h"
#include "cli/verbtable.h"
#include "controller/deploymentcontroller.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>

namespace greenlight {

int CliRunner::exec(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("exec"));
    if (const auto stop = begin(args, words))
        return *stop;
    const QString command = args.positionals().join(QLatin1Char(' '));
    if (command.trimmed().isEmpty())
        return refuse(args, QStringLiteral("COMMAND is blank, e.g. greenlight exec --config FILE --on live -- uptime"));
    const Result<Common> common = load(args);
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
        if (!live)
            return fail(args, controller.fleet().routerOk ? Split : Unreachable, QStringLiteral("no colour is live: %1").arg(why));
        hosts = config.environment(selection->relative == QLatin1String("live") ? *live : otherColour(*live)).hosts;
    }

    EventPrinter printer(m_out, m_err, common->json);
    printer.follow(controller);
    // Sessions open on first use: only the hosts named are connected.
    int code = Ok;
    for (int round = 1; round <= rounds; ++round) {
        QEventLoop loop;
        QObject::connect(&controller, &DeploymentController::commandFinished, &loop, [&](const FanoutResult &result, qint64 ms) {
            // Per host: a JSON object each with --json; a person reads only the failures (stderr).
            for (const CommandResult &r : result.results) {
                if (common->json)
                    printJsonLine(m_out, execResultJson(round, r));
                else if (!r.ok())
                    m_err << "greenlight exec: " << r.summary() << '\n';
            }
            for (const QString &h : result.skipped) {
                if (common->json)
                    printJsonLine(m_out, execSkippedJson(round, h));
                else
                    m_err << "greenlight exec: " << h << ": skipped (an earlier batch failed)\n";
            }
            const qsizetype failed = result.failedHosts().size();
            if (common->json)
                printJsonLine(m_out, execRoundJson(round, hosts.size(), failed, result.skipped.size(), ms));
            else
                m_out << "exec: round " << round << " on " << hosts.size() << " hosts: " << ms << " ms, " << failed << " failed\n";
            if (!result.ok()) {
                m_err << "FAILED: " << failed << " of " << hosts.size() << " hosts"
                      << (result.skipped.isEmpty() ? QString() : QStringLiteral(", %1 skipped").arg(result.skipped.size())) << " (round " << round << ")\n";
            }
            m_out.flush();
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
