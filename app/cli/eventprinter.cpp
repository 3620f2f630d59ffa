#include "eventprinter.h"

#include "controller/deploymentcontroller.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace greenlight {

namespace {
QString mark(StepState s)
{
    switch (s) {
    case StepState::Succeeded: return QStringLiteral("ok  ");
    case StepState::Failed: return QStringLiteral("FAIL");
    case StepState::Cancelled: return QStringLiteral("STOP");
    case StepState::Skipped: return QStringLiteral("skip");
    case StepState::Running: return QStringLiteral("... ");
    case StepState::Pending: return QStringLiteral("    ");
    }
    return {};
}

void printJson(QTextStream &out, const QJsonObject &o)
{
    out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << '\n';
    out.flush();
}
} // namespace

void EventPrinter::event(const PipelineEvent &e)
{
    if (e.kind == PipelineEvent::Kind::Progress)
        return; // a wait's progress, once a second: not a line of the log
    if (m_json) {
        QJsonObject o{{QStringLiteral("type"), e.kind == PipelineEvent::Kind::Stage ? QStringLiteral("stage") : QStringLiteral("step")},
                      {QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs)},
                      {QStringLiteral("stage"), e.stage},
                      {QStringLiteral("state"), stepStateName(e.state)}};
        if (!e.step.isEmpty())
            o.insert(QStringLiteral("step"), e.step);
        if (!e.host.isEmpty())
            o.insert(QStringLiteral("host"), e.host);
        if (!e.message.isEmpty())
            o.insert(QStringLiteral("message"), e.message);
        if (e.durationMs > 0)
            o.insert(QStringLiteral("duration_ms"), e.durationMs);
        printJson(m_out, o);
        return;
    }
    QString what = e.kind == PipelineEvent::Kind::Stage ? e.stage.toUpper() : QStringLiteral("  ") + e.step;
    if (!e.host.isEmpty())
        what += QStringLiteral(" @ ") + e.host;
    m_out << e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")) << "  " << mark(e.state) << "  " << what;
    if (e.durationMs > 0 && e.state != StepState::Running)
        m_out << " (" << e.durationMs << " ms)";
    if (!e.message.isEmpty())
        m_out << " — " << e.message;
    m_out << '\n';
    m_out.flush();
}

void EventPrinter::logLine(const QString &host, const QString &tag, OutputStream stream, const QString &line)
{
    if (m_json) {
        printJson(m_out, {{QStringLiteral("type"), QStringLiteral("log")}, {QStringLiteral("host"), host}, {QStringLiteral("tag"), tag},
                          {QStringLiteral("stream"), stream == OutputStream::Stderr ? QStringLiteral("stderr") : QStringLiteral("stdout")},
                          {QStringLiteral("line"), line}});
        return;
    }
    m_out << "                      " << host << (stream == OutputStream::Stderr ? " ! " : " | ") << line << '\n';
    m_out.flush();
}

void EventPrinter::outcome(const QString &what, const PipelineOutcome &o)
{
    if (m_json) {
        printJson(m_out, {{QStringLiteral("type"), QStringLiteral("result")}, {QStringLiteral("operation"), what},
                          {QStringLiteral("succeeded"), o.succeeded}, {QStringLiteral("rolled_back"), o.rolledBack},
                          {QStringLiteral("failed_stage"), o.failedStage}, {QStringLiteral("version"), o.version},
                          {QStringLiteral("from"), o.fromColour}, {QStringLiteral("to"), o.toColour},
                          {QStringLiteral("code"), errorCodeName(o.code)}, {QStringLiteral("message"), o.message}});
        return;
    }
    m_out << '\n' << (o.succeeded ? "SUCCESS: " : "FAILED: ") << o.message << '\n';
    m_out.flush();
}

