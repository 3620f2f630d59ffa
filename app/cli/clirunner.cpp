#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/unixsignals.h"
#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "journal/journal.h"
#include "lab/lab.h"
#include "pipeline/deployplan.h"
#include "ssh/sshinteraction.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace greenlight {

namespace {

const QStringList kVerbs = {QStringLiteral("deploy"), QStringLiteral("rollback"), QStringLiteral("cleanup"), QStringLiteral("status"),
                            QStringLiteral("validate"), QStringLiteral("lab"), QStringLiteral("exec"),
                            QStringLiteral("plan"), QStringLiteral("history"), QStringLiteral("promote"), QStringLiteral("abort")};

} // namespace

CliRunner::CliRunner()
{
    m_outFile.open(1, QIODevice::WriteOnly | QIODevice::Unbuffered);
    m_errFile.open(2, QIODevice::WriteOnly | QIODevice::Unbuffered);
    m_out.setDevice(&m_outFile);
    m_err.setDevice(&m_errFile);
}

bool CliRunner::isVerb(const QString &word)
{
    return kVerbs.contains(word);
}

int CliRunner::usage(const QString &problem)
{
    if (!problem.isEmpty())
        m_err << "greenlight: " << problem << '\n';
    m_err << "usage: greenlight [FILE | --lab]                      open the console\n"
             "       greenlight status   --config FILE [--json]\n"
             "       greenlight deploy   VERSION --config FILE [--json] [--accept-new-host-keys] [--force-unlock]\n"
             "       greenlight rollback --config FILE [--to blue|green] [--reason TEXT] [--json]\n"
             "       greenlight cleanup  --config FILE [--now] [--json]\n"
             "       greenlight plan     VERSION --config FILE [--json]\n"
             "       greenlight history  --config FILE [--limit N] [--json]\n"
             "       greenlight promote  --config FILE      (a deploy waiting at its manual promote gate)\n"
             "       greenlight abort    --config FILE      (the running deploy, from anywhere)\n"
             "       greenlight exec     --config FILE [--on blue|green|live|idle|all|HOST,...] [--parallel N]\n"
             "                           [--batch-percent P] [--continue] [--timeout S] [--repeat N] -- COMMAND\n"
             "       greenlight validate FILE\n"
             "       greenlight lab      [--hosts-per-colour N] [--rps N] [--router haproxy|nginx|command]\n";
    m_err.flush();
    return Usage;
}

int CliRunner::run(const QStringList &arguments)
{
    const QString verb = arguments.value(1);
    const QStringList rest = QStringList{arguments.value(0) + QLatin1Char(' ') + verb} + arguments.mid(2);
    if (verb == QLatin1String("validate"))
        return validate(rest);
    if (verb == QLatin1String("status"))
        return status(rest);
    if (verb == QLatin1String("deploy"))
        return deploy(rest);
    if (verb == QLatin1String("rollback"))
        return rollback(rest);
    if (verb == QLatin1String("cleanup"))
        return cleanup(rest);
    if (verb == QLatin1String("lab"))
        return lab(rest);
    if (verb == QLatin1String("exec"))
        return exec(rest);
    if (verb == QLatin1String("plan"))
        return plan(rest);
    if (verb == QLatin1String("history"))
        return history(rest);
    if (verb == QLatin1String("promote") || verb == QLatin1String("abort"))
        return signalDeploy(rest, verb == QLatin1String("promote"));
    return usage(QStringLiteral("unknown command \"%1\"").arg(verb));
}

int CliRunner::validate(const QStringList &args)
{
    if (args.size() != 2)
        return usage(QStringLiteral("validate takes one deployment file"));
    ConfigLoader loader;
    const Result<DeploymentConfig> config = loader.loadFile(args.at(1));
    if (!config) {
        m_err << config.error() << '\n';
        return Usage;
    }
    m_out << args.at(1) << ": ok — " << config->hosts.size() << " hosts, " << config->blue.hosts.size() << " blue, "
          << config->green.hosts.size() << " green, router " << routerTypeName(config->router.type) << " on " << config->router.host << '\n';
    return Ok;
}

