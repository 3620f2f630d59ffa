#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "http/httpcheck.h"

#include <QByteArray>
#include <QString>

namespace greenlight {

// PowerDNS Authoritative's HTTP API, from the operator's machine: one blocking request on a
// socket of the calling thread (framed by HttpResponseParser), with the API key read from its
// file or environment variable at each call. The key goes in the X-API-Key header and nowhere
// else: no message, journal record or plan line carries it.
class PdnsApi final
{
public:
    PdnsApi(QString baseUrl, QString keyFile, QString keyEnv);

    using Reply = HttpReply;
    [[nodiscard]] Result<Reply> request(const QByteArray &method, const QString &path, const QByteArray &body, int timeoutMs,
                                        const CancelToken &cancel) const;
    // "http://127.0.0.1:8081/api/v1/servers/localhost/zones/shop.test." (for messages and plan).
    [[nodiscard]] QString zoneUrl(const QString &zone) const;
    [[nodiscard]] static QString zonePath(const QString &zone);

private:
    [[nodiscard]] Result<QByteArray> key() const;

    QString m_baseUrl;
    QString m_keyFile;
    QString m_keyEnv;
};

} // namespace greenlight
