#include "clirunner.h"

#include "cli/clicommon.h"
#include "cli/eventprinter.h"
#include "cli/jsonlines.h"
#include "cli/unixsignals.h"
#include "cli/usage.h"
#include "cli/verbargs.h"
#include "cli/verbtable.h"
#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "journal/journal.h"
#include "lab/lab.h"
#include "pipeline/deployplan.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace greenlight {

CliRunner::CliRunner()
{
    m_outFile.open(1, QIODevice::WriteOnly | QIODevice::Unbuffered);
    m_errFile.open(2, QIODevice::WriteOnly | QIODevice::Unbuffered);
    m_out.setDevice(&m_outFile);
    m_err.setDevice(&m_errFile);
}

int CliRunner::run(const QStringList &arguments)
{
    const QString verb = arguments.value(1);
    const QStringList words = arguments.mid(2);
    if (verb == QLatin1String("validate"))
        return validate(words);
    if (verb == QLatin1String("status"))
        return status(words);
    if (verb == QLatin1String("deploy"))
        return deploy(words);
    if (verb == QLatin1String("rollback"))
        return rollback(words);
    if (verb == QLatin1String("cleanup"))
        return cleanup(words);
    if (verb == QLatin1String("lab"))
        return lab(words);
    if (verb == QLatin1String("exec"))
        return exec(words);
    if (verb == QLatin1String("plan"))
        return plan(words);
    if (verb == QLatin1String("history"))
        return history(words);
    if (verb == QLatin1String("resume"))
        return resume(words);
    if (verb == QLatin1String("lock"))
        return lock(words);
    if (verb == QLatin1String("promote") || verb == QLatin1String("abort"))
        return signalDeploy(words, verb == QLatin1String("promote"));
    m_err << "greenlight: " << unknownCommand(verb) << '\n' << usageText();
    return Usage;
}

std::optional<int> CliRunner::begin(VerbArgs &args, const QStringList &words)
{
    if (const Status parsed = args.parse(words); !parsed)
        return refuse(args, parsed.error());
    if (args.helpRequested()) {
        m_out << args.helpText();
        m_out.flush();
        return Ok;
    }
    return std::nullopt;
}

Result<Common> CliRunner::load(const VerbArgs &args)
{
    Result<Common> common = loadCommon(args);
    if (common)
        announceConfig(common->configPath, common->configSource, common->json);
    return common;
}

void CliRunner::announceConfig(const QString &path, const QString &source, bool json)
{
    if (source == QLatin1String("option"))
        return;
    if (json) {
        printJsonLine(m_out, {{QStringLiteral("type"), QStringLiteral("config")}, {QStringLiteral("path"), path}, {QStringLiteral("source"), source}});
        return;
    }
    m_out << "deployment file: " << path
          << (source == QLatin1String("cwd") ? QStringLiteral(" (found in this folder; --config FILE chooses another)")
                                             : QStringLiteral(" (from $%1)").arg(QString::fromLatin1(kConfigVariable)))
          << '\n';
    m_out.flush();
}

int CliRunner::refuse(const VerbArgs &args, const QString &problem, bool hint)
{
    m_err << "greenlight " << args.verb() << ": " << problem << '\n';
    if (hint)
        m_err << "see `greenlight " << args.verb() << " --help`\n";
    m_err.flush();
    if (args.jsonRequested())
        printJsonLine(m_out, errorJson(args.verb(), Usage, problem));
    return Usage;
}

int CliRunner::fail(const VerbArgs &args, int code, const QString &problem)
{
    m_err << "greenlight " << args.verb() << ": " << problem << '\n';
    m_err.flush();
    if (args.jsonRequested())
        printJsonLine(m_out, errorJson(args.verb(), code, problem));
    return code;
}

int CliRunner::validate(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("validate"));
    if (const auto stop = begin(args, words))
        return *stop;
    const bool named = args.isSet(QStringLiteral("config"));
    if (named && args.positionals().size() == 1)
        return refuse(args, QStringLiteral("give the file once: greenlight validate FILE"));
    ConfigChoice choice{named ? args.value(QStringLiteral("config")) : args.positionals().value(0), QStringLiteral("option")};
    if (choice.path.isEmpty() && !named && args.positionals().isEmpty()) {
        choice = chooseConfig({});
        if (choice.path.isEmpty())
            return refuse(args, QStringLiteral("missing FILE, e.g. greenlight validate deploy.json (no ./%1 here and %2 is not set)")
                                    .arg(QString::fromLatin1(kDefaultConfigFile), QString::fromLatin1(kConfigVariable)));
        announceConfig(choice.path, choice.source, args.jsonRequested());
    }
    const QString path = choice.path;
    if (path.isEmpty())
        return refuse(args, QStringLiteral("FILE: expected the path of a deployment file, got \"\""));
    ConfigLoader loader;
    const Result<DeploymentConfig> config = loader.loadFile(path);
    if (args.jsonRequested())
        printJsonLine(m_out, validateJson(path, config ? &config.value() : nullptr, config ? QString() : config.error()));
    if (!config) {
        m_err << "greenlight validate: " << config.error() << '\n';
        return Usage;
    }
    if (!args.jsonRequested()) {
        m_out << path << ": ok — " << config->hosts.size() << " hosts, " << config->blue.hosts.size() << " blue, "
              << config->green.hosts.size() << " green, router " << routerTypeName(config->router.type) << " on " << config->router.host << '\n';
    }
    return Ok;
}

