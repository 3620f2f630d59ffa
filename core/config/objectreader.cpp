#include "objectreader.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace greenlight {

using json = nlohmann::json;

namespace {

// Hints are worth their cost only for short words against a bounded list.
constexpr qsizetype kMaxHintWord = 32;
constexpr qsizetype kMaxHintCandidates = 1000;

int editDistance(const QString &a, const QString &b)
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

} // namespace

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

QString closestMatch(const QString &word, const QStringList &candidates)
{
    if (word.size() > kMaxHintWord || candidates.size() > kMaxHintCandidates)
        return {};
    QString best;
    int bestDistance = std::max<int>(2, static_cast<int>(word.size()) / 3) + 1;
    const QString lower = word.toLower();
    for (const QString &candidate : candidates) {
        if (candidate.size() > kMaxHintWord || std::abs(candidate.size() - word.size()) >= bestDistance)
            continue; // the distance is at least the difference in length
        const int d = editDistance(lower, candidate.toLower());
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

QString controlCharacterIn(const QString &s, bool multiLine)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (multiLine && (c == u'\n' || c == u'\t'))
            continue;
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            const QString code = QStringLiteral("U+%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0')).toUpper();
            const QString name = c == u'\n' ? QStringLiteral(" (new line)") : c == 0 ? QStringLiteral(" (NUL)") : QString();
            return QStringLiteral("%1%2 at character %3").arg(code, name, QString::number(i + 1));
        }
    }
    return {};
}

ObjectReader::ObjectReader(const json &object, QString pointer, ProblemList &problems)
    : m_object(object), m_pointer(std::move(pointer)), m_problems(problems)
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
    m_problems.add(pointer.isEmpty() ? QStringLiteral("/") : pointer, message);
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
    return text(key, required, fallback, false);
}

QString ObjectReader::command(const char *key, bool required, const QString &fallback)
{
    return text(key, required, fallback, true);
}

QString ObjectReader::text(const char *key, bool required, const QString &fallback, bool multiLine)
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
    if (const QString control = controlCharacterIn(s, multiLine); !control.isEmpty()) {
        problem(pointerOf(key), QStringLiteral("contains the control character %1%2")
                                    .arg(control, multiLine ? QString() : QStringLiteral("; this value must be one line")));
        return fallback;
    }
    return s;
}

int ObjectReader::integer(const char *key, int minimum, int maximum, int fallback, bool required)
{
    const json *v = field(key, required);
    if (!v)
        return fallback;
    if (!v->is_number()) {
        problem(pointerOf(key), QStringLiteral("expected a number, found %1").arg(jsonTypeName(*v)));
        return fallback;
    }
    const QString written = QString::fromStdString(v->dump());
    const double d = v->get<double>();
    if (v->is_number_float() && std::floor(d) != d) {
        problem(pointerOf(key), QStringLiteral("expected a whole number, found %1").arg(written));
        return fallback;
    }
    // Unsigned, signed and (whole) floating numbers are compared each in their own type: a
    // number too large for a long long must not wrap into the range.
    bool inRange = false;
    if (v->is_number_unsigned()) {
        const auto u = v->get<unsigned long long>();
        inRange = u <= static_cast<unsigned long long>(std::max(maximum, 0)) && static_cast<long long>(u) >= minimum;
    } else if (v->is_number_integer()) {
        const auto n = v->get<long long>();
        inRange = n >= minimum && n <= maximum;
    } else {
        inRange = d >= minimum && d <= maximum;
    }
    if (!inRange) {
        problem(pointerOf(key), QStringLiteral("must be between %1 and %2, found %3").arg(minimum).arg(maximum).arg(written));
        return fallback;
    }
    return static_cast<int>(d);
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

QStringList ObjectReader::stringList(const char *key, bool required, qsizetype maxEntries)
{
    const json *v = child(key, json::value_t::array, required);
    QStringList out;
    if (!v)
        return out;
    if (static_cast<qsizetype>(v->size()) > maxEntries) {
        problem(pointerOf(key), QStringLiteral("has %1 entries; at most %2 are allowed").arg(v->size()).arg(maxEntries));
        return out;
    }
    for (size_t i = 0; i < v->size(); ++i) {
        const json &item = (*v)[i];
        const QString pointer = pointerOf(key) + QLatin1Char('/') + QString::number(i);
        if (!item.is_string()) {
            problem(pointer, QStringLiteral("expected a string, found %1").arg(jsonTypeName(item)));
            continue;
        }
        const QString s = QString::fromStdString(item.get<std::string>());
        if (const QString control = controlCharacterIn(s, false); !control.isEmpty()) {
            problem(pointer, QStringLiteral("contains the control character %1; this value must be one line").arg(control));
            continue;
        }
        out << s;
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
        if (m_problems.full()) {
            m_problems.add({}); // only counted
            continue;
        }
        const QString suggestion = closestMatch(key, known);
        problem(m_pointer + QLatin1Char('/') + escapePointerToken(key),
                suggestion.isEmpty() ? QStringLiteral("unknown key")
                                     : QStringLiteral("unknown key; did you mean \"%1\"?").arg(suggestion));
    }
}

} // namespace greenlight
