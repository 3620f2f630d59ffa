#include "trafficgenerator.h"

#include "trafficresolver.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::Literals::StringLiterals;

QString TrafficStats::toLine() const
{
    return u"traffic: sent=%1 ok=%2 errors=%3 last_version=%4"_s.arg(
        QString::number(sent), QString::number(ok), QString::number(errors),
        lastVersion.isEmpty() ? u"-"_s : lastVersion);
}

TrafficGenerator::TrafficGenerator(TrafficOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_manager(new QNetworkAccessManager(this))
{
    m_manager->setProxy(QNetworkProxy::NoProxy); // lab addresses are local; ignore http_proxy
    m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    if (!m_options.resolveServer.isEmpty())
        m_resolver = std::make_unique<TrafficResolver>(m_options.resolveServer, m_options.resolvePort, m_options.url.host());

    // One request per tick between 1 and 200 rps; above, small batches every 5 ms; below,
    // a 1 s tick still sends each request within a second of its due time.
    const double intervalMs = 1000.0 / std::max(m_options.requestsPerSecond, 0.001);
    m_tickTimer.setTimerType(Qt::PreciseTimer);
    m_tickTimer.setInterval(static_cast<int>(std::clamp(intervalMs, 5.0, 1000.0)));
    connect(&m_tickTimer, &QTimer::timeout, this, &TrafficGenerator::tick);

    m_reportTimer.setInterval(m_options.reportInterval);
    connect(&m_reportTimer, &QTimer::timeout, this, [this] { Q_EMIT report(m_stats.toLine()); });

    m_durationTimer.setSingleShot(true);
    m_durationTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_durationTimer, &QTimer::timeout, this, &TrafficGenerator::stop);
}

TrafficGenerator::~TrafficGenerator()
{
    m_running = false;
    const QSet<QNetworkReply *> replies = std::exchange(m_inFlight, {});
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        delete reply;
    }
}

void TrafficGenerator::start()
{
    if (m_running)
        return;
    m_running = true;
    m_scheduled = 0;
    m_clock.start();
    m_tickTimer.start();
    m_reportTimer.start();
    if (m_options.duration) {
        m_durationTimer.setInterval(*m_options.duration);
        m_durationTimer.start();
    }
    tick(); // the first request goes out right away
}

void TrafficGenerator::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_tickTimer.stop();
    m_reportTimer.stop();
    m_durationTimer.stop();
    const QSet<QNetworkReply *> replies = std::exchange(m_inFlight, {});
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    Q_EMIT report(m_stats.toLine());
    Q_EMIT finished();
}

void TrafficGenerator::tick()
{
    if (!m_running)
        return;
    const double elapsedSeconds = static_cast<double>(m_clock.nsecsElapsed()) / 1e9;
    const auto due = static_cast<quint64>(std::floor(elapsedSeconds * m_options.requestsPerSecond)) + 1;
    while (m_scheduled < due) {
        ++m_scheduled;
        if (inFlight() < m_options.maxInFlight)
            send();
    }
}

void TrafficGenerator::send()
{
    QUrl url = m_options.url;
    if (m_resolver) {
        const QString address = m_resolver->next();
        if (address.isEmpty()) { // the name does not resolve: a failed request, as for a client
            ++m_stats.sent;
            ++m_stats.errors;
            return;
        }
        url.setHost(address);
    }
    QNetworkRequest request(url);
    if (m_resolver)
        request.setRawHeader("Host", m_options.url.authority().toUtf8());
    request.setTransferTimeout(static_cast<int>(m_options.transferTimeout.count()));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"greenlight-demo-traffic"_s);
    QNetworkReply *reply = m_manager->get(request);
    m_inFlight.insert(reply);
    ++m_stats.sent;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void TrafficGenerator::onReplyFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (!m_inFlight.remove(reply))
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray version = reply->rawHeader("X-Greenlight-Version");
    if (!version.isEmpty())
        m_stats.lastVersion = QString::fromUtf8(version);
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 400)
        ++m_stats.ok;
    else
        ++m_stats.errors;
}
