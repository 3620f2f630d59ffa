#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace greenlight {

// One DNS message as the routers' read-backs need it (RFC 1035): a query for one name and
// type, and a parser of the answer section's A and CNAME records and the rcode. The answer is
// outside text: every length and compression pointer is checked (fuzzed: fuzz_dnsresponse).
struct DnsRecord
{
    QString name;  // owner, lower case, with the trailing dot
    quint16 type = 0;
    quint32 ttl = 0;
    QString value; // A: dotted quad; CNAME: the target, lower case, with the trailing dot; else empty
};

struct DnsReply
{
    quint16 id = 0;
    int rcode = 0;
    bool truncated = false;
    bool authoritative = false;
    QList<DnsRecord> answers;

    // The values of the answers of `type` owned by `name` (canonical, trailing dot).
    [[nodiscard]] QStringList values(const QString &name, quint16 type) const;
};

namespace dns {
inline constexpr quint16 kTypeA = 1;
inline constexpr quint16 kTypeCname = 5;
inline constexpr int kRcodeNoError = 0;
inline constexpr int kRcodeServFail = 2;
inline constexpr int kRcodeNxDomain = 3;
inline constexpr qsizetype kMaxMessage = 65535;

// "www.shop.test." from "WWW.shop.test" (lower case, one trailing dot); empty when the name is
// not a valid DNS name (labels 1–63 bytes, 255 in all, letters, digits, '-', '_').
[[nodiscard]] QString canonicalName(const QString &name);
// The query message (recursion not desired: the read-back asks the authoritative server).
[[nodiscard]] QByteArray query(quint16 id, const QString &canonical, quint16 type);
[[nodiscard]] Result<DnsReply> parseReply(const QByteArray &message);
[[nodiscard]] QString rcodeName(int rcode); // "NXDOMAIN"
[[nodiscard]] QString typeName(quint16 type); // "A", "CNAME", "TYPE99"
} // namespace dns

} // namespace greenlight
