#pragma once

#include "common/canceltoken.h"
#include "common/httpvia.h"
#include "common/result.h"
#include "http/httpcheck.h"
#include "ssh/sshtypes.h"

#include <QList>

#include <atomic>
#include <memory>
#include <mutex>

class QUrl;

namespace greenlight {

// The one way to a host's app for every host check (verify, test traffic, the gate watch, a
// rollback's read, the window's per-host reads, the charts' probes, the request counters): a GET
// by the host's name, its configured address and the app's port, straight there or through an
// SSH forward as the host's `http_via` says (auto: direct when a TCP connect to address:port
// succeeds within a second, else SSH; decided once per host, again after a failure). The reply
// says which path it took (`HttpReply::via`). A host no HostPool registered is reached directly.
// `url`: the host's app, as EnvironmentConfig::appUrl builds it (app_scheme, address, app_port).
[[nodiscard]] Result<HttpReply> hostHttpGet(const QString &hostName, const QUrl &url, int timeoutMs, const CancelToken &cancel = {});

// The hosts whose checks may go over SSH, by name, for the process: a HostPool registers its
// targets while it lives (the newest registration of a name wins). The SSH sessions that carry
// the forwards are the routes' own (one per host, kept open and shared by every check to it;
// never one handshake per probe), not the HostPool's: a probe never queues behind a deploy step.
class HostHttpRoutes final
{
public:
    [[nodiscard]] static HostHttpRoutes &instance();
    [[nodiscard]] quint64 add(const QList<SshTarget> &targets);
    void remove(quint64 registration);
    // SSH sessions opened for forwards so far, in this process: one per host while it stays up.
    [[nodiscard]] int sessionsOpened() const { return m_sessionsOpened.load(); }

private:
    friend Result<HttpReply> hostHttpGet(const QString &, const QUrl &, int, const CancelToken &);
    struct Route;
    [[nodiscard]] std::shared_ptr<Route> find(const QString &hostName);

    std::mutex m_mutex;
    std::atomic<int> m_sessionsOpened{0};
    quint64 m_next = 1;
    QList<std::pair<quint64, std::shared_ptr<Route>>> m_routes; // oldest first
};

} // namespace greenlight