int CliRunner::status(const QStringList &args)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    DeploymentController controller(*common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, common->json);
    QEventLoop loop;
    int code = Ok;
    std::optional<FleetSnapshot> fleet;
    std::optional<RecoveryReport> recovery;
    const auto printWhenBoth = [&] {
        if (!fleet || !recovery)
            return;
        printer.fleet(*fleet, controller);
        if (recovery->interrupted || recovery->running)
            printer.recovery(*recovery);
        code = fleet->routerOk ? Ok : Unreachable;
        loop.quit();
    };
    QObject::connect(&controller, &DeploymentController::fleetChanged, &loop, [&](const FleetSnapshot &f) {
        fleet = f;
        printWhenBoth();
    });
    QObject::connect(&controller, &DeploymentController::recoveryChecked, &loop, [&](const RecoveryReport &r) {
        recovery = r;
        printWhenBoth();
    });
    controller.connectHosts(0);
    loop.exec();
    return code;
}

int CliRunner::exec(const QStringList &args)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("on"), QStringLiteral("blue, green, live, idle, all (both colours) or host names, comma-separated."),
                      QStringLiteral("WHERE"), QStringLiteral("all")});
    parser.addOption({QStringLiteral("parallel"), QStringLiteral("Commands in flight at once (0: all)."), QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("batch-percent"), QStringLiteral("Rolling batches of this share of the hosts."), QStringLiteral("P"),
                      QStringLiteral("100")});
    parser.addOption({QStringLiteral("continue"), QStringLiteral("Run the next batches even when one failed.")});
    parser.addOption({QStringLiteral("timeout"), QStringLiteral("Deadline of the command on each host, in seconds."), QStringLiteral("S"),
                      QStringLiteral("60")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Run N times on the same open sessions, timing each round."),
                      QStringLiteral("N"), QStringLiteral("1")});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("The command line to run on each host."));
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    const QString command = parser.positionalArguments().join(QLatin1Char(' '));
    if (command.trimmed().isEmpty())
        return usage(QStringLiteral("exec needs a COMMAND after --"));
    const DeploymentConfig &config = *common->config;
    DeploymentController controller(config, common->policy, std::make_shared<AskpassInteraction>());

    // Resolve where to run; live and idle are read from the router, never assumed.
    const QString on = parser.value(QStringLiteral("on"));
    QStringList hosts;
    if (on == QLatin1String("live") || on == QLatin1String("idle")) {
        QString why;
        const auto live = readLiveColour(controller, why);
        if (!live) {
            m_err << "greenlight: no colour is live: " << why << '\n';
            return Unreachable;
        }
        hosts = config.environment(on == QLatin1String("live") ? *live : otherColour(*live)).hosts;
    } else if (on == QLatin1String("all")) {
        hosts = config.blue.hosts + config.green.hosts;
    } else if (const auto colour = colourFromName(on)) {
        hosts = config.environment(*colour).hosts;
    } else {
        hosts = on.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &h : std::as_const(hosts)) {
            if (!config.host(h))
                return usage(QStringLiteral("no host named \"%1\" in %2").arg(h, config.sourcePath));
        }
    }
    const FanoutPolicy policy{parser.value(QStringLiteral("parallel")).toInt(), parser.value(QStringLiteral("batch-percent")).toInt(),
                              !parser.isSet(QStringLiteral("continue"))};
    const int timeoutS = std::max(1, parser.value(QStringLiteral("timeout")).toInt());
    const int rounds = std::max(1, parser.value(QStringLiteral("repeat")).toInt());

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

int CliRunner::plan(const QStringList &args)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addPositionalArgument(QStringLiteral("version"), QStringLiteral("The version a deploy would bring."));
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("plan takes exactly one VERSION"));
    const QString version = parser.positionalArguments().first();
    DeploymentController controller(*common->config, common->policy, std::make_shared<AskpassInteraction>());
    QString why; // the plan depends on which colour is live
    const auto live = readLiveColour(controller, why);
    if (!live) {
        m_err << "greenlight: no plan: " << why << '\n';
        return Unreachable;
    }
    const QList<DeployPlan::Step> steps = DeployPlan::build(controller.config(), controller.router(), *live, version);
    for (const DeployPlan::Step &step : steps) {
        if (common->json) {
            m_out << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("stage"), step.stage}, {QStringLiteral("where"), step.where},
                                                                 {QStringLiteral("what"), step.what}}).toJson(QJsonDocument::Compact))
                  << '\n';
        } else {
            m_out << QStringLiteral("%1 %2 %3").arg(step.stage, -10).arg(step.where, -10).arg(step.what) << '\n';
        }
    }
    return Ok;
}

