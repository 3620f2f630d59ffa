#include "configreader.h"

#include "config/awsrouterreader.h"
#include "config/dnsrouterreader.h"
#include "config/objectreader.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace greenlight {

using json = nlohmann::json;
using namespace configlimits;

namespace {

// In the pipeline's order (kStageKinds).
const QStringList kStageNames = stageKindNames();
const QStringList kGateMetrics = {QStringLiteral("error_rate"), QStringLiteral("p50_ms"), QStringLiteral("p95_ms"), QStringLiteral("p99_ms")};
// In GateConfig::Source's order.
const QStringList kGateSources = {QStringLiteral("both"), QStringLiteral("traffic"), QStringLiteral("probes")};
const QStringList kPlaceholders = {QStringLiteral("version"), QStringLiteral("host"), QStringLiteral("colour")};

class Reader final
{
public:
    Reader(ProblemList &problems, QString baseDir) : m_problems(problems), m_baseDir(std::move(baseDir)) {}

    DeploymentConfig read(const json &root)
    {
        DeploymentConfig config;
        ObjectReader top(root, QString(), m_problems);
        config.name = top.string("name", true);
        if (config.name.size() > kMaxNameLength)
            problem(QStringLiteral("/name"), QStringLiteral("a name of %1 characters; at most %2 are allowed").arg(config.name.size()).arg(kMaxNameLength));
        config.journalPath = resolvePath(top.string("journal", false));
        config.tlsCaFile = resolvePath(top.string("tls_ca_file", false));
        if (const json *ssh = top.child("ssh", json::value_t::object, false))
            config.ssh = readSsh(*ssh);
        if (const json *hosts = top.child("hosts", json::value_t::object, true))
            config.hosts = readHosts(*hosts);
        if (const json *envs = top.child("environments", json::value_t::object, true)) {
            ObjectReader er(*envs, QStringLiteral("/environments"), m_problems);
            if (const json *b = er.child("blue", json::value_t::object, true))
                config.blue = readEnvironment(*b, Colour::Blue);
            if (const json *g = er.child("green", json::value_t::object, true))
                config.green = readEnvironment(*g, Colour::Green);
            er.rejectUnknownKeys();
        }
        if (const json *router = top.child("router", json::value_t::object, true))
            config.router = readRouter(*router);
        if (const json *hooks = top.child("hooks", json::value_t::object, false)) {
            ObjectReader hr(*hooks, QStringLiteral("/hooks"), m_problems);
            if (const json *pre = hr.child("pre_deploy", json::value_t::array, false))
                config.preDeployHooks = readHooks(*pre, QStringLiteral("/hooks/pre_deploy"));
            if (const json *post = hr.child("post_deploy", json::value_t::array, false))
                config.postDeployHooks = readHooks(*post, QStringLiteral("/hooks/post_deploy"));
            for (const QString &stage : kStageNames) {
                for (const QString &when : {QStringLiteral("before_"), QStringLiteral("after_")}) {
                    const QString key = when + stage;
                    if (const json *list = hr.child(key.toLatin1().constData(), json::value_t::array, false))
                        config.stageHooks.insert(key, readHooks(*list, QStringLiteral("/hooks/") + key));
                }
            }
            hr.rejectUnknownKeys();
        }
        if (const json *gates = top.child("gates", json::value_t::array, false))
            config.gates = readGates(*gates, config.router);
        if (const json *pipeline = top.child("pipeline", json::value_t::array, false))
            config.pipeline = readPipeline(*pipeline);
        else
            config.pipeline = defaultPipeline();
        top.rejectUnknownKeys();
        // A hook around a stage the pipeline does not run would never run: say so.
        for (auto it = config.stageHooks.cbegin(); it != config.stageHooks.cend(); ++it) {
            const QString stage = it.key().section(QLatin1Char('_'), 1);
            const auto index = kStageNames.indexOf(stage);
            if (index >= 0 && !config.stage(kStageKinds.at(static_cast<std::size_t>(index))))
                problem(QStringLiteral("/hooks/") + it.key(), QStringLiteral("the pipeline has no \"%1\" stage, so this hook would never run").arg(stage));
        }
        crossCheck(config);
        if (!m_hostsUnread)
            checkDnsRouter(config, m_weightsPointer, m_problems);
        checkAwsRouter(config, m_weightsPointer, m_problems);
        return config;
    }

private:
    void problem(const QString &pointer, const QString &message)
    {
        m_problems.add(pointer, message);
    }

