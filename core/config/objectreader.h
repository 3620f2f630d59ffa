#pragma once

#include "config/jsonlocator.h"
#include "config/problemlist.h"

#include <nlohmann/json.hpp>

#include <QSet>
#include <QStringList>

namespace greenlight {

// Reads the fields of one JSON object, recording a problem (with its path) for every missing,
// mistyped, out-of-range or unknown key. Private to the config loader, which adds the lines.
class ObjectReader final
{
public:
    ObjectReader(const nlohmann::json &object, QString pointer, ProblemList &problems);

    [[nodiscard]] bool isObject() const { return m_isObject; }
    // A one-line string: control characters (a new line included) are a problem.
    [[nodiscard]] QString string(const char *key, bool required, const QString &fallback = {});
    // A shell command line: may span lines (tabs and new lines), no other control characters.
    [[nodiscard]] QString command(const char *key, bool required, const QString &fallback = {});
    [[nodiscard]] int integer(const char *key, int minimum, int maximum, int fallback, bool required = false);
    [[nodiscard]] double number(const char *key, double fallback, bool required = false);
    [[nodiscard]] bool boolean(const char *key, bool fallback);
    // One-line strings, at most maxEntries of them.
    [[nodiscard]] QStringList stringList(const char *key, bool required, qsizetype maxEntries);
    [[nodiscard]] const nlohmann::json *child(const char *key, nlohmann::json::value_t type, bool required);
    [[nodiscard]] QString pointerOf(const char *key) const;
    void problem(const QString &pointer, const QString &message);
    // Reports keys that were never read; call after reading every known field.
    void rejectUnknownKeys();

private:
    const nlohmann::json *field(const char *key, bool required);
    QString text(const char *key, bool required, const QString &fallback, bool multiLine);

    const nlohmann::json &m_object;
    QString m_pointer;
    ProblemList &m_problems;
    QSet<QString> m_known;
    bool m_isObject = false;
};

[[nodiscard]] QString jsonTypeName(const nlohmann::json &value);
// The candidate within a few edits of word, for a "did you mean"; empty when none, or when word
// is too long or the candidates too many for the hint to be worth its cost.
[[nodiscard]] QString closestMatch(const QString &word, const QStringList &candidates);
// A control character in s, described ("U+000A (new line)"); empty when there is none.
[[nodiscard]] QString controlCharacterIn(const QString &s, bool multiLine);

} // namespace greenlight
