#include "jsonlines.h"

#include "config/deploymentconfig.h"
#include "ssh/sshtypes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace greenlight {

namespace {

QString commandErrorName(CommandError e)
{
    switch (e) {
    case CommandError::None: return {};
    case CommandError::Connect: return QStringLiteral("connect");
    case CommandError::Channel: return QStringLiteral("channel");
    case CommandError::TimedOut: return QStringLiteral("timed_out");
    case CommandError::Cancelled: return QStringLiteral("cancelled");
    case CommandError::ConnectionLost: return QStringLiteral("connection_lost");
    }
    return {};
}

QJsonValue boolOrNull(const QJsonValue &v)
{
    return v.isBool() ? v : QJsonValue(QJsonValue::Null);
}

QJsonObject sshJson(const HostStatus &s)
{
    // Where SSH really goes, after ssh_config: null until resolved.
    const SshRoute &r = s.route;
    const QJsonValue route = r.isResolved() ? QJsonValue(QJsonObject{{QStringLiteral("user"), r.user},
                                                                     {QStringLiteral("address"), r.address},
                                                                     {QStringLiteral("port"), r.port},
                                                                     {QStringLiteral("jump"), QJsonArray::fromStringList(r.jumps)},
                                                                     {QStringLiteral("resolved_by"), r.source}})
                                            : QJsonValue();
    return {{QStringLiteral("state"), hostStateName(s.state)}, {QStringLiteral("reason"), s.reason}, {QStringLiteral("route"), route}};
}

} // namespace

void printJsonLine(QTextStream &out, const QJsonObject &object)
{
    out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << '\n';
    out.flush();
}

QJsonObject eventJson(const PipelineEvent &e)
{
    // A Log event of the pipeline (a gate reading, a journal warning) is a note: `log` is a
    // remote command's output line.
    const QString type = e.kind == PipelineEvent::Kind::Stage ? QStringLiteral("stage")
                         : e.kind == PipelineEvent::Kind::Step ? QStringLiteral("step")
                                                                : QStringLiteral("note");
    return {{QStringLiteral("type"), type},
            {QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs)},
            {QStringLiteral("stage"), e.stage},
            {QStringLiteral("step"), e.step},
            {QStringLiteral("host"), e.host},
            {QStringLiteral("state"), stepStateName(e.state)},
            {QStringLiteral("message"), e.message},
            {QStringLiteral("duration_ms"), e.durationMs},
            {QStringLiteral("wait_ms"), e.waitMs}};
}

QJsonObject logJson(const QString &host, const QString &tag, OutputStream stream, const QString &line)
{
    return {{QStringLiteral("type"), QStringLiteral("log")},
            {QStringLiteral("host"), host},
            {QStringLiteral("tag"), tag},
            {QStringLiteral("stream"), stream == OutputStream::Stderr ? QStringLiteral("stderr") : QStringLiteral("stdout")},
            {QStringLiteral("line"), line}};
}

QJsonObject resultJson(const QString &operation, const PipelineOutcome &o)
{
    return {{QStringLiteral("type"), QStringLiteral("result")},
            {QStringLiteral("operation"), operation},
            {QStringLiteral("succeeded"), o.succeeded},
            {QStringLiteral("rolled_back"), o.rolledBack},
            {QStringLiteral("failed_stage"), o.failedStage},
            {QStringLiteral("version"), o.version},
            {QStringLiteral("from"), o.fromColour},
            {QStringLiteral("to"), o.toColour},
            {QStringLiteral("code"), errorCodeName(o.code)},
            {QStringLiteral("message"), o.message}};
}

QJsonObject errorJson(const QString &command, int exitCode, const QString &message)
{
    return {{QStringLiteral("type"), QStringLiteral("error")},
            {QStringLiteral("command"), command},
            {QStringLiteral("exit_code"), exitCode},
            {QStringLiteral("message"), message}};
}

QJsonObject statusJson(const FleetSnapshot &f, const DeploymentConfig &config, const std::function<HostStatus(const QString &)> &sshOf)
{
    const auto live = f.liveColour();
    QJsonArray hosts;
    for (const HostSnapshot &h : f.hosts) {
        hosts.append(QJsonObject{{QStringLiteral("name"), h.name},
                                 {QStringLiteral("colour"), colourName(h.colour)},
                                 {QStringLiteral("address"), h.address},
                                 {QStringLiteral("ssh"), sshJson(sshOf(h.name))},
                                 {QStringLiteral("version"), h.version},
                                 {QStringLiteral("error"), h.versionError},
                                 {QStringLiteral("router_status"), h.routerStatus},
                                 {QStringLiteral("weight"), h.weight}});
    }
    const auto routerHost = config.host(config.router.host);
    const QJsonObject router{{QStringLiteral("type"), routerTypeName(config.router.type)},
                             {QStringLiteral("host"), config.router.host},
                             {QStringLiteral("address"), routerHost ? routerHost->address : QString()},
                             {QStringLiteral("ssh"), sshJson(sshOf(config.router.host))},
                             {QStringLiteral("ok"), f.routerOk},
                             {QStringLiteral("error"), f.routerError},
                             {QStringLiteral("frontend_url"), config.router.frontendUrl}};
    return {{QStringLiteral("type"), QStringLiteral("status")},
            {QStringLiteral("deployment"), config.name},
            {QStringLiteral("router_ok"), f.routerOk},
            {QStringLiteral("router_error"), f.routerError},
            {QStringLiteral("live"), live ? colourName(*live) : QString()},
            {QStringLiteral("blue_percent"), f.routerOk ? f.router.percent(Colour::Blue) : 0},
            {QStringLiteral("green_percent"), f.routerOk ? f.router.percent(Colour::Green) : 0},
            {QStringLiteral("router"), router},
            {QStringLiteral("hosts"), hosts}};
}