    QString hint(const QString &word, const QStringList &candidates) const
    {
        // Hints for the first problems only: each costs up to ~1000 edit distances.
        constexpr qsizetype kHintedProblems = 10;
        const QString match = m_problems.size() >= kHintedProblems ? QString() : closestMatch(word, candidates);
        return match.isEmpty() ? QString() : QStringLiteral(" (did you mean \"%1\"?)").arg(match);
    }

    bool tooMany(const QString &pointer, const json &array, qsizetype maximum)
    {
        if (static_cast<qsizetype>(array.size()) <= maximum)
            return false;
        problem(pointer, QStringLiteral("has %1 entries; at most %2 are allowed").arg(array.size()).arg(maximum));
        return true;
    }

    QString resolvePath(const QString &path) const
    {
        if (path.isEmpty())
            return path;
        if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
            return QDir::homePath() + path.mid(1);
        return QDir(m_baseDir).absoluteFilePath(path);
    }

    SshSettings readSsh(const json &object)
    {
        ObjectReader r(object, QStringLiteral("/ssh"), m_problems);
        SshSettings s;
        s.user = r.string("user", false);
        s.identityFile = resolvePath(r.string("identity_file", false));
        s.knownHostsFile = resolvePath(r.string("known_hosts", false));
        s.connectTimeoutS = r.integer("connect_timeout_s", 1, 600, s.connectTimeoutS);
        s.keepaliveS = r.integer("keepalive_s", 0, 3600, s.keepaliveS);
        s.connectTimeoutSet = object.is_object() && object.contains("connect_timeout_s");
        s.keepaliveSet = object.is_object() && object.contains("keepalive_s");
        s.useSshConfig = r.boolean("use_ssh_config", s.useSshConfig);
        s.sshConfigFile = resolvePath(r.string("config_file", false));
        r.rejectUnknownKeys();
        return s;
    }

    HttpVia readHttpVia(ObjectReader &r)
    {
        const QString via = r.string("http_via", false, QStringLiteral("auto"));
        const QStringList names = {QStringLiteral("auto"), QStringLiteral("direct"), QStringLiteral("ssh")};
        const auto index = names.indexOf(via);
        if (index < 0) {
            problem(r.pointerOf("http_via"), QStringLiteral("unsupported http_via \"%1\"%2; supported: \"%3\"")
                                                 .arg(via, hint(via, names), names.join(QStringLiteral("\", \""))));
        }
        return index <= 0 ? HttpVia::Auto : static_cast<HttpVia>(index);
    }

    QList<HostConfig> readHosts(const json &object)
    {
        QList<HostConfig> hosts;
        if (static_cast<qsizetype>(object.size()) > kMaxHosts) {
            problem(QStringLiteral("/hosts"), QStringLiteral("has %1 hosts; at most %2 are allowed").arg(object.size()).arg(kMaxHosts));
            m_hostsUnread = true; // no "not defined" for every use of them
            return hosts;
        }
        // Anchored at both ends of the whole name: '$' alone would accept "g1\n".
        static const QRegularExpression namePattern(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9][A-Za-z0-9._-]*")));
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString name = QString::fromStdString(it.key());
            const QString pointer = QStringLiteral("/hosts/") + escapePointerToken(name);
            if (name.size() > kMaxNameLength)
                problem(pointer, QStringLiteral("a host name of %1 characters; at most %2 are allowed").arg(name.size()).arg(kMaxNameLength));
            else if (!namePattern.match(name).hasMatch())
                problem(pointer, QStringLiteral("host names may use letters, digits, '.', '_' and '-' only (and start with a letter or digit)"));
            ObjectReader r(it.value(), pointer, m_problems);
            HostConfig h;
            h.name = name;
            h.address = r.string("address", true);
            h.port = r.integer("port", 1, 65535, h.port);
            h.user = r.string("user", false);
            h.httpVia = readHttpVia(r);
            r.rejectUnknownKeys();
            hosts << h;
        }
        if (hosts.isEmpty())
            problem(QStringLiteral("/hosts"), QStringLiteral("must name at least one host"));
        return hosts;
    }

