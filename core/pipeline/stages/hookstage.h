#pragma once

#include "config/deploymentconfig.h"
#include "pipeline/stages/stage.h"

namespace greenlight {

// The hooks at one boundary: "pre-deploy" (after the lock, before anything changes),
// "before_<stage>" / "after_<stage>", "post-deploy" (the new colour is live, before finish).
// Each runs to completion or its deadline, in order; the first failure ends the stage.
class HookStage final : public Stage
{
public:
    HookStage(QString when, QList<HookConfig> hooks) : m_when(std::move(when)), m_hooks(std::move(hooks)) {}

    [[nodiscard]] QString name() const override { return m_when; }
    [[nodiscard]] QString intent(const StageContext &) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;
    // Post-deploy hooks run once the new colour is live and declared so: a failure there is
    // reported, not rolled back.
    [[nodiscard]] bool restoresTrafficOnFailure() const override { return m_when != QLatin1String("post-deploy"); }

private:
    QString m_when;
    QList<HookConfig> m_hooks;
};

} // namespace greenlight
