#pragma once

#include "common/canceltoken.h"
#include "config/deploymentconfig.h"
#include "router/routerstate.h"

#include <QMetaType>
#include <QString>

namespace greenlight {

class HostPool;
class Journal;
class RouterAdapter;

// What a deploy that was cut short (the console killed mid-deploy) left behind, read from the
// journal, the router and the lock: where it stopped and what to do about it.
struct RecoveryReport
{
    bool interrupted = false;
    QString version;
    QString fromColour;   // live when it started
    QString toColour;     // receiving the new version
    QString lastStage;    // the last stage the journal saw, and its state
    QString routerState;  // "blue 100% / green 0%", or why the router could not be read
    QString lockHolder;   // who holds the deploy lock now; empty when free
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
    const DeploymentConfig &m_config;
    HostPool &m_pool;
    RouterAdapter &m_router;
    Journal &m_journal;
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::RecoveryReport)
