#pragma once

#include "common/canceltoken.h"
#include "pipeline/stages/configuredstage.h"

namespace greenlight {

// Every host of the new colour answers its health path and serves the new version, straight
// (not through the router), retried until the stage's deadline. Hosts are checked at once, in
// waves: a slow host delays no other.
class VerifyStage final : public ConfiguredStage
{
public:
    using ConfiguredStage::ConfiguredStage;

    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;

private:
    // `why` is empty when `host` is healthy and serves `version` within `budgetMs`; `via` is the
    // path the last check took ("direct", "over SSH": ssh/hosthttp.h).
    struct HostVerdict
    {
        QString why;
        QString via;
    };
    [[nodiscard]] static HostVerdict checkHost(const HostConfig &host, const EnvironmentConfig &env, const QString &version,
                                               qint64 budgetMs, const CancelToken &cancel);
};

} // namespace greenlight