    void checkPlaceholders(const QString &pointer, const QString &command, bool needsVersion)
    {
        static const QRegularExpression placeholder(QStringLiteral("\\{([^}]*)\\}"));
        for (const auto &m : placeholder.globalMatch(command)) {
            if (!kPlaceholders.contains(m.captured(1))) {
                problem(pointer, QStringLiteral("unknown placeholder {%1}; known: {version}, {host}, {colour}").arg(m.captured(1)));
            }
        }
        if (needsVersion && !command.contains(QLatin1String("{version}")))
            problem(pointer, QStringLiteral("must contain the {version} placeholder"));
    }

    EnvironmentConfig readEnvironment(const json &object, Colour colour)
    {
        const QString base = QStringLiteral("/environments/") + colourName(colour);
        ObjectReader r(object, base, m_problems);
        EnvironmentConfig e;
        e.colour = colour;
        e.hosts = r.stringList("hosts", true, kMaxHosts);
        e.appPort = r.integer("app_port", 1, 65535, e.appPort, true);
        e.appScheme = r.string("app_scheme", false, e.appScheme);
        if (e.appScheme != QLatin1String("http") && e.appScheme != QLatin1String("https"))
            problem(r.pointerOf("app_scheme"), QStringLiteral("unsupported app_scheme \"%1\"; supported: \"http\", \"https\"").arg(e.appScheme));
        e.healthPath = r.string("health_path", false, e.healthPath);
        e.versionPath = r.string("version_path", false, e.versionPath);
        e.requestsPath = r.string("requests_path", false);
        e.versionCommand = r.command("version_command", true);
        e.deployCommand = r.command("deploy_command", true);
        for (const auto &[key, value] : {std::pair{"health_path", e.healthPath}, std::pair{"version_path", e.versionPath},
                                         std::pair{"requests_path", e.requestsPath.isEmpty() ? QStringLiteral("/") : e.requestsPath}}) {
            if (!value.startsWith(QLatin1Char('/')))
                problem(r.pointerOf(key), QStringLiteral("must start with '/'"));
        }
        checkPlaceholders(r.pointerOf("deploy_command"), e.deployCommand, true);
        checkPlaceholders(r.pointerOf("version_command"), e.versionCommand, false);
        r.rejectUnknownKeys();
        return e;
    }