void EventPrinter::fleet(const FleetSnapshot &f, const DeploymentController &controller)
{
    const auto live = f.liveColour();
    if (m_json) {
        QJsonArray hosts;
        for (const HostSnapshot &h : f.hosts) {
            // Where SSH really goes, after ssh_config (null until resolved).
            const SshRoute route = controller.hostStatus(h.name).route;
            const QJsonValue ssh = route.isResolved() ? QJsonValue(QJsonObject{
                                       {QStringLiteral("user"), route.user}, {QStringLiteral("address"), route.address},
                                       {QStringLiteral("port"), route.port}, {QStringLiteral("jump"), QJsonArray::fromStringList(route.jumps)},
                                       {QStringLiteral("resolved_by"), route.source}})
                                                      : QJsonValue();
            hosts.append(QJsonObject{{QStringLiteral("name"), h.name}, {QStringLiteral("colour"), colourName(h.colour)},
                                     {QStringLiteral("address"), h.address}, {QStringLiteral("version"), h.version},
                                     {QStringLiteral("error"), h.versionError}, {QStringLiteral("router_status"), h.routerStatus},
                                     {QStringLiteral("weight"), h.weight}, {QStringLiteral("ssh"), ssh}});
        }
        printJson(m_out, {{QStringLiteral("type"), QStringLiteral("status")},
                          {QStringLiteral("deployment"), controller.config().name},
                          {QStringLiteral("router_ok"), f.routerOk}, {QStringLiteral("router_error"), f.routerError},
                          {QStringLiteral("live"), live ? colourName(*live) : QString()},
                          {QStringLiteral("blue_percent"), f.routerOk ? f.router.percent(Colour::Blue) : 0},
                          {QStringLiteral("green_percent"), f.routerOk ? f.router.percent(Colour::Green) : 0},
                          {QStringLiteral("hosts"), hosts}});
        return;
    }
    m_out << "deployment " << controller.config().name << '\n';
    if (!f.routerOk)
        m_out << "router     UNREACHABLE: " << f.routerError << '\n';
    else
        m_out << "router     " << f.router.describe() << (live ? QStringLiteral(" — %1 is live").arg(colourName(*live).toUpper())
                                                              : QStringLiteral(" — traffic is split")) << '\n';
    m_out << '\n' << QStringLiteral("%1 %2 %3 %4 %5").arg(QStringLiteral("HOST"), -12).arg(QStringLiteral("COLOUR"), -7)
                         .arg(QStringLiteral("VERSION"), -14).arg(QStringLiteral("ROUTER"), -12).arg(QStringLiteral("SSH"))
          << '\n';
    for (const HostSnapshot &h : f.hosts) {
        const HostStatus ssh = controller.hostStatus(h.name);
        const QString router = f.routerOk ? QStringLiteral("%1 w%2").arg(h.routerStatus).arg(h.weight) : QStringLiteral("?");
        const QString sshText = h.versionError.isEmpty() ? hostStateName(ssh.state) : h.versionError;
        m_out << QStringLiteral("%1 %2 %3 %4 %5").arg(h.name, -12).arg(colourName(h.colour), -7)
                     .arg(h.version.isEmpty() ? QStringLiteral("?") : h.version, -14).arg(router, -12).arg(sshText)
              << '\n';
    }
    m_out.flush();
}

} // namespace greenlight

namespace greenlight {

void EventPrinter::recovery(const RecoveryReport &r)
{
    if (m_json && r.running) {
        printJson(m_out, {{QStringLiteral("type"), QStringLiteral("running_deploy")}, {QStringLiteral("stage"), r.lastStage},
                          {QStringLiteral("lock_holder"), r.lockHolder}, {QStringLiteral("heartbeat_age_s"), r.heartbeatAgeS},
                          {QStringLiteral("summary"), r.summary}});
        return;
    }
    if (m_json && r.deadLock) {
        printJson(m_out, {{QStringLiteral("type"), QStringLiteral("dead_lock")}, {QStringLiteral("last_stage"), r.lastStage},
                          {QStringLiteral("router"), r.routerState}, {QStringLiteral("lock_holder"), r.lockHolder},
                          {QStringLiteral("heartbeat_age_s"), r.heartbeatAgeS}, {QStringLiteral("summary"), r.summary}});
        return;
    }
    if (m_json) {
        printJson(m_out, {{QStringLiteral("type"), QStringLiteral("interrupted_deploy")}, {QStringLiteral("version"), r.version},
                          {QStringLiteral("from"), r.fromColour}, {QStringLiteral("to"), r.toColour},
                          {QStringLiteral("last_stage"), r.lastStage}, {QStringLiteral("router"), r.routerState},
                          {QStringLiteral("lock_holder"), r.lockHolder}, {QStringLiteral("summary"), r.summary}});
        return;
    }
    m_out << (r.running ? "\nDEPLOY RUNNING: " : r.deadLock ? "\nDEAD LOCK: " : "\nINTERRUPTED DEPLOY: ") << r.summary << '\n';
    m_out.flush();
}

void EventPrinter::follow(DeploymentController &controller)
{
    // The controller as context: events from the pipeline's thread are printed on this one, in
    // order, so two threads never write the same stream (TSan found it).
    QObject::connect(&controller, &DeploymentController::pipelineEvent, &controller, [this](const PipelineEvent &e) { event(e); });
    QObject::connect(&controller, &DeploymentController::logLine, &controller,
                     [this](const QString &h, const QString &t, OutputStream s, const QString &l) { logLine(h, t, s, l); });
}

} // namespace greenlight
