#include "objectreader.h"

#include <algorithm>
#include <vector>

namespace greenlight {

using json = nlohmann::json;

QString jsonTypeName(const json &value)
{
    switch (value.type()) {
    case json::value_t::null: return QStringLiteral("null");
    case json::value_t::object: return QStringLiteral("an object");
    case json::value_t::array: return QStringLiteral("an array");
    case json::value_t::string: return QStringLiteral("a string");
    case json::value_t::boolean: return QStringLiteral("a boolean");
    case json::value_t::number_float: return QStringLiteral("a fractional number");
    default: return QStringLiteral("a number");
    }
}

static int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(static_cast<size_t>(b.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[static_cast<size_t>(j)];
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            row[static_cast<size_t>(j)] = std::min({above + 1, row[static_cast<size_t>(j - 1)] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row.back();
}

QString closestMatch(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::max<int>(2, static_cast<int>(word.size()) / 3) + 1;
    for (const QString &candidate : candidates) {
        const int d = editDistance(word.toLower(), candidate.toLower());
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

ObjectReader::ObjectReader(const json &object, QString pointer, QList<ConfigProblem> &problems,
                           const JsonLocator &locator)
    : m_object(object), m_pointer(std::move(pointer)), m_problems(problems), m_locator(locator)
{
    m_isObject = m_object.is_object();
    if (!m_isObject)
        problem(m_pointer, QStringLiteral("expected an object, found %1").arg(jsonTypeName(m_object)));
}

QString ObjectReader::pointerOf(const char *key) const
{
    return m_pointer + QLatin1Char('/') + escapePointerToken(QString::fromUtf8(key));
}

void ObjectReader::problem(const QString &pointer, const QString &message)
{
    m_problems.append({pointer.isEmpty() ? QStringLiteral("/") : pointer, m_locator.lineOf(pointer), 0, message});
}

const json *ObjectReader::field(const char *key, bool required)
{
    m_known.insert(QString::fromUtf8(key));
    if (!m_isObject)
        return nullptr;
    const auto it = m_object.find(key);
    if (it == m_object.end()) {
        if (required)
            problem(pointerOf(key), QStringLiteral("is required but missing"));
        return nullptr;
    }
    return &*it;
}

QString ObjectReader::string(const char *key, bool required, const QString &fallback)
{
    const json *v = field(key, required);
    if (!v)
        return fallback;
    if (!v->is_string()) {
        problem(pointerOf(key), QStringLiteral("expected a string, found %1").arg(jsonTypeName(*v)));
        return fallback;
    }
    const QString s = QString::fromStdString(v->get<std::string>());
    if (required && s.trimmed().isEmpty())
        problem(pointerOf(key), QStringLiteral("must not be empty"));
    return s;
}

int ObjectReader::integer(const char *key, int minimum, int maximum, int fallback, bool required)
{
    const json *v = field(key, required);
    if (!v)
        return fallback;
    if (!v->is_number_integer()) {
        problem(pointerOf(key), QStringLiteral("expected a number, found %1").arg(jsonTypeName(*v)));
        return fallback;
    }
    const auto n = v->get<long long>();
    if (n < minimum || n > maximum) {
        problem(pointerOf(key), QStringLiteral("must be between %1 and %2, found %3").arg(minimum).arg(maximum).arg(n));
        return fallback;
    }
    return static_cast<int>(n);
}

double ObjectReader::number(const char *key, double fallback, bool required)
{
    const json *v = field(key, required);
    if (!v)
        return fallback;
    if (!v->is_number()) {
        problem(pointerOf(key), QStringLiteral("expected a number, found %1").arg(jsonTypeName(*v)));
        return fallback;
    }
    return v->get<double>();
}

bool ObjectReader::boolean(const char *key, bool fallback)
{
    const json *v = field(key, false);
    if (!v)
        return fallback;
    if (!v->is_boolean()) {
        problem(pointerOf(key), QStringLiteral("expected true or false, found %1").arg(jsonTypeName(*v)));
        return fallback;
    }
    return v->get<bool>();
}

QStringList ObjectReader::stringList(const char *key, bool required)
{
    const json *v = child(key, json::value_t::array, required);
    QStringList out;
    if (!v)
        return out;
    for (size_t i = 0; i < v->size(); ++i) {
        const json &item = (*v)[i];
        if (!item.is_string()) {
            problem(pointerOf(key) + QLatin1Char('/') + QString::number(i),
                    QStringLiteral("expected a string, found %1").arg(jsonTypeName(item)));
            continue;
        }
        out << QString::fromStdString(item.get<std::string>());
    }
    if (required && out.isEmpty())
        problem(pointerOf(key), QStringLiteral("must list at least one entry"));
    return out;
}

const json *ObjectReader::child(const char *key, json::value_t type, bool required)
{
    const json *v = field(key, required);
    if (!v)
        return nullptr;
    if (v->type() != type) {
        json sample(type);
        problem(pointerOf(key), QStringLiteral("expected %1, found %2").arg(jsonTypeName(sample), jsonTypeName(*v)));
        return nullptr;
    }
    return v;
}

void ObjectReader::rejectUnknownKeys()
{
    if (!m_isObject)
        return;
    const QStringList known(m_known.cbegin(), m_known.cend());
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (m_known.contains(key))
            continue;
        const QString suggestion = closestMatch(key, known);
        problem(m_pointer + QLatin1Char('/') + escapePointerToken(key),
                suggestion.isEmpty() ? QStringLiteral("unknown key")
                                     : QStringLiteral("unknown key; did you mean \"%1\"?").arg(suggestion));
    }
}

} // namespace greenlight
