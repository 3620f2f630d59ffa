#pragma once

#include "pipeline/stages/configuredstage.h"
#include "pipeline/stages/gatewatch.h"

namespace greenlight {

// Production traffic onto the new colour: once the router sees every new server healthy (and
// an operator promoted, when the stage waits for one), all at once or in weighted steps with
// the gates watching between steps; then a request through the router must reach the new
// version. From the first weight change on, the context says traffic moved.
class ShiftStage final : public ConfiguredStage
{
public:
    using ConfiguredStage::ConfiguredStage;

    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;

private:
    [[nodiscard]] QList<int> weights() const;
    // The gates' watch after step `index` of `steps`: its share, what follows, what is left after.
    [[nodiscard]] GateWatch stepWatch(const StageContext &context, const QList<int> &steps, qsizetype index) const;
    // Until the router sees every server of the new colour UP: empty, else why not.
    [[nodiscard]] QString waitForRouterHealth(StageContext &context) const;
    // Until an operator promotes (read from the lock by the heartbeat), a stop, or the timeout.
    [[nodiscard]] StageResult waitForPromote(StageContext &context) const;
};

} // namespace greenlight