int CliRunner::history(const QStringList &args)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("limit"), QStringLiteral("Show the newest N entries."), QStringLiteral("N"), QStringLiteral("20")});
    const auto common = parseCommon(parser, args, m_err);
    if (!common)
        return Usage;
    const DeploymentConfig &config = *common->config;
    Journal journal(config.journalPath.isEmpty() ? Journal::defaultPath(config.name) : config.journalPath);
    QList<QJsonObject> entries;
    for (const QJsonObject &e : journal.readAll()) {
        const QString kind = e.value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("start") || kind == QLatin1String("end") || kind == QLatin1String("switch"))
            entries << e;
    }
    entries = entries.mid(std::max<qsizetype>(0, entries.size() - parser.value(QStringLiteral("limit")).toInt()));
    for (const QJsonObject &e : std::as_const(entries)) {
        if (common->json) {
            m_out << QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact)) << '\n';
            continue;
        }
        const QString kind = e.value(QStringLiteral("kind")).toString();
        QString what;
        if (kind == QLatin1String("start"))
            what = QStringLiteral("deploy %1 to %2 started").arg(e.value(QStringLiteral("version")).toString(), e.value(QStringLiteral("to")).toString());
        else if (kind == QLatin1String("end"))
            what = QStringLiteral("deploy %1 %2: %3").arg(e.value(QStringLiteral("version")).toString(),
                                                          e.value(QStringLiteral("succeeded")).toBool() ? QStringLiteral("succeeded") : QStringLiteral("FAILED"),
                                                          e.value(QStringLiteral("message")).toString());
        else
            what = QStringLiteral("traffic %1 -> %2 (%3)").arg(e.value(QStringLiteral("from")).toString(), e.value(QStringLiteral("to")).toString(),
                                                              e.value(QStringLiteral("reason")).toString());
        m_out << e.value(QStringLiteral("time")).toString() << "  " << e.value(QStringLiteral("operator")).toString() << "  " << what << '\n';
    }
    if (entries.isEmpty())
        m_out << "no deployments recorded in " << journal.path() << '\n';
    return Ok;
}

int CliRunner::lab(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("hosts-per-colour"), QStringLiteral("Hosts in each colour (default 2)."), QStringLiteral("N"),
                      QStringLiteral("2")});
    parser.addOption({QStringLiteral("rps"), QStringLiteral("Synthetic requests a second through the router (default 10)."),
                      QStringLiteral("N"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("router"), QStringLiteral("haproxy (default), nginx, or command (HAProxy driven by two scripts)."),
                      QStringLiteral("TYPE"), QStringLiteral("haproxy")});
    if (!parser.parse(args))
        return usage(parser.errorText());
    const std::optional<RouterType> router = routerTypeFromName(parser.value(QStringLiteral("router")));
    if (!router)
        return usage(QStringLiteral("--router: expected haproxy, nginx or command"));
    LabOptions options;
    options.router = *router;
    options.hostsPerColour = parser.value(QStringLiteral("hosts-per-colour")).toInt();
    options.trafficRps = parser.value(QStringLiteral("rps")).toInt();
    Lab lab;
    if (const Status s = lab.start(options); !s) {
        m_err << "greenlight: the lab did not start: " << s.error() << '\n';
        return Failed;
    }
    m_out << "lab running in " << lab.rootDir() << '\n'
          << "deployment file: " << lab.configPath() << '\n'
          << "router: " << lab.frontendUrl() << '\n'
          << "stop with Ctrl+C (or SIGTERM); everything the lab started stops with it\n";
    m_out.flush();
    UnixSignals unixSignals;
    QEventLoop loop;
    QObject::connect(&unixSignals, &UnixSignals::received, &loop, &QEventLoop::quit);
    loop.exec();
    lab.stop();
    return Ok;
}

} // namespace greenlight