QJsonObject recoveryJson(const RecoveryReport &r)
{
    const QString type = r.running ? QStringLiteral("running_deploy") : r.deadLock ? QStringLiteral("dead_lock") : QStringLiteral("interrupted_deploy");
    return {{QStringLiteral("type"), type},
            {QStringLiteral("version"), r.version},
            {QStringLiteral("from"), r.fromColour},
            {QStringLiteral("to"), r.toColour},
            {QStringLiteral("stage"), r.lastStage},
            {QStringLiteral("last_stage"), r.lastStage},
            {QStringLiteral("router"), r.routerState},
            {QStringLiteral("lock_holder"), r.lockHolder},
            {QStringLiteral("heartbeat_age_s"), r.heartbeatAgeS},
            {QStringLiteral("summary"), r.summary}};
}

QJsonObject execResultJson(int round, const CommandResult &r)
{
    return {{QStringLiteral("type"), QStringLiteral("exec_result")},
            {QStringLiteral("round"), round},
            {QStringLiteral("host"), r.host},
            {QStringLiteral("ok"), r.ok()},
            {QStringLiteral("skipped"), false},
            {QStringLiteral("exit_code"), r.error == CommandError::None && r.exitSignal.isEmpty() ? QJsonValue(r.exitCode) : QJsonValue()},
            {QStringLiteral("signal"), r.exitSignal},
            {QStringLiteral("error"), commandErrorName(r.error)},
            {QStringLiteral("message"), r.ok() ? QString() : r.summary()},
            {QStringLiteral("duration_ms"), r.durationMs}};
}

QJsonObject execSkippedJson(int round, const QString &host)
{
    return {{QStringLiteral("type"), QStringLiteral("exec_result")},
            {QStringLiteral("round"), round},
            {QStringLiteral("host"), host},
            {QStringLiteral("ok"), false},
            {QStringLiteral("skipped"), true},
            {QStringLiteral("exit_code"), QJsonValue()},
            {QStringLiteral("signal"), QString()},
            {QStringLiteral("error"), QStringLiteral("skipped")},
            {QStringLiteral("message"), QStringLiteral("%1: skipped (an earlier batch failed)").arg(host)},
            {QStringLiteral("duration_ms"), 0}};
}

QJsonObject execRoundJson(int round, qsizetype hosts, qsizetype failed, qsizetype skipped, qint64 ms)
{
    return {{QStringLiteral("type"), QStringLiteral("exec_round")},
            {QStringLiteral("round"), round},
            {QStringLiteral("hosts"), hosts},
            {QStringLiteral("failed"), failed},
            {QStringLiteral("skipped"), skipped},
            {QStringLiteral("duration_ms"), ms}};
}

QJsonObject planJson(const QString &version, const QString &live, const QString &stage, const QString &where, const QString &what)
{
    return {{QStringLiteral("type"), QStringLiteral("plan")},
            {QStringLiteral("version"), version},
            {QStringLiteral("live"), live},
            {QStringLiteral("stage"), stage},
            {QStringLiteral("where"), where},
            {QStringLiteral("what"), what}};
}

QJsonObject historyJson(const QJsonObject &record)
{
    const auto text = [&](const char *key) { return record.value(QLatin1String(key)).toString(); };
    return {{QStringLiteral("type"), QStringLiteral("history")},
            {QStringLiteral("kind"), text("kind")},
            {QStringLiteral("time"), text("time")},
            {QStringLiteral("operator"), text("operator")},
            {QStringLiteral("run"), text("run")},
            {QStringLiteral("version"), text("version")},
            {QStringLiteral("from"), text("from")},
            {QStringLiteral("to"), text("to")},
            {QStringLiteral("succeeded"), boolOrNull(record.value(QStringLiteral("succeeded")))},
            {QStringLiteral("rolled_back"), boolOrNull(record.value(QStringLiteral("rolled_back")))},
            {QStringLiteral("reason"), text("reason")},
            {QStringLiteral("message"), text("message")}};
}

QJsonObject historyEndJson(const QString &journal, qsizetype shown, qsizetype recorded)
{
    return {{QStringLiteral("type"), QStringLiteral("history_end")},
            {QStringLiteral("journal"), journal},
            {QStringLiteral("shown"), shown},
            {QStringLiteral("recorded"), recorded}};
}

QJsonObject signalJson(const QString &signal, const QString &message)
{
    return {{QStringLiteral("type"), QStringLiteral("signal")},
            {QStringLiteral("signal"), signal},
            {QStringLiteral("confirmed"), true},
            {QStringLiteral("message"), message}};
}

QJsonObject validateJson(const QString &file, const DeploymentConfig *config, const QString &problems)
{
    QJsonArray list;
    for (const QString &p : problems.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        list.append(p);
    return {{QStringLiteral("type"), QStringLiteral("validate")},
            {QStringLiteral("file"), file},
            {QStringLiteral("ok"), config != nullptr},
            {QStringLiteral("deployment"), config ? config->name : QString()},
            {QStringLiteral("hosts"), config ? config->hosts.size() : 0},
            {QStringLiteral("blue_hosts"), config ? config->blue.hosts.size() : 0},
            {QStringLiteral("green_hosts"), config ? config->green.hosts.size() : 0},
            {QStringLiteral("router"), config ? routerTypeName(config->router.type) : QString()},
            {QStringLiteral("router_host"), config ? config->router.host : QString()},
            {QStringLiteral("problems"), list}};
}

} // namespace greenlight
