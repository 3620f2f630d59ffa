#pragma once

#include "common/canceltoken.h"
#include "common/colour.h"
#include "common/result.h"

#include <QDateTime>
#include <QMap>

namespace greenlight {

struct DeploymentConfig;

// After a switch, clients may still be sent to the old colour: a DNS router's old answer lives
// in resolvers for up to its TTL, plus their slack. The old colour may be cleaned up only once
//  - `router.drain_s` (ttl × 2 by default; 0 for the routers that move traffic themselves) has
//    passed since the switch, and
//  - where its hosts count their requests (`requests_path`), none served one in kQuietS.
class OldColourDrain final
{
public:
    static constexpr int kQuietS = 10;

    OldColourDrain(const DeploymentConfig &config, Colour old, const QDateTime &switchedAt);

    [[nodiscard]] QDateTime ends() const { return m_ends; }
    [[nodiscard]] qint64 msLeft() const; // 0 once over
    // "clients may still be sent to BLUE until 10:42:07 UTC (DNS TTL 60 s; drain_s 120)"
    [[nodiscard]] QString pendingText() const;
    // Refuses while the drain window lasts; then, where hosts count requests, samples them
    // kQuietS apart (the wait honours `cancel`) and refuses while any arrived:
    // "draining: 7 requests in the last 10 s on BLUE (blue-1 7, blue-2 0)".
    [[nodiscard]] Status check(const CancelToken &cancel) const;

private:
    // Every old host's request count now; fails naming the first host that cannot say.
    [[nodiscard]] Result<QMap<QString, qint64>> countsNow(const CancelToken &cancel) const;

    const DeploymentConfig &m_config;
    Colour m_old;
    QDateTime m_ends;
};

} // namespace greenlight
