#include "pdnsrecord.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace greenlight {

namespace {
constexpr int kMaxEntries = 1000;
constexpr int kMaxWeight = 1000000;
} // namespace

QString PdnsPick::content() const
{
    QStringList parts;
    for (const Entry &e : entries)
        parts << QStringLiteral("{%1,'%2'}").arg(e.weight).arg(e.address);
    return QStringLiteral("A \"%1({%2})\"").arg(hashed ? QStringLiteral("pickwhashed") : QStringLiteral("pickwrandom"),
                                                 parts.join(QLatin1Char(',')));
}

int PdnsPick::totalWeight() const
{
    int total = 0;
    for (const Entry &e : entries)
        total += e.weight;
    return total;
}

QStringList PdnsPick::addressesWithWeight() const
{
    QStringList out;
    for (const Entry &e : entries) {
        if (e.weight > 0)
            out << e.address;
    }
    return out;
}

Result<PdnsPick> PdnsPick::parseContent(const QString &content)
{
    const auto fail = [&](const QString &why) {
        return Result<PdnsPick>::failure(QStringLiteral("the LUA record \"%1\" %2").arg(content.left(200), why));
    };
    static const QRegularExpression whole(QStringLiteral("^\\s*A\\s+\"\\s*(pickwhashed|pickwrandom)\\s*\\(\\s*\\{(.*)\\}\\s*\\)\\s*\"\\s*$"));
    const QRegularExpressionMatch m = whole.match(content);
    if (!m.hasMatch())
        return fail(QStringLiteral("is not an A pickwhashed or pickwrandom record; Greenlight owns this record and writes only those"));
    PdnsPick pick;
    pick.hashed = m.captured(1) == QLatin1String("pickwhashed");
    static const QRegularExpression entry(QStringLiteral("\\G\\s*\\{\\s*(\\d{1,7})\\s*,\\s*'([0-9.]{7,15})'\\s*\\}\\s*(,|$)"));
    const QString list = m.captured(2);
    qsizetype at = 0;
    while (at < list.size()) {
        const QRegularExpressionMatch e = entry.match(list, at, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!e.hasMatch())
            return fail(QStringLiteral("has an entry that is not {weight,'IPv4 address'} at \"%1\"").arg(list.mid(at, 40)));
        const int weight = e.captured(1).toInt();
        const QString address = e.captured(2);
        if (weight > kMaxWeight || QHostAddress(address).protocol() != QAbstractSocket::IPv4Protocol)
            return fail(QStringLiteral("has the entry {%1,'%2'}").arg(e.captured(1), address));
        if (pick.entries.size() >= kMaxEntries)
            return fail(QStringLiteral("has more than %1 entries").arg(kMaxEntries));
        pick.entries << Entry{weight, address};
        at = e.capturedEnd(0);
        if (e.captured(3).isEmpty())
            break;
    }
    if (at < list.size() || pick.entries.isEmpty())
        return fail(QStringLiteral("has no list of {weight,'address'} entries"));
    return pick;
}

Result<PdnsPick> PdnsPick::fromRrsetJson(const QByteArray &json, const QString &name)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return Result<PdnsPick>::failure(QStringLiteral("the PowerDNS API answered something that is not a zone: %1")
                                             .arg(error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("not an object")));
    const QJsonValue rrsets = doc.object().value(QStringLiteral("rrsets"));
    if (!rrsets.isArray())
        return Result<PdnsPick>::failure(QStringLiteral("the PowerDNS API's zone has no \"rrsets\" list"));
    QList<QJsonObject> found;
    for (const QJsonValue &v : rrsets.toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("name")).toString().compare(name, Qt::CaseInsensitive) == 0
            && o.value(QStringLiteral("type")).toString() == QLatin1String("LUA"))
            found << o;
    }
    if (found.isEmpty())
        return Result<PdnsPick>::failure(QStringLiteral("PowerDNS has no LUA record named %1; create it (docs/config.md, \"type\": \"pdns\")").arg(name));
    QStringList contents;
    for (const QJsonValue &r : found.first().value(QStringLiteral("records")).toArray()) {
        if (!r.toObject().value(QStringLiteral("disabled")).toBool(false))
            contents << r.toObject().value(QStringLiteral("content")).toString();
    }
    if (found.size() != 1 || contents.size() != 1)
        return Result<PdnsPick>::failure(QStringLiteral("PowerDNS has %1 enabled LUA records named %2; Greenlight owns exactly one")
                                             .arg(found.size() == 1 ? contents.size() : found.size()).arg(name));
    const Result<PdnsPick> parsed = parseContent(contents.first());
    if (!parsed)
        return parsed;
    PdnsPick pick = parsed.value();
    pick.ttl = found.first().value(QStringLiteral("ttl")).toInt();
    return pick;
}

QByteArray PdnsPick::patchBody(const QString &name) const
{
    const QJsonObject record{{QStringLiteral("content"), content()}, {QStringLiteral("disabled"), false}};
    const QJsonObject rrset{{QStringLiteral("name"), name},           {QStringLiteral("type"), QStringLiteral("LUA")},
                            {QStringLiteral("ttl"), ttl},             {QStringLiteral("changetype"), QStringLiteral("REPLACE")},
                            {QStringLiteral("records"), QJsonArray{record}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("rrsets"), QJsonArray{rrset}}}).toJson(QJsonDocument::Compact);
}

} // namespace greenlight
