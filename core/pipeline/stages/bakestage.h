#pragma once

#include "pipeline/stages/configuredstage.h"

namespace greenlight {

// Every request on the new colour for `bake_s`, the gates watching; the old colour stays warm.
class BakeStage final : public ConfiguredStage
{
public:
    using ConfiguredStage::ConfiguredStage;

    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;
};

} // namespace greenlight