    RouterConfig readRouter(const json &object)
    {
        ObjectReader r(object, QStringLiteral("/router"), m_problems);
        RouterConfig c;
        const QString type = r.string("type", true);
        const QStringList types = {QStringLiteral("haproxy"), QStringLiteral("nginx"), QStringLiteral("command"), QStringLiteral("pdns"),
                                   QStringLiteral("rfc2136"), QStringLiteral("route53"), QStringLiteral("alb"), QStringLiteral("beanstalk")};
        const auto typeIndex = types.indexOf(type);
        if (typeIndex < 0 && !type.isEmpty()) {
            problem(r.pointerOf("type"), QStringLiteral("unsupported router \"%1\"%2; supported: \"%3\"")
                                             .arg(type, hint(type, types), types.join(QStringLiteral("\", \""))));
        }
        c.type = typeIndex < 0 ? RouterType::Haproxy : static_cast<RouterType>(typeIndex);
        c.host = r.string("host", true);
        c.backend = r.string("backend", false, c.backend);
        c.frontendUrl = r.string("frontend_url", true);
        c.liveWeight = r.integer("live_weight", 1, 256, c.liveWeight);
        c.lockPath = r.string("lock_path", false);
        c.journalPath = r.string("journal_path", false);
        const QUrl url(c.frontendUrl);
        const bool web = url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
        if (!c.frontendUrl.isEmpty() && (!url.isValid() || !web || url.host().isEmpty()))
            problem(r.pointerOf("frontend_url"), QStringLiteral("expected an http:// or https:// URL, found \"%1\"").arg(c.frontendUrl));

        // Each type has its own keys; a key of another type is a mistake worth naming.
        const bool haproxy = typeIndex == 0;
        const bool nginx = typeIndex == 1;
        const bool command = typeIndex == 2;
        const auto only = [&](const char *key, bool applies, const char *typeName) {
            if (!applies && typeIndex >= 0 && object.contains(key))
                problem(r.pointerOf(key), QStringLiteral("applies only to \"type\": \"%1\"").arg(QLatin1String(typeName)));
        };
        c.adminSocket = r.string("admin_socket", haproxy);
        only("admin_socket", haproxy, "haproxy");
        c.upstreamFile = r.string("upstream_file", nginx);
        c.upstreamDirectives = r.stringList("upstream_directives", false, kMaxListEntries);
        c.testCommand = r.command("test_command", false, c.testCommand);
        c.reloadCommand = r.command("reload_command", false, c.reloadCommand);
        c.pidFile = r.string("pid_file", false, c.pidFile);
        c.accessLog = r.string("access_log", false);
        for (const char *key : {"upstream_file", "upstream_directives", "test_command", "reload_command", "pid_file"})
            only(key, nginx, "nginx");
        if (!(nginx || haproxy) && typeIndex >= 0 && object.contains("access_log"))
            problem(r.pointerOf("access_log"), QStringLiteral("applies only to \"type\": \"nginx\" or \"haproxy\""));
        if (nginx && !c.upstreamFile.isEmpty() && !c.upstreamFile.startsWith(QLatin1Char('/')))
            problem(r.pointerOf("upstream_file"), QStringLiteral("must be an absolute path on the router host"));
        for (qsizetype i = 0; i < c.upstreamDirectives.size(); ++i) {
            if (c.upstreamDirectives.at(i).contains(QLatin1Char('}')) || c.upstreamDirectives.at(i).contains(QLatin1Char('\n')))
                problem(r.pointerOf("upstream_directives") + QStringLiteral("/%1").arg(i),
                        QStringLiteral("one directive per entry, without braces or new lines"));
        }
        c.readCommand = r.command("read_command", command);
        c.setCommand = r.command("set_command", command);
        for (const char *key : {"read_command", "set_command"})
            only(key, command, "command");
        readDnsRouterKeys(r, c, [this](const QString &path) { return resolvePath(path); });
        readAwsRouterKeys(r, object, c, typeIndex >= 0);
        const bool pdns = typeIndex == 3;
        const bool rfc2136 = typeIndex == 4;
        for (const char *key : {"server", "port", "zone", "name", "ttl"})
            only(key, pdns || rfc2136, "pdns\" or \"rfc2136");
        // The routers that switch in DNS: clients hold the old answer for up to its TTL.
        if (const int ttl = c.dnsTtl(); ttl > 0) {
            c.drainS = r.integer("drain_s", 0, kMaxDrainS, static_cast<int>(std::min<qint64>(2LL * ttl, kMaxDrainS)));
            if (c.drainS < ttl)
                problem(r.pointerOf("drain_s"), QStringLiteral("%1 s is shorter than the TTL (%2 s): clients would still be sent to a colour already stopped")
                                                    .arg(c.drainS).arg(ttl));
        }
        only("drain_s", c.dnsTtl() > 0, "pdns\", \"rfc2136\", \"route53\" or \"beanstalk");
        for (const char *key : {"api_url", "api_key_file", "api_key_env", "pick"})
            only(key, pdns, "pdns");
        for (const char *key : {"record_type", "blue_target", "green_target", "tsig_key_file", "nsupdate_command"})
            only(key, rfc2136, "rfc2136");
        if (command && !c.setCommand.isEmpty() && !c.setCommand.contains(QLatin1String("{percent}"))
            && !c.setCommand.contains(QLatin1String("{blue_percent}")))
            problem(r.pointerOf("set_command"), QStringLiteral("must use {percent} (with {colour}) or {blue_percent} and {green_percent}"));
        r.rejectUnknownKeys();
        return c;
    }

