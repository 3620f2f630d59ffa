#pragma once

#include "common/canceltoken.h"
#include "config/deploymentconfig.h"
#include "model/pipelineevent.h"
#include "pipeline/runreporter.h"

namespace greenlight {

class HostPool;
class RouterAdapter;
class Journal;

// `greenlight cleanup` (and the window's Clean up): stops the old colour of the last deploy
// once its warm window is over (or at once with `ignoreWindow`), under the deploy lock, only
// when the router sends it no traffic. A run of its own beside deploy and rollback, with its
// own journal records.
class CleanupRun final
{
public:
    CleanupRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal,
               RunReporter::EventSink sink, CancelToken cancel);

    [[nodiscard]] PipelineOutcome execute(bool ignoreWindow);

private:
    [[nodiscard]] PipelineOutcome failed(const QString &message, ErrorCode code, qint64 durationMs);

    const DeploymentConfig &m_config;
    HostPool &m_pool;
    RouterAdapter &m_router;
    Journal &m_journal;
    CancelToken m_cancel;
    RunReporter m_report;
};

} // namespace greenlight
