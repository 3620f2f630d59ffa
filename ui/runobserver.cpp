#include "runobserver.h"

#include "bakecard.h"
#include "notifier.h"

#include <QRegularExpression>

namespace greenlight {

RunObserver::RunObserver(BakeCard *card, Notifier *notifier, QObject *parent) : QObject(parent), m_card(card), m_notifier(notifier) {}

void RunObserver::mark(const QString &label, bool alarm)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_markers << ChartMarker{now, label, alarm};
    while (!m_markers.isEmpty() && m_markers.first().timeMs < now - kKeepMarkersS * 1000LL)
        m_markers.removeFirst();
    Q_EMIT markersChanged(m_markers);
}

void RunObserver::runStarted(const QString &title)
{
    m_card->reset();
    m_breachMarked = false;
    mark(title, false);
}

void RunObserver::event(const PipelineEvent &e)
{
    switch (e.kind) {
    case PipelineEvent::Kind::Progress:
        m_card->setProgress(e.progress);
        if (!e.progress.verdict.isEmpty() && !m_breachMarked) {
            m_breachMarked = true;
            mark(QStringLiteral("gate breach"), true);
            m_notifier->notify(Notifier::Kind::GateBreached, tr("Gate breached — %1").arg(e.progress.step), e.progress.verdict);
        }
        return;
    case PipelineEvent::Kind::Stage:
        if (e.stage == QLatin1String("rollback") && e.state == StepState::Running)
            mark(QStringLiteral("rollback"), true);
        if (e.stage == QLatin1String("bake") && e.state == StepState::Succeeded) {
            m_card->finished(e.message);
            m_notifier->notify(Notifier::Kind::BakeFinished, tr("Bake passed"), e.message);
        }
        return;
    case PipelineEvent::Kind::Step:
        step(e);
        return;
    case PipelineEvent::Kind::Log:
        return;
    }
}

void RunObserver::step(const PipelineEvent &e)
{
    static const QRegularExpression weightStep(QStringLiteral("^(blue|green) \\d+%$"));
    if (e.stage == QLatin1String("shift") && e.state == StepState::Succeeded && weightStep.match(e.step).hasMatch())
        mark(e.step, false);
    if (e.step == QLatin1String("waiting for promote")) {
        if (e.state == StepState::Running)
            m_notifier->notify(Notifier::Kind::WaitingForPromote, tr("Waiting for promote"), e.message);
        else if (e.state == StepState::Succeeded)
            mark(QStringLiteral("promote"), false);
    }
    // A weighted step's watch passed: the card says so until the next step's watch begins.
    if (e.stage == QLatin1String("shift") && e.step.startsWith(QLatin1String("bake at")) && e.state == StepState::Succeeded)
        m_card->finished(e.message);
}

void RunObserver::finished(const QString &what, const PipelineOutcome &outcome)
{
    if (outcome.code == ErrorCode::Aborted)
        mark(QStringLiteral("abort"), true);
    if (what == tr("Rollback")) {
        m_notifier->notify(outcome.succeeded ? Notifier::Kind::RolledBack : Notifier::Kind::DeployFailed,
                           outcome.succeeded ? tr("Rolled back") : tr("Rollback FAILED"), outcome.message);
        return;
    }
    if (outcome.succeeded) {
        m_notifier->notify(Notifier::Kind::DeploySucceeded, tr("%1 succeeded").arg(what), outcome.message);
        return;
    }
    if (outcome.rolledBack) {
        m_notifier->notify(Notifier::Kind::RolledBack, tr("%1 failed — traffic put back automatically").arg(what), outcome.message);
        return;
    }
    m_notifier->notify(Notifier::Kind::DeployFailed, tr("%1 failed").arg(what), outcome.message);
}

} // namespace greenlight