    QList<StageConfig> readPipeline(const json &array)
    {
        QList<StageConfig> stages;
        if (tooMany(QStringLiteral("/pipeline"), array, kStageNames.size()))
            return stages;
        int lastIndex = -1;
        for (size_t i = 0; i < array.size(); ++i) {
            const QString pointer = QStringLiteral("/pipeline/%1").arg(i);
            ObjectReader r(array[i], pointer, m_problems);
            if (!r.isObject())
                continue;
            const QString name = r.string("stage", true);
            const auto index = kStageNames.indexOf(name);
            StageConfig s;
            if (index < 0 && !name.isEmpty()) {
                problem(r.pointerOf("stage"), QStringLiteral("unknown stage \"%1\"%2; stages: %3")
                                                  .arg(name, hint(name, kStageNames), kStageNames.join(QStringLiteral(", "))));
            } else if (index >= 0) {
                if (index <= lastIndex)
                    problem(r.pointerOf("stage"), QStringLiteral("stage \"%1\" is out of order or repeated; order: %2").arg(name, kStageNames.join(QStringLiteral(", "))));
                lastIndex = static_cast<int>(index);
                s.kind = kStageKinds.at(static_cast<std::size_t>(index));
            }
            s.timeoutS = r.integer("timeout_s", 1, 86400, s.timeoutS);
            s.retries = r.integer("retries", 0, 100, s.retries);
            if (s.kind == StageKind::Shift) {
                s.weights = readWeights(r);
                if (array[i].contains("weights"))
                    m_weightsPointer = r.pointerOf("weights");
                s.bakeS = r.integer("bake_s", 0, 86400, 0);
                s.noDataGraceS = r.integer("no_data_grace_s", 1, 3600, s.noDataGraceS);
                const QString promote = r.string("promote", false, QStringLiteral("auto"));
                if (promote != QLatin1String("auto") && promote != QLatin1String("manual"))
                    problem(r.pointerOf("promote"), QStringLiteral("expected \"auto\" or \"manual\", found \"%1\"").arg(promote));
                s.manualPromote = promote == QLatin1String("manual");
                s.promoteTimeoutS = r.integer("promote_timeout_s", 1, 7 * 86400, s.promoteTimeoutS);
            }
            if (s.kind == StageKind::Bake)
            {
                s.bakeS = r.integer("duration_s", 1, 86400, 60, true);
                s.noDataGraceS = r.integer("no_data_grace_s", 1, 3600, s.noDataGraceS);
            }
            if (s.kind == StageKind::Migrate) {
                s.command = r.command("command", true);
                s.backupCommand = r.command("backup_command", true);
                s.host = r.string("host", false);
                m_hookHosts.append({r.pointerOf("host"), s.host});
            }
            if (s.kind == StageKind::TestTraffic) {
                s.requests = r.integer("requests", 1, 100000, s.requests);
                if (const QStringList paths = r.stringList("paths", false, kMaxListEntries); !paths.isEmpty())
                    s.paths = paths;
                for (qsizetype p = 0; p < s.paths.size(); ++p) {
                    if (!s.paths.at(p).startsWith(QLatin1Char('/')))
                        problem(r.pointerOf("paths") + QStringLiteral("/%1").arg(p), QStringLiteral("must start with '/'"));
                }
                s.maxErrorRate = r.number("max_error_rate", s.maxErrorRate);
                if (s.maxErrorRate < 0 || s.maxErrorRate > 1)
                    problem(r.pointerOf("max_error_rate"), QStringLiteral("a fraction from 0 to 1 (0.01 = 1 %)"));
                s.maxP95Ms = r.integer("max_p95_ms", 0, 600000, s.maxP95Ms);
                s.smokeCommand = r.command("smoke_command", false);
                s.host = r.string("host", false);
                m_hookHosts.append({r.pointerOf("host"), s.host});
            }
            if (s.kind == StageKind::Finish) {
                s.keepWarmS = r.integer("keep_warm_s", 0, 30 * 86400, s.keepWarmS);
                s.cleanupCommand = r.command("cleanup_command", false);
            }
            if (s.kind == StageKind::Deploy) {
                s.maxParallel = r.integer("max_parallel", 0, 10000, s.maxParallel);
                s.batchPercent = r.integer("batch_percent", 1, 100, s.batchPercent);
            }
            if (s.kind == StageKind::Deploy || s.kind == StageKind::Finish) {
                const QString onFailure = r.string("on_failure", false, QStringLiteral("stop"));
                if (onFailure != QLatin1String("stop") && onFailure != QLatin1String("continue"))
                    problem(r.pointerOf("on_failure"), QStringLiteral("expected \"stop\" or \"continue\", found \"%1\"").arg(onFailure));
                s.continueOnFailure = onFailure == QLatin1String("continue");
            }
            r.rejectUnknownKeys();
            stages << s;
        }
        if (!std::any_of(stages.cbegin(), stages.cend(), [](const StageConfig &s) { return s.kind == StageKind::Deploy; }))
            problem(QStringLiteral("/pipeline"), QStringLiteral("has no \"deploy\" stage; a pipeline must deploy (leave \"pipeline\" out for deploy, verify, shift)"));
        return stages;
    }

