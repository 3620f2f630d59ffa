#include "haproxyhttplog.h"

#include <optional>

namespace greenlight::haproxyhttplog {

namespace {
// A timer of "TR/Tw/Tc/Tr/Ta": -1 or digits (at most a day of milliseconds).
std::optional<qint64> timer(const QByteArray &field)
{
    if (field == "-1")
        return -1;
    if (field.isEmpty() || field.size() > 9)
        return std::nullopt;
    for (const char c : field) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    return field.toLongLong();
}

// Tr of "TR/Tw/Tc/Tr/Ta" when the server answered; nothing when it did not or the field is not timers.
std::optional<double> serverTime(const QByteArray &field)
{
    const QList<QByteArray> timers = field.split('/');
    if (timers.size() != 5)
        return std::nullopt;
    std::optional<qint64> tr;
    for (qsizetype i = 0; i < timers.size(); ++i) {
        const std::optional<qint64> t = timer(timers.at(i));
        if (!t)
            return std::nullopt;
        if (i == 3)
            tr = t;
    }
    if (!tr || *tr < 0)
        return std::nullopt;
    return static_cast<double>(*tr);
}
} // namespace

qsizetype readHttpLog(const QByteArray &chunk, const QString &backend, QHash<QString, QList<double>> &byServer)
{
    const qsizetype whole = chunk.lastIndexOf('\n') + 1;
    const QByteArray prefix = backend.toUtf8() + '/';
    qsizetype from = 0;
    while (from < whole) {
        const qsizetype eol = chunk.indexOf('\n', from);
        const qsizetype length = eol - from;
        const QByteArray line = length > kMaxLineBytes ? QByteArray() : chunk.mid(from, length);
        from = eol + 1;
        // "... [accept date] frontend backend/server TR/Tw/Tc/Tr/Ta status ...": the pair of
        // fields after the bracketed date (the request line, quoted at the end, may hold anything).
        // The accept date is "[03/Dec/2026:12:00:44.449]" (a syslog header may hold "haproxy[4321]").
        qsizetype date = line.indexOf('[');
        while (date >= 0 && !(date + 3 < line.size() && line.at(date + 3) == '/'))
            date = line.indexOf('[', date + 1);
        const qsizetype dateEnd = date < 0 ? -1 : line.indexOf(']', date);
        if (dateEnd < 0)
            continue;
        const QList<QByteArray> fields = line.mid(dateEnd + 1).simplified().split(' ');
        if (fields.size() < 4 || !fields.at(1).startsWith(prefix))
            continue;
        const QByteArray server = fields.at(1).mid(prefix.size());
        if (server.isEmpty() || server == "<NOSRV>")
            continue;
        const std::optional<double> ms = serverTime(fields.at(2));
        if (!ms)
            continue;
        QList<double> &times = byServer[QString::fromUtf8(server)];
        if (times.size() >= kMaxUpstreamSamples)
            times.removeFirst();
        times.append(*ms);
    }
    return whole;
}

} // namespace greenlight::haproxyhttplog
