#pragma once

#include "config/deploymentconfig.h"
#include "pipeline/stages/stage.h"

namespace greenlight {

// The new version onto every host of the idle colour: the colour's deploy command, fanned out
// in rolling batches, each host retried `retries` times.
class DeployStage final : public Stage
{
public:
    explicit DeployStage(const StageConfig &config) : m_config(config) {}

    [[nodiscard]] QString name() const override { return stageKindName(StageKind::Deploy); }
    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;

private:
    const StageConfig &m_config;
};

} // namespace greenlight