    QList<HookConfig> readHooks(const json &array, const QString &base)
    {
        QList<HookConfig> hooks;
        if (tooMany(base, array, kMaxListEntries))
            return hooks;
        for (size_t i = 0; i < array.size(); ++i) {
            ObjectReader r(array[i], QStringLiteral("%1/%2").arg(base).arg(i), m_problems);
            if (!r.isObject())
                continue;
            HookConfig h;
            h.command = r.command("command", true);
            h.host = r.string("host", false);
            h.timeoutS = r.integer("timeout_s", 1, 86400, h.timeoutS);
            r.rejectUnknownKeys();
            m_hookHosts.append({r.pointerOf("host"), h.host});
            hooks << h;
        }
        return hooks;
    }

    QList<GateConfig> readGates(const json &array, const RouterConfig &router)
    {
        QList<GateConfig> gates;
        if (tooMany(QStringLiteral("/gates"), array, kMaxListEntries))
            return gates;
        for (size_t i = 0; i < array.size(); ++i) {
            ObjectReader r(array[i], QStringLiteral("/gates/%1").arg(i), m_problems);
            if (!r.isObject())
                continue;
            GateConfig g;
            const QString metric = r.string("metric", true);
            const auto index = kGateMetrics.indexOf(metric);
            if (index < 0 && !metric.isEmpty()) {
                problem(r.pointerOf("metric"), QStringLiteral("unknown metric \"%1\"%2; metrics: error_rate, p50_ms, p95_ms, p99_ms")
                                                   .arg(metric, hint(metric, kGateMetrics)));
            }
            g.metric = static_cast<GateConfig::Metric>(std::max<qsizetype>(index, 0));
            g.threshold = r.number("above", g.threshold, true);
            if (g.metric == GateConfig::Metric::ErrorRate && (g.threshold < 0 || g.threshold > 1))
                problem(r.pointerOf("above"), QStringLiteral("an error rate is a fraction from 0 to 1 (0.01 = 1 %)"));
            const QString source = r.string("source", false);
            if (!source.isEmpty() && g.metric == GateConfig::Metric::ErrorRate) {
                problem(r.pointerOf("source"), QStringLiteral("an error_rate gate takes no source: it judges probes and the router's "
                                                              "counted requests together; source is for p50_ms, p95_ms, p99_ms"));
            } else if (!source.isEmpty()) {
                const auto sourceIndex = kGateSources.indexOf(source);
                if (sourceIndex < 0)
                    problem(r.pointerOf("source"), QStringLiteral("unknown source \"%1\"%2; sources: both, traffic, probes")
                                                       .arg(source, hint(source, kGateSources)));
                g.source = static_cast<GateConfig::Source>(std::max<qsizetype>(sourceIndex, 0));
                // Without a log the gate would wait for samples that never come, and never judge.
                if (g.source == GateConfig::Source::Traffic && router.accessLog.isEmpty())
                    problem(r.pointerOf("source"), QStringLiteral("\"traffic\" needs the router's access log: set /router/access_log "
                                                                  "(nginx or haproxy), or use \"both\" or \"probes\""));
            }
            g.windowS = r.integer("window_s", 1, 3600, g.windowS);
            g.minSamples = r.integer("min_samples", 0, 1000000, g.minSamples);
            g.consecutive = r.integer("consecutive", 1, 1000, g.consecutive);
            r.rejectUnknownKeys();
            gates << g;
        }
        return gates;
    }

