#pragma once

#include "pipeline/stages/configuredstage.h"

namespace greenlight {

// The new version onto every host of the idle colour: the colour's deploy command, fanned out
// in rolling batches, each host retried `retries` times.
class DeployStage final : public ConfiguredStage
{
public:
    using ConfiguredStage::ConfiguredStage;

    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;
};

} // namespace greenlight
