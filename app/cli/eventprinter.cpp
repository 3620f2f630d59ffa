#include "eventprinter.h"

#include "cli/jsonlines.h"
#include "cli/waitcountdown.h"
#include "controller/deploymentcontroller.h"

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
} // namespace

EventPrinter::EventPrinter(QTextStream &out, QTextStream &err, bool json)
    : m_out(out), m_err(err), m_json(json), m_wait(std::make_unique<WaitCountdown>(out, json, stdoutIsTerminal()))
{
}

EventPrinter::~EventPrinter() = default;

void EventPrinter::event(const PipelineEvent &e)
{
    if (e.kind == PipelineEvent::Kind::Progress) {
        m_wait->progress(e.progress); // a wait's progress, once a second: the countdown's, not a line of the log
        return;
    }
    if (m_wait->observe(e))
        return;
    m_wait->clearLine();
    if (m_json) {
        printJsonLine(m_out, eventJson(e));
        return;
    }
    // A note that something failed (the journal cannot be written) is a warning: stderr.
    QTextStream &to = e.kind == PipelineEvent::Kind::Log && e.state == StepState::Failed ? m_err : m_out;
    QString what = e.kind == PipelineEvent::Kind::Stage ? e.stage.toUpper() : QStringLiteral("  ") + e.step;
    if (!e.host.isEmpty())
        what += QStringLiteral(" @ ") + e.host;
    to << e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")) << "  " << mark(e.state) << "  " << what;
    if (e.durationMs > 0 && e.state != StepState::Running)
        to << " (" << e.durationMs << " ms)";
    if (!e.message.isEmpty())
        to << " — " << e.message;
    to << '\n';
    to.flush();
}

void EventPrinter::logLine(const QString &host, const QString &tag, OutputStream stream, const QString &line)
{
    m_wait->clearLine();
    if (m_json) {
        printJsonLine(m_out, logJson(host, tag, stream, line));
        return;
    }
    m_out << "                      " << host << (stream == OutputStream::Stderr ? " ! " : " | ") << line << '\n';
    m_out.flush();
}

void EventPrinter::outcome(const QString &what, const PipelineOutcome &o)
{
    m_wait->clearLine();
    if (m_json)
        printJsonLine(m_out, resultJson(what, o));
    if (o.succeeded) {
        if (!m_json) {
            m_out << "\nSUCCESS: " << o.message << '\n';
            m_out.flush();
        }
        return;
    }
    m_err << (m_json ? "" : "\n") << "FAILED: " << o.message << '\n';
    m_err.flush();
}

void EventPrinter::fleet(const FleetSnapshot &f, const DeploymentController &controller)
{
    if (m_json) {
        printJsonLine(m_out, statusJson(f, controller.config(), [&](const QString &host) { return controller.hostStatus(host); }));
        return;
    }
    const auto live = f.liveColour();
    const DeploymentConfig &config = controller.config();
    const auto sshText = [&](const QString &host) {
        const HostStatus ssh = controller.hostStatus(host);
        return ssh.reason.isEmpty() ? hostStateName(ssh.state) : QStringLiteral("%1: %2").arg(hostStateName(ssh.state), ssh.reason);
    };
    m_out << "deployment " << config.name << '\n';
    if (!f.routerOk)
        m_out << "router     UNREACHABLE: " << f.routerError << '\n';
    else
        m_out << "router     " << f.router.describe() << (live ? QStringLiteral(" — %1 is live").arg(colourName(*live).toUpper())
                                                              : QStringLiteral(" — traffic is split")) << '\n';
    m_out << "           " << routerTypeName(config.router.type) << " on " << config.router.host << ", SSH " << sshText(config.router.host) << '\n';
    m_out << '\n' << QStringLiteral("%1 %2 %3 %4 %5").arg(QStringLiteral("HOST"), -12).arg(QStringLiteral("COLOUR"), -7)
                         .arg(QStringLiteral("VERSION"), -14).arg(QStringLiteral("ROUTER"), -12).arg(QStringLiteral("SSH"))
          << '\n';
    for (const HostSnapshot &h : f.hosts) {
        const QString router = f.routerOk ? QStringLiteral("%1 w%2").arg(h.routerStatus).arg(h.weight) : QStringLiteral("?");
        const QString ssh = h.versionError.isEmpty() ? sshText(h.name) : h.versionError;
        m_out << QStringLiteral("%1 %2 %3 %4 %5").arg(h.name, -12).arg(colourName(h.colour), -7)
                     .arg(h.version.isEmpty() ? QStringLiteral("?") : h.version, -14).arg(router, -12).arg(ssh)
              << '\n';
    }
    m_out.flush();
}

void EventPrinter::recovery(const RecoveryReport &r)
{
    if (m_json) {
        printJsonLine(m_out, recoveryJson(r));
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
