#pragma once

#include "common/result.h"
#include "pipeline/stages/stage.h"
#include "pipeline/trafficrestore.h"

#include <functional>
#include <memory>
#include <vector>

namespace greenlight {

struct DeploymentConfig;
struct StageContext;

// The stages of one deploy in the order they run, each with the hooks at its boundaries:
// pre-deploy hooks, then per stage before_<stage>, the stage, after_<stage> (post-deploy hooks
// just before the finish stage). The same list builds `greenlight plan` and runs the deploy.
//
// Running it: each stage's start and end go to the timeline and the journal; the first
// failure, or a stop between two stages, ends the deploy, and once traffic moved the traffic
// is put back (unless the stage ran after the new colour was declared live).
class StageSequence final
{
public:
    using Stages = std::vector<std::unique_ptr<Stage>>;
    // Puts every request back on `live`: the router in a deploy, scripted in the unit tests.
    using RestoreTraffic = std::function<TrafficRestore(Colour live)>;

    struct End
    {
        bool succeeded = false;
        QString failedStage;
        ErrorCode code = ErrorCode::None;
        QString message;         // what happened, with what became of the traffic
        bool rolledBack = false; // traffic was put back (or never left) after it had moved
    };

    explicit StageSequence(Stages stages) : m_stages(std::move(stages)) {}
    [[nodiscard]] static StageSequence forDeployment(const DeploymentConfig &config);

    [[nodiscard]] const Stages &stages() const { return m_stages; }
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const;
    [[nodiscard]] End run(StageContext &context, const RestoreTraffic &restore);

private:
    [[nodiscard]] End fail(StageContext &context, const Stage &stage, const StageResult &result, qint64 durationMs,
                           const RestoreTraffic &restore);

    Stages m_stages;
};

} // namespace greenlight
