#pragma once

#include "faultsettings.h"
#include "faultstore.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

class HttpConnection;
class QTcpServer;

struct DemoServerConfig final
{
    QString host;     // reported in / and X-Greenlight-Host
    QString version;  // reported in /, /version and X-Greenlight-Version
    QString stateDir; // holds faults.json (the pid file is the caller's business)
};

// The demo backend: serves /, /version, /health and /__lab/faults over HTTP/1.1
// keep-alive, applying the fault knobs. Faults are loaded from stateDir/faults.json on
// construction and persisted there whenever /__lab/faults changes them.
class DemoServer final : public QObject
{
    Q_OBJECT

public:
    explicit DemoServer(DemoServerConfig config, QObject *parent = nullptr);
    ~DemoServer() override;

    // Port 0 picks a free port; see serverPort(). On failure see errorString().
    [[nodiscard]] bool listen(const QHostAddress &address, quint16 port = 0);
    void close();

    [[nodiscard]] bool isListening() const;
    [[nodiscard]] QHostAddress serverAddress() const;
    [[nodiscard]] quint16 serverPort() const;
    [[nodiscard]] QString errorString() const;

    [[nodiscard]] const DemoServerConfig &config() const { return m_config; }
    [[nodiscard]] FaultSettings faults() const { return m_faults; }
    [[nodiscard]] QString faultsFilePath() const { return m_store.filePath(); }
    // Non-empty when faults.json existed at startup but was unusable (then: no faults).
    [[nodiscard]] QString faultsWarning() const { return m_faultsWarning; }

    // Open client connections (each is deleted once its client is gone).
    [[nodiscard]] int connectionCount() const { return m_connectionCount; }
    // Well-formed requests received so far (answered or still delayed).
    [[nodiscard]] quint64 requestCount() const { return m_requestCount; }
    // Requests for the app's page "/" (what clients fetch; not health or version probes):
    // GET /__lab/requests answers it, so a drain can tell when clients stopped coming.
    [[nodiscard]] quint64 pageCount() const { return m_pageCount; }

Q_SIGNALS:
    void faultsChanged(const FaultSettings &faults);

private:
    void acceptConnections();
    void handleRequest(HttpConnection &connection, quint64 requestId, const HttpRequest &request);
    [[nodiscard]] HttpResponse appResponse(const HttpRequest &request) const;
    [[nodiscard]] HttpResponse labResponse(const HttpRequest &request);

    DemoServerConfig m_config;
    FaultStore m_store;
    FaultSettings m_faults;
    QString m_faultsWarning;
    HttpHeaders m_commonHeaders;
    QTcpServer *m_server;
    int m_connectionCount = 0;
    quint64 m_requestCount = 0;
    quint64 m_pageCount = 0;
};
