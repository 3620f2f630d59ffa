#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

// Header fields in wire order; names as received (requests) or as sent (responses).
using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One parsed HTTP/1.x request head. The body, if any, has already been discarded.
struct HttpRequest final
{
    QByteArray method;
    QByteArray target;
    QString path;      // percent-decoded path of the target ("*" for asterisk-form)
    QUrlQuery query;
    int minorVersion = 1;
    HttpHeaders headers;
    bool keepAlive = true;

    // Value of the first header with that name (case-insensitive), or a null array.
    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }

    [[nodiscard]] bool isHead() const { return method == "HEAD"; }
};
