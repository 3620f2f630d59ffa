#pragma once

#include "common/canceltoken.h"
#include "pipeline/stages/configuredstage.h"

namespace greenlight {

// Requests straight to every host of the new colour before any user reaches it, judged against
// the stage's error-rate and p95 limits (each host retried `retries` times), then the optional
// smoke-test command with GL_TARGET_URLS.
class TestTrafficStage final : public ConfiguredStage
{
public:
    using ConfiguredStage::ConfiguredStage;

    [[nodiscard]] QString intent(const StageContext &context) const override;
    [[nodiscard]] QList<PlanStep> plan(const PlanContext &context) const override;
    [[nodiscard]] StageResult run(StageContext &context) override;

private:
    // One round of requests to a host: empty when within the limits, else why; `reading` gets
    // the counts either way.
    [[nodiscard]] QString sendRequests(const HostConfig &host, const EnvironmentConfig &env, const CancelToken &cancel,
                                       QString &reading) const;
};

} // namespace greenlight
