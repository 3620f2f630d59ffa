#pragma once

#include "pipeline/stages/configuredstage.h"

namespace greenlight {

// The database migration: once per version, after a backup. The record of applied migrations
// lives on the router host beside the lock, so every operator's deploys see it; a migration
// that ran is never run again (by a redeploy of the version or by a rollback).
class MigrateStage final : public ConfiguredStage
{
public:
    using ConfiguredStage::ConfiguredStage;

    [[nodiscard]] QString intent(const StageContext &) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;

private:
    [[nodiscard]] static QString marker(const DeploymentConfig &config, const QString &version);
};

} // namespace greenlight
