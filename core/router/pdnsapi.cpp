#include "pdnsapi.h"

#include <QFile>
#include <QUrl>

namespace greenlight {

namespace {
constexpr qint64 kMaxKeyBytes = 4096;
} // namespace

PdnsApi::PdnsApi(QString baseUrl, QString keyFile, QString keyEnv)
    : m_baseUrl(std::move(baseUrl)), m_keyFile(std::move(keyFile)), m_keyEnv(std::move(keyEnv))
{
    while (m_baseUrl.endsWith(QLatin1Char('/')))
        m_baseUrl.chop(1);
}

QString PdnsApi::zonePath(const QString &zone)
{
    return QStringLiteral("/api/v1/servers/localhost/zones/") + zone;
}

QString PdnsApi::zoneUrl(const QString &zone) const
{
    return m_baseUrl + zonePath(zone);
}

Result<QByteArray> PdnsApi::key() const
{
    QByteArray key;
    if (!m_keyEnv.isEmpty()) {
        key = qgetenv(m_keyEnv.toLocal8Bit().constData()).trimmed();
        if (key.isEmpty())
            return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key: the environment variable %1 is not set").arg(m_keyEnv));
    } else {
        QFile file(m_keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key: cannot read %1: %2").arg(m_keyFile, file.errorString()));
        key = file.read(kMaxKeyBytes).trimmed();
        if (key.isEmpty())
            return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key: %1 is empty").arg(m_keyFile));
    }
    if (key.contains('\n') || key.contains('\r'))
        return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key holds a line break; give the key alone"));
    return key;
}

Result<PdnsApi::Reply> PdnsApi::request(const QByteArray &method, const QString &path, const QByteArray &body, int timeoutMs,
                                        const CancelToken &cancel) const
{
    const Result<QByteArray> apiKey = key();
    if (!apiKey)
        return Result<Reply>::failure(apiKey.error());
    // The key goes as a header only: never into a message (HttpCheck names the URL, not the headers).
    const Result<Reply> reply = HttpCheck::request(method, QUrl(m_baseUrl + path),
                                                   "Accept: application/json\r\nX-API-Key: " + apiKey.value() + "\r\n", body, timeoutMs, cancel);
    if (!reply)
        return Result<Reply>::failure(QStringLiteral("PowerDNS API %1 %2").arg(QString::fromLatin1(method), reply.error()), reply.code());
    return reply;
}

} // namespace greenlight
