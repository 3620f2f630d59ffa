#pragma once

#include "config/deploymentconfig.h"
#include "journal/journalrun.h"
#include "model/pipelineevent.h"

#include <QSet>

#include <functional>
#include <optional>

namespace greenlight {

class RouterAdapter;
class Journal;

// Puts all traffic back on the previous colour and proves it serves through the router.
// Uses its own router adapter (the Control lane) so it never waits behind a pipeline step.
class Rollback final
{
public:
    using EventSink = std::function<void(const PipelineEvent &)>;

    Rollback(const DeploymentConfig &config, RouterAdapter &router, Journal &journal, EventSink sink);

    // `target`: the colour to go back to; by default the one live before the last switch,
    // or, with no journal, the colour that is not taking traffic.
    [[nodiscard]] PipelineOutcome execute(std::optional<Colour> target, const QString &reason);

private:
    void emitEvent(const QString &step, StepState state, const QString &message, qint64 durationMs = 0);
    // The versions the target's hosts answer, asked of each directly: empty when none answers.
    [[nodiscard]] QSet<QString> versionsServed(Colour target) const;
    [[nodiscard]] bool verifyServing(Colour target, const QSet<QString> &expected, QString &detail);

    const DeploymentConfig &m_config;
    RouterAdapter &m_router;
    Journal &m_journal;
    JournalRun m_record; // a rollback never waits on the journal, but says when it could not write
    EventSink m_sink;
};

} // namespace greenlight
