#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/deploymentconfig.h"
#include "model/pipelineevent.h"

#include <functional>

namespace greenlight {

class HostPool;
class Journal;
class RouterAdapter;
struct RecoveryReport;

// `greenlight resume`: finishes (or, with `undo`, undoes) a deploy that was cut short, from
// where the router says traffic is, once its lock is confirmed dead (no heartbeat):
//  - traffic all on the old colour: the deploy runs again, breaking the dead lock;
//  - traffic split: it goes back to the old colour first, then the deploy runs again;
//  - traffic all on the new colour (the shift had finished): the new version is checked through
//    the router and the deploy is closed as done, the old colour kept warm.
// With `undo`, all traffic goes back on the old colour and the deploy is closed as undone.
// Either way the cut-short deploy's journal gets its end record, so it is not reported again.
// A dead lock with no cut-short deploy to explain it is cleared once traffic is on one colour.
class ResumeRun final
{
public:
    using EventSink = std::function<void(const PipelineEvent &)>;

    ResumeRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal, EventSink sink,
              CancelToken cancel);

    [[nodiscard]] PipelineOutcome execute(bool undo);

private:
    [[nodiscard]] PipelineOutcome fail(const QString &message, ErrorCode code);
    // A dead lock no cut-short deploy explains: broken and let go when traffic is on one colour.
    [[nodiscard]] PipelineOutcome clearDeadLock(const RecoveryReport &report);
    // The dead deploy's lock, broken and released.
    [[nodiscard]] Status breakDeadLock();
    // Writes the cut-short deploy's end record and breaks its dead lock.
    void close(const QString &runId, const PipelineOutcome &outcome, const QString &how);
    void say(StepState state, const QString &message);

    const DeploymentConfig &m_config;
    HostPool &m_pool;
    RouterAdapter &m_router;
    Journal &m_journal;
    EventSink m_sink;
    CancelToken m_cancel;
};

} // namespace greenlight
