#pragma once

#include "config/deploymentconfig.h"
#include "pipeline/stages/stage.h"

namespace greenlight {

// The database migration: once per version, after a backup. The record of applied migrations
// lives on the router host beside the lock, so every operator's deploys see it; a migration
// that ran is never run again (by a redeploy of the version or by a rollback).
class MigrateStage final : public Stage
{
public:
    explicit MigrateStage(const StageConfig &config) : m_config(config) {}

    [[nodiscard]] QString name() const override { return stageKindName(StageKind::Migrate); }
    [[nodiscard]] QString intent(const StageContext &) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;

private:
    [[nodiscard]] static QString marker(const DeploymentConfig &config, const QString &version);

    const StageConfig &m_config;
};

} // namespace greenlight
