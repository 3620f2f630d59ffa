#pragma once

#include "model/pipelineevent.h"
#include "trafficchart.h"

#include <QObject>

namespace greenlight {

class BakeCard;
class Notifier;

// Turns a run's events into what the operator sees beyond the timeline: markers on the charts'
// time axis (deploy start, each weight step, promote, abort, gate breach, rollback), the bake
// card's countdown and verdict, and a notification for what must not be missed (a bake that
// passed or breached, a rollback, a failed deploy, a deploy waiting for its promote).
class RunObserver final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kKeepMarkersS = 3600;

    RunObserver(BakeCard *card, Notifier *notifier, QObject *parent = nullptr);

    void runStarted(const QString &title);
    void event(const PipelineEvent &event);
    void finished(const QString &what, const PipelineOutcome &outcome);
    void mark(const QString &label, bool alarm);

    [[nodiscard]] const QList<ChartMarker> &markers() const { return m_markers; }

Q_SIGNALS:
    void markersChanged(const QList<greenlight::ChartMarker> &markers);

private:
    void step(const PipelineEvent &event);

    BakeCard *m_card;
    Notifier *m_notifier;
    QList<ChartMarker> m_markers;
    bool m_breachMarked = false; // this run's breach already has its marker and notification
};

} // namespace greenlight
