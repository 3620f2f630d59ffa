#pragma once

#include "pipeline/stages/configuredstage.h"

namespace greenlight {

// The old colour after the switch: kept warm for rollback (until `keep_warm_s` is over, then
// `greenlight cleanup`), or cleaned up now when the stage has a clean-up command and no window.
// The new colour is live by then: a failure here is reported, never rolled back.
class FinishStage final : public ConfiguredStage
{
public:
    using ConfiguredStage::ConfiguredStage;

    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;
    [[nodiscard]] bool restoresTrafficOnFailure() const override { return false; }

private:
    [[nodiscard]] bool keepsWarm() const { return m_config.keepWarmS > 0 || m_config.cleanupCommand.isEmpty(); }
};

} // namespace greenlight