    QList<int> readWeights(ObjectReader &r)
    {
        QList<int> weights;
        const json *array = r.child("weights", json::value_t::array, false);
        if (!array)
            return {100};
        if (tooMany(r.pointerOf("weights"), *array, kMaxListEntries))
            return {100};
        int previous = 0;
        for (size_t i = 0; i < array->size(); ++i) {
            const QString pointer = r.pointerOf("weights") + QLatin1Char('/') + QString::number(i);
            const json &w = (*array)[i];
            if (!w.is_number_unsigned() || w.get<unsigned long long>() < 1 || w.get<unsigned long long>() > 100) {
                problem(pointer, QStringLiteral("expected a percentage from 1 to 100"));
                continue;
            }
            const int value = w.get<int>();
            if (value <= previous)
                problem(pointer, QStringLiteral("weights must increase; %1 follows %2").arg(value).arg(previous));
            previous = value;
            weights << value;
        }
        if (weights.isEmpty() || weights.last() != 100)
            problem(r.pointerOf("weights"), QStringLiteral("the last weight must be 100 (all traffic on the new colour)"));
        return weights;
    }

    static QList<StageConfig> defaultPipeline()
    {
        StageConfig deploy;
        deploy.kind = StageKind::Deploy;
        deploy.timeoutS = 120;
        StageConfig verify;
        verify.kind = StageKind::Verify;
        StageConfig shift;
        shift.kind = StageKind::Shift;
        shift.timeoutS = 30;
        shift.weights = {100};
        return {deploy, verify, shift};
    }

    // Linear in the hosts: set lookups, no list searched for each entry of another.
    void crossCheck(const DeploymentConfig &config)
    {
        if (m_hostsUnread)
            return;
        const QStringList knownList = config.allHostNames();
        const QSet<QString> known(knownList.cbegin(), knownList.cend());
        const QSet<QString> blue(config.blue.hosts.cbegin(), config.blue.hosts.cend());
        for (const EnvironmentConfig *env : {&config.blue, &config.green}) {
            const QString base = QStringLiteral("/environments/") + colourName(env->colour) + QStringLiteral("/hosts/");
            QSet<QString> listed;
            for (qsizetype i = 0; i < env->hosts.size(); ++i) {
                const QString &h = env->hosts.at(i);
                const QString pointer = base + QString::number(i);
                if (!known.contains(h))
                    problem(pointer, QStringLiteral("host \"%1\" is not defined under /hosts%2").arg(h, hint(h, knownList)));
                if (listed.contains(h))
                    problem(pointer, QStringLiteral("host \"%1\" is listed twice").arg(h));
                listed.insert(h);
                if (env->colour == Colour::Green && blue.contains(h))
                    problem(pointer, QStringLiteral("host \"%1\" is in both blue and green").arg(h));
                if (h == config.router.host)
                    problem(pointer, QStringLiteral("host \"%1\" is the router host; it cannot also serve a colour").arg(h));
            }
        }
        for (const auto &[pointer, host] : std::as_const(m_hookHosts)) {
            if (!host.isEmpty() && !known.contains(host))
                problem(pointer, QStringLiteral("host \"%1\" is not defined under /hosts").arg(host));
        }
        if (!config.router.host.isEmpty() && !known.contains(config.router.host))
            problem(QStringLiteral("/router/host"), QStringLiteral("host \"%1\" is not defined under /hosts").arg(config.router.host));
    }

    ProblemList &m_problems;
    bool m_hostsUnread = false;
    QString m_weightsPointer; // the shift stage's weights, when written
    QString m_baseDir;
    QList<QPair<QString, QString>> m_hookHosts; // pointer, host: checked once /hosts is known
};

} // namespace

DeploymentConfig readDeploymentConfig(const json &root, const QString &baseDir, ProblemList &problems)
{
    Reader reader(problems, baseDir);
    return reader.read(root);
}

} // namespace greenlight
