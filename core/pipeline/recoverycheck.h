#pragma once

#include "common/canceltoken.h"
#include "config/deploymentconfig.h"
#include "router/routerstate.h"

#include <QMetaType>
#include <QString>

namespace greenlight {

class HostPool;
class Journal;
struct LockInfo;
class RouterAdapter;

// Is a deploy running, and did one die? Read from the lock's heartbeat (alive or dead, never
// guessed), the journal and the router: where a deploy that was cut short stopped, and what to do.
struct RecoveryReport
{
    bool running = false;     // a deploy is alive right now: its heartbeat in the lock is fresh
    bool interrupted = false; // a deploy started, never ended, and nothing beats in its lock
    // A lock nothing beats in, with no cut-short deploy in this journal to explain it: a deploy
    // killed between taking the lock and its start record, or between its end and letting go,
    // or one run from another machine. `resume` clears it once traffic is on one colour.
    bool deadLock = false;
    QString version;
    QString fromColour;   // live when it started
    QString toColour;     // receiving the new version
    QString lastStage;    // the last stage the journal saw, and its state
    QString routerState;  // "blue 100% / green 0%", or why the router could not be read
    QString lockHolder;   // who holds the deploy lock now; empty when free
    qint64 heartbeatAgeS = -1; // of the lock's holder; -1: none
    [[nodiscard]] bool needsAttention() const { return running || interrupted || deadLock; }
    QString summary;      // one paragraph for the operator
};

class RecoveryCheck final
{
public:
    RecoveryCheck(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal)
        : m_config(config), m_pool(pool), m_router(router), m_journal(journal) {}

    // Blocking; worker threads.
    [[nodiscard]] RecoveryReport run(const CancelToken &cancel);

private:
    // A held lock that nothing beats in and no cut-short deploy explains.
    void describeDeadLock(const LockInfo &lock, RecoveryReport &report, const CancelToken &cancel);

    const DeploymentConfig &m_config;
    HostPool &m_pool;
    RouterAdapter &m_router;
    Journal &m_journal;
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::RecoveryReport)
