#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace greenlight::haproxyhttplog {

inline constexpr qsizetype kMaxLineBytes = 8192; // HAProxy's own default log line length is 1024
inline constexpr qsizetype kMaxUpstreamSamples = 4096;

// Upstream times (ms) per server of `backend`, from lines of HAProxy's `option httplog`
// format, raw (`log stdout format raw`) or behind a syslog header:
//   127.0.0.1:50412 [03/Dec/2026:12:00:00.123] www app/green-1 0/0/1/403/404 200 133 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"
// The time is Tr, the server's response time (headers): the colour's own; TR, Tw, Tc and Ta
// add the client, the queue and the connect. A request the server never answered (Tr -1),
// another backend's, or a line that is not an access line (HAProxy's own warnings share the
// file) is no sample. A line longer than kMaxLineBytes is skipped; a server keeps its newest
// kMaxUpstreamSamples. Appends to `byServer`; returns how many bytes were whole lines.
qsizetype readHttpLog(const QByteArray &chunk, const QString &backend, QHash<QString, QList<double>> &byServer);

} // namespace greenlight::haproxyhttplog
