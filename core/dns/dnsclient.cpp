#include "dnsclient.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QUdpSocket>

namespace greenlight {

namespace {
constexpr int kSliceMs = 20;
}

Result<DnsReply> DnsClient::ask(const DnsQuery &q, const CancelToken &cancel)
{
    const QString where = QStringLiteral("DNS %1:%2").arg(q.server).arg(q.port);
    const auto fail = [&](const QString &why) { return Result<DnsReply>::failure(QStringLiteral("%1: %2").arg(where, why)); };
    const QHostAddress server(q.server);
    if (server.isNull())
        return fail(QStringLiteral("\"%1\" is not an IP address").arg(q.server));
    const QString name = dns::canonicalName(q.name);
    if (name.isEmpty())
        return fail(QStringLiteral("\"%1\" is not a DNS name").arg(q.name));
    QUdpSocket socket;
    const QHostAddress source = q.source.isEmpty() ? QHostAddress(QHostAddress::AnyIPv4) : QHostAddress(q.source);
    if (source.isNull() || !socket.bind(source, 0))
        return fail(QStringLiteral("cannot send from %1: %2").arg(q.source, socket.errorString()));
    const auto id = static_cast<quint16>(QRandomGenerator::global()->bounded(65536));
    const QByteArray message = dns::query(id, name, q.type);
    if (socket.writeDatagram(message, server, q.port) != message.size())
        return fail(QStringLiteral("cannot send the query: %1").arg(socket.errorString()));
    QElapsedTimer clock;
    clock.start();
    while (true) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (clock.elapsed() >= q.timeoutMs)
            return fail(QStringLiteral("no answer to %1 %2 within %3 ms").arg(name, dns::typeName(q.type)).arg(q.timeoutMs));
        socket.waitForReadyRead(kSliceMs);
        while (socket.hasPendingDatagrams()) {
            QByteArray data(static_cast<qsizetype>(std::max<qint64>(socket.pendingDatagramSize(), 0)), '\0');
            QHostAddress from;
            quint16 fromPort = 0;
            const qint64 got = socket.readDatagram(data.data(), data.size(), &from, &fromPort);
            if (got < 0 || !from.isEqual(server, QHostAddress::TolerantConversion) || fromPort != q.port)
                continue;
            data.truncate(got);
            Result<DnsReply> reply = dns::parseReply(data);
            if (!reply)
                return fail(reply.error());
            if (reply->id != id)
                continue;
            if (reply->truncated)
                return fail(QStringLiteral("the answer was truncated (TC); too many records for one UDP answer"));
            return reply;
        }
    }
}

Result<QStringList> DnsClient::resolve(DnsQuery query, const CancelToken &cancel)
{
    query.type = dns::kTypeA;
    QString name = dns::canonicalName(query.name);
    QStringList chain{name};
    const auto fail = [&](const QString &why) {
        return Result<QStringList>::failure(QStringLiteral("DNS %1:%2: %3 for %4").arg(query.server).arg(query.port).arg(why, chain.join(QStringLiteral(" → "))));
    };
    for (int ask = 0; ask <= kMaxCnameHops; ++ask) {
        query.name = name;
        const Result<DnsReply> reply = DnsClient::ask(query, cancel);
        if (!reply)
            return Result<QStringList>::failure(reply.error());
        // Follow the chain as far as this answer carries it.
        while (true) {
            if (const QStringList addresses = reply->values(name, dns::kTypeA); !addresses.isEmpty())
                return addresses;
            const QStringList targets = reply->values(name, dns::kTypeCname);
            if (targets.isEmpty())
                break;
            name = targets.first();
            if (chain.contains(name))
                return fail(QStringLiteral("a CNAME loop"));
            chain << name;
            if (chain.size() > kMaxCnameHops + 1)
                return fail(QStringLiteral("more than %1 CNAMEs").arg(kMaxCnameHops));
        }
        if (reply->rcode != dns::kRcodeNoError)
            return fail(QStringLiteral("answers %1").arg(dns::rcodeName(reply->rcode)));
        if (query.name == name) // neither an address nor a CNAME for the name asked
            return fail(QStringLiteral("no address"));
    }
    return fail(QStringLiteral("more than %1 CNAMEs").arg(kMaxCnameHops));
}

} // namespace greenlight
