#pragma once

#include <QString>
#include <QUrl>

namespace greenlight {

// scheme://host:port/path, where `pathAndQuery` may carry a "?query" (a configured health or
// version path): the one way a host's app URL is built, for HttpCheck::url and
// EnvironmentConfig::appUrl alike.
[[nodiscard]] inline QUrl webUrl(const QString &scheme, const QString &host, int port, const QString &pathAndQuery)
{
    QUrl u;
    u.setScheme(scheme);
    u.setHost(host);
    u.setPort(port);
    const qsizetype query = pathAndQuery.indexOf(QLatin1Char('?'));
    u.setPath(query < 0 ? pathAndQuery : pathAndQuery.left(query));
    if (query >= 0)
        u.setQuery(pathAndQuery.mid(query + 1));
    return u;
}

} // namespace greenlight
