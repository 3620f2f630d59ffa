#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/deploymentconfig.h"
#include "model/recoveryreport.h"
#include "router/routerstate.h"

#include <QString>

namespace greenlight {

class HostPool;
class Journal;
struct LockInfo;
class RouterAdapter;

class RecoveryCheck final
{
public:
    RecoveryCheck(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal)
        : m_config(config), m_pool(pool), m_router(router), m_journal(journal) {}

    // Blocking; worker threads.
    [[nodiscard]] RecoveryReport run(const CancelToken &cancel);

private:
    // A held lock that nothing beats in and no cut-short deploy explains.
    void describeDeadLock(const LockInfo &lock, const Result<RouterState> &router, RecoveryReport &report) const;

    const DeploymentConfig &m_config;
    HostPool &m_pool;
    RouterAdapter &m_router;
    Journal &m_journal;
};

} // namespace greenlight
