#pragma once

#include "config/configloader.h"
#include "config/jsonlocator.h"

#include <nlohmann/json.hpp>

#include <QSet>
#include <QStringList>

namespace greenlight {

// Reads the fields of one JSON object, recording a problem (with path and line) for every
// missing, mistyped, out-of-range or unknown key. Private to the config loader.
class ObjectReader final
{
public:
    ObjectReader(const nlohmann::json &object, QString pointer, QList<ConfigProblem> &problems,
                 const JsonLocator &locator);

    [[nodiscard]] bool isObject() const { return m_isObject; }
    [[nodiscard]] QString string(const char *key, bool required, const QString &fallback = {});
    [[nodiscard]] int integer(const char *key, int minimum, int maximum, int fallback, bool required = false);
    [[nodiscard]] double number(const char *key, double fallback, bool required = false);
    [[nodiscard]] bool boolean(const char *key, bool fallback);
    [[nodiscard]] QStringList stringList(const char *key, bool required);
    [[nodiscard]] const nlohmann::json *child(const char *key, nlohmann::json::value_t type, bool required);
    [[nodiscard]] QString pointerOf(const char *key) const;
    void problem(const QString &pointer, const QString &message);
    // Reports keys that were never read; call after reading every known field.
    void rejectUnknownKeys();

private:
    const nlohmann::json *field(const char *key, bool required);

    const nlohmann::json &m_object;
    QString m_pointer;
    QList<ConfigProblem> &m_problems;
    const JsonLocator &m_locator;
    QSet<QString> m_known;
    bool m_isObject = false;
};

[[nodiscard]] QString jsonTypeName(const nlohmann::json &value);
[[nodiscard]] QString closestMatch(const QString &word, const QStringList &candidates);

} // namespace greenlight