int CliRunner::status(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("status"));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    EventPrinter printer(m_out, m_err, common->json);
    QEventLoop loop;
    int code = Ok;
    std::optional<FleetSnapshot> fleet;
    std::optional<RecoveryReport> recovery;
    const auto printWhenBoth = [&] {
        if (!fleet || !recovery)
            return;
        printer.fleet(*fleet, controller);
        if (recovery->needsAttention())
            printer.recovery(*recovery);
        code = fleet->routerOk ? Ok : Unreachable;
        if (!fleet->routerOk) {
            m_err << "greenlight status: the router cannot be read: " << fleet->routerError << '\n';
            m_err.flush();
        }
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

int CliRunner::plan(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("plan"));
    if (const auto stop = begin(args, words))
        return *stop;
    const QString version = args.positionals().first();
    if (const QString problem = versionArgumentProblem(version); !problem.isEmpty())
        return refuse(args, problem);
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    DeploymentController controller(common->config, common->policy, std::make_shared<AskpassInteraction>());
    QString why; // the plan depends on which colour is live
    const auto live = readLiveColour(controller, why);
    if (!live)
        return fail(args, controller.fleet().routerOk ? Split : Unreachable, QStringLiteral("no plan: %1").arg(why));
    const QList<DeployPlan::Step> steps = DeployPlan::build(controller.config(), controller.router(), *live, version);
    for (const DeployPlan::Step &step : steps) {
        if (common->json) {
            printJsonLine(m_out, planJson(version, colourName(*live), step.stage, step.where, step.what));
        } else {
            m_out << QStringLiteral("%1 %2 %3").arg(step.stage, -10).arg(step.where, -10).arg(step.what) << '\n';
        }
    }
    return Ok;
}

int CliRunner::history(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("history"));
    if (const auto stop = begin(args, words))
        return *stop;
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    const DeploymentConfig &config = common->config;
    Journal journal(config.journalPath.isEmpty() ? Journal::defaultPath(config.name) : config.journalPath);
    QList<QJsonObject> entries;
    for (const QJsonObject &e : journal.readAll()) {
        const QString kind = e.value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("start") || kind == QLatin1String("end") || kind == QLatin1String("switch"))
            entries << e;
    }
    const qsizetype recorded = entries.size();
    entries = entries.mid(std::max<qsizetype>(0, entries.size() - args.number(QStringLiteral("limit"))));
    for (const QJsonObject &e : std::as_const(entries)) {
        if (common->json) {
            printJsonLine(m_out, historyJson(e));
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
    if (common->json)
        printJsonLine(m_out, historyEndJson(journal.path(), entries.size(), recorded));
    else if (entries.isEmpty())
        m_out << "no deployments recorded in " << journal.path() << '\n';
    else if (recorded > entries.size())
        m_out << "(the newest " << entries.size() << " of " << recorded << "; --limit N shows more)\n";
    return Ok;
}

int CliRunner::lab(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("lab"));
    if (const auto stop = begin(args, words))
        return *stop;
    LabOptions options;
    options.router = routerTypeFromName(args.value(QStringLiteral("router"))).value_or(RouterType::Haproxy);
    options.hostsPerColour = args.number(QStringLiteral("hosts-per-colour"));
    options.trafficRps = args.number(QStringLiteral("rps"));
    Lab lab;
    if (const Status s = lab.start(options); !s) {
        m_err << "greenlight: the lab did not start: " << s.error() << '\n';
        return Failed;
    }
    m_out << "lab running in " << lab.rootDir() << '\n'
          << "deployment file: " << lab.configPath() << '\n'
          << "router: " << lab.frontendUrl() << '\n';
    if (!lab.dnsServer().isEmpty())
        m_out << "the name is answered by " << routerTypeName(options.router) << " at " << lab.dnsServer() << '\n';
    m_out << "stop with Ctrl+C (or SIGTERM); everything the lab started stops with it\n";
    m_out.flush();
    UnixSignals unixSignals;
    QEventLoop loop;
    QObject::connect(&unixSignals, &UnixSignals::received, &loop, &QEventLoop::quit);
    loop.exec();
    lab.stop();
    return Ok;
}

} // namespace greenlight
