#pragma once

#include "config/deploymentconfig.h"
#include "pipeline/stages/stage.h"

namespace greenlight {

// Every request on the new colour for `bake_s`, the gates watching; the old colour stays warm.
class BakeStage final : public Stage
{
public:
    explicit BakeStage(const StageConfig &config) : m_config(config) {}

    [[nodiscard]] QString name() const override { return stageKindName(StageKind::Bake); }
    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;

private:
    const StageConfig &m_config;
};

} // namespace greenlight
