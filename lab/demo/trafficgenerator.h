#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class TrafficResolver;
class QNetworkReply;

struct TrafficOptions final
{
    QUrl url;
    double requestsPerSecond = 1.0;
    std::optional<std::chrono::milliseconds> duration; // run until stop() when empty
    int maxInFlight = 16;
    std::chrono::milliseconds transferTimeout{5000};
    std::chrono::milliseconds reportInterval{10000};
    // When set: the URL's name is resolved at this DNS server (port resolvePort), not by the
    // system, and each request goes to the answered address (TrafficResolver).
    QString resolveServer;
    quint16 resolvePort = 0;
};

struct TrafficStats final
{
    quint64 sent = 0;
    quint64 ok = 0;     // 2xx/3xx
    quint64 errors = 0; // transport errors, timeouts and 4xx/5xx
    QString lastVersion; // X-Greenlight-Version of the latest response that had one

    // "traffic: sent=.. ok=.. errors=.. last_version=.."
    [[nodiscard]] QString toLine() const;
};

// Light synthetic GET traffic at an even rate over keep-alive connections, with a bound on
// requests in flight (a request due while the bound is reached is skipped, not queued).
class TrafficGenerator final : public QObject
{
    Q_OBJECT

public:
    explicit TrafficGenerator(TrafficOptions options, QObject *parent = nullptr);
    ~TrafficGenerator() override;

    void start();
    // Stops sending, aborts what is in flight, reports once more and emits finished().
    void stop();

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] TrafficStats stats() const { return m_stats; }
    [[nodiscard]] int inFlight() const { return static_cast<int>(m_inFlight.size()); }

Q_SIGNALS:
    void report(const QString &line); // every reportInterval and once on stop()
    void finished();

private:
    void tick();
    void send();
    void onReplyFinished(QNetworkReply *reply);

    TrafficOptions m_options;
    QNetworkAccessManager *m_manager;
    std::unique_ptr<TrafficResolver> m_resolver; // with resolveServer only
    QTimer m_tickTimer;
    QTimer m_reportTimer;
    QTimer m_durationTimer;
    QElapsedTimer m_clock;
    QSet<QNetworkReply *> m_inFlight;
    quint64 m_scheduled = 0; // requests due so far, sent or skipped
    TrafficStats m_stats;
    bool m_running = false;
};
