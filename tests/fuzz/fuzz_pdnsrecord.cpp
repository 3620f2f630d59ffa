// libFuzzer target: the PowerDNS API's answer to GET .../zones/ZONE?rrset_name=…&rrset_type=LUA
// as the pdns router reads it back (JSON, then the LUA record's content). An accepted record has
// IPv4 entries with bounded weights, and writes back to content that parses to the same record.
#include "fuzzcheck.h"
#include "router/pdnsrecord.h"

#include <QHostAddress>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    const QByteArray json(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<PdnsPick> pick = PdnsPick::fromRrsetJson(json, QStringLiteral("www.shop.test."));
    fuzz::checkRefusal(pick);
    // The content alone too (the JSON wrapper rarely survives mutation).
    const Result<PdnsPick> content = PdnsPick::parseContent(QString::fromUtf8(json));
    fuzz::checkRefusal(content);
    for (const Result<PdnsPick> *p : {&pick, &content}) {
        if (!*p)
            continue;
        fuzz::check(!(*p)->entries.isEmpty(), "an accepted record has entries");
        for (const PdnsPick::Entry &e : (*p)->entries)
            fuzz::check(e.weight >= 0 && e.weight <= 1000000 && QHostAddress(e.address).protocol() == QAbstractSocket::IPv4Protocol,
                        "entries are IPv4 addresses with bounded weights");
        const Result<PdnsPick> again = PdnsPick::parseContent((*p)->content());
        fuzz::check(again && again->entries.size() == (*p)->entries.size() && again->hashed == (*p)->hashed,
                    "a record written back parses to the same record");
    }
    return 0;
}
