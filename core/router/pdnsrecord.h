#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace greenlight {

// The LUA record a pdns router owns: `A "pickwhashed({{90,'10.0.1.1'},{10,'10.0.2.1'}})"`
// (or pickwrandom). Written by `format`, read back from the API's JSON by `fromRrsetJson`:
// that JSON is outside text (fuzzed: fuzz_pdnsrecord).
struct PdnsPick
{
    struct Entry
    {
        int weight = 0;
        QString address;
    };
    bool hashed = true;
    QList<Entry> entries;
    int ttl = 0;

    [[nodiscard]] QString content() const; // the LUA record's content, as the API takes it
    [[nodiscard]] int totalWeight() const;
    [[nodiscard]] QStringList addressesWithWeight() const;

    // Parses a LUA record's content; only the two functions Greenlight writes are accepted.
    [[nodiscard]] static Result<PdnsPick> parseContent(const QString &content);
    // The one LUA rrset named `name` (canonical) in a GET .../zones/ZONE answer.
    [[nodiscard]] static Result<PdnsPick> fromRrsetJson(const QByteArray &json, const QString &name);
    // The PATCH body that REPLACEs that rrset with `pick`.
    [[nodiscard]] QByteArray patchBody(const QString &name) const;
};

} // namespace greenlight
