#pragma once

// A JSON Schema checker for the small subset docs/cli-json.md uses: type (a name or a list of
// names), properties, required, additionalProperties (false), enum, items, minimum. Anything
// else in a schema is refused, so the documentation cannot use a keyword this does not check.

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace greenlight::test {

inline bool jsonHasType(const QJsonValue &v, const QString &type)
{
    if (type == QLatin1String("string"))
        return v.isString();
    if (type == QLatin1String("boolean"))
        return v.isBool();
    if (type == QLatin1String("null"))
        return v.isNull();
    if (type == QLatin1String("object"))
        return v.isObject();
    if (type == QLatin1String("array"))
        return v.isArray();
    if (type == QLatin1String("number"))
        return v.isDouble();
    if (type == QLatin1String("integer"))
        return v.isDouble() && v.toDouble() == double(qint64(v.toDouble()));
    return false;
}

// The problems of `value` against `schema` (empty: it conforms), each prefixed with its path.
inline QStringList jsonSchemaProblems(const QJsonValue &value, const QJsonObject &schema, const QString &path = QStringLiteral("$"))
{
    static const QStringList known = {QStringLiteral("type"), QStringLiteral("properties"), QStringLiteral("required"),
                                      QStringLiteral("additionalProperties"), QStringLiteral("enum"), QStringLiteral("items"),
                                      QStringLiteral("minimum")};
    QStringList problems;
    for (const QString &key : schema.keys()) {
        if (!known.contains(key))
            problems << QStringLiteral("%1: the schema uses \"%2\", which this checker does not know").arg(path, key);
    }
    if (schema.contains(QStringLiteral("type"))) {
        const QJsonValue t = schema.value(QStringLiteral("type"));
        const QJsonArray types = t.isArray() ? t.toArray() : QJsonArray{t};
        bool any = false;
        for (const QJsonValue &name : types)
            any = any || jsonHasType(value, name.toString());
        if (!any)
            return problems << QStringLiteral("%1: expected type %2").arg(path, t.isArray() ? t.toVariant().toStringList().join(QLatin1Char('|')) : t.toString());
    }
    if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).toArray().contains(value))
        problems << QStringLiteral("%1: %2 is not one of the enum").arg(path, value.toVariant().toString());
    if (schema.contains(QStringLiteral("minimum")) && value.isDouble() && value.toDouble() < schema.value(QStringLiteral("minimum")).toDouble())
        problems << QStringLiteral("%1: below the minimum").arg(path);
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
            if (!o.contains(name.toString()))
                problems << QStringLiteral("%1: missing \"%2\"").arg(path, name.toString());
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (properties.contains(it.key()))
                problems += jsonSchemaProblems(it.value(), properties.value(it.key()).toObject(), path + QLatin1Char('.') + it.key());
            else if (schema.value(QStringLiteral("additionalProperties")) == QJsonValue(false))
                problems << QStringLiteral("%1: \"%2\" is not in the schema").arg(path, it.key());
        }
    }
    if (value.isArray() && schema.contains(QStringLiteral("items"))) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            problems += jsonSchemaProblems(a.at(i), schema.value(QStringLiteral("items")).toObject(), QStringLiteral("%1[%2]").arg(path).arg(i));
    }
    return problems;
}

} // namespace greenlight::test
