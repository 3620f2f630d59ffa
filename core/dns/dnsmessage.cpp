#include "dnsmessage.h"

namespace greenlight {

namespace {

constexpr int kHeaderBytes = 12;
constexpr int kMaxPointerHops = 32;
constexpr int kMaxNameBytes = 255;

quint16 read16(const QByteArray &m, qsizetype at)
{
    return static_cast<quint16>((static_cast<quint8>(m.at(at)) << 8) | static_cast<quint8>(m.at(at + 1)));
}

quint32 read32(const QByteArray &m, qsizetype at)
{
    return (quint32{read16(m, at)} << 16) | read16(m, at + 2);
}

// Reads a possibly compressed name at `at`; `next` is where the record goes on. Every pointer
// must point backwards (so no loop), and hops and length are bounded.
Result<QString> readName(const QByteArray &m, qsizetype at, qsizetype &next)
{
    QString name;
    qsizetype bytes = 0;
    qsizetype pos = at;
    bool jumped = false;
    int hops = 0;
    while (true) {
        if (pos >= m.size())
            return Result<QString>::failure(QStringLiteral("a name runs past the end of the message"));
        const auto length = static_cast<quint8>(m.at(pos));
        if ((length & 0xC0) == 0xC0) {
            if (pos + 1 >= m.size())
                return Result<QString>::failure(QStringLiteral("a compression pointer runs past the end of the message"));
            const qsizetype target = read16(m, pos) & 0x3FFF;
            if (target >= pos || ++hops > kMaxPointerHops)
                return Result<QString>::failure(QStringLiteral("a compression pointer does not point backwards"));
            if (!jumped)
                next = pos + 2;
            jumped = true;
            pos = target;
            continue;
        }
        if ((length & 0xC0) != 0)
            return Result<QString>::failure(QStringLiteral("a label of an unknown kind (0x%1)").arg(length, 2, 16, QLatin1Char('0')));
        if (length == 0) {
            if (!jumped)
                next = pos + 1;
            return name.isEmpty() ? QStringLiteral(".") : name;
        }
        if (pos + 1 + length > m.size())
            return Result<QString>::failure(QStringLiteral("a label runs past the end of the message"));
        bytes += length + 1;
        if (bytes > kMaxNameBytes)
            return Result<QString>::failure(QStringLiteral("a name longer than 255 bytes"));
        name += QString::fromLatin1(m.mid(pos + 1, length)).toLower() + QLatin1Char('.');
        pos += 1 + length;
    }
}

} // namespace

QStringList DnsReply::values(const QString &name, quint16 type) const
{
    QStringList out;
    for (const DnsRecord &r : answers) {
        if (r.type == type && r.name == name)
            out << r.value;
    }
    return out;
}

namespace dns {

QString canonicalName(const QString &name)
{
    QString n = name.trimmed().toLower();
    if (!n.endsWith(QLatin1Char('.')))
        n += QLatin1Char('.');
    if (n.size() > kMaxNameBytes || n == QLatin1String("."))
        return {};
    const QStringList labels = n.left(n.size() - 1).split(QLatin1Char('.'));
    for (const QString &label : labels) {
        if (label.isEmpty() || label.size() > 63)
            return {};
        for (const QChar c : label) {
            if (!(c.isDigit() || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c == QLatin1Char('-') || c == QLatin1Char('_')))
                return {};
        }
    }
    return n;
}

QByteArray query(quint16 id, const QString &canonical, quint16 type)
{
    QByteArray m;
    m.append(static_cast<char>(id >> 8)).append(static_cast<char>(id & 0xFF));
    m.append('\0').append('\0'); // a standard query, RD off
    m.append('\0').append('\1');  // one question
    m.append(6, '\0');
    const QString n = canonical.endsWith(QLatin1Char('.')) ? canonical.left(canonical.size() - 1) : canonical;
    for (const QString &label : n.split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
        const QByteArray l = label.toLatin1();
        m.append(static_cast<char>(l.size())).append(l);
    }
    m.append('\0');
    m.append(static_cast<char>(type >> 8)).append(static_cast<char>(type & 0xFF));
    m.append('\0').append('\1'); // class IN
    return m;
}

Result<DnsReply> parseReply(const QByteArray &m)
{
    const auto fail = [](const QString &why) { return Result<DnsReply>::failure(QStringLiteral("not a DNS answer: %1").arg(why)); };
    if (m.size() < kHeaderBytes)
        return fail(QStringLiteral("%1 bytes, shorter than a header").arg(m.size()));
    if (m.size() > kMaxMessage)
        return fail(QStringLiteral("larger than a DNS message can be"));
    DnsReply reply;
    reply.id = read16(m, 0);
    const quint16 flags = read16(m, 2);
    if ((flags & 0x8000) == 0)
        return fail(QStringLiteral("a query, not a response"));
    reply.authoritative = (flags & 0x0400) != 0;
    reply.truncated = (flags & 0x0200) != 0;
    reply.rcode = flags & 0x000F;
    const quint16 questions = read16(m, 4);
    const quint16 answers = read16(m, 6);
    qsizetype pos = kHeaderBytes;
    for (int i = 0; i < questions; ++i) {
        qsizetype next = pos;
        if (const Result<QString> n = readName(m, pos, next); !n)
            return fail(n.error());
        if (next + 4 > m.size())
            return fail(QStringLiteral("a question runs past the end of the message"));
        pos = next + 4;
    }
    for (int i = 0; i < answers; ++i) {
        qsizetype next = pos;
        const Result<QString> owner = readName(m, pos, next);
        if (!owner)
            return fail(owner.error());
        if (next + 10 > m.size())
            return fail(QStringLiteral("an answer runs past the end of the message"));
        DnsRecord r;
        r.name = owner.value();
        r.type = read16(m, next);
        r.ttl = read32(m, next + 4);
        const quint16 length = read16(m, next + 8);
        const qsizetype data = next + 10;
        if (data + length > m.size())
            return fail(QStringLiteral("an answer's data runs past the end of the message"));
        if (r.type == kTypeA) {
            if (length != 4)
                return fail(QStringLiteral("an A record of %1 bytes").arg(length));
            r.value = QStringLiteral("%1.%2.%3.%4")
                          .arg(static_cast<quint8>(m.at(data)))
                          .arg(static_cast<quint8>(m.at(data + 1)))
                          .arg(static_cast<quint8>(m.at(data + 2)))
                          .arg(static_cast<quint8>(m.at(data + 3)));
        } else if (r.type == kTypeCname) {
            qsizetype end = data;
            const Result<QString> target = readName(m, data, end);
            if (!target)
                return fail(target.error());
            if (end > data + length)
                return fail(QStringLiteral("a CNAME target runs past its record"));
            r.value = target.value();
        }
        reply.answers << r;
        pos = data + length;
    }
    return reply;
}

QString rcodeName(int rcode)
{
    switch (rcode) {
    case 0: return QStringLiteral("NOERROR");
    case 1: return QStringLiteral("FORMERR");
    case 2: return QStringLiteral("SERVFAIL");
    case 3: return QStringLiteral("NXDOMAIN");
    case 4: return QStringLiteral("NOTIMP");
    case 5: return QStringLiteral("REFUSED");
    case 9: return QStringLiteral("NOTAUTH");
    default: return QStringLiteral("RCODE%1").arg(rcode);
    }
}

QString typeName(quint16 type)
{
    if (type == kTypeA)
        return QStringLiteral("A");
    if (type == kTypeCname)
        return QStringLiteral("CNAME");
    return QStringLiteral("TYPE%1").arg(type);
}

} // namespace dns

} // namespace greenlight
