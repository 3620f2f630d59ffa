#include "jsonguard.h"

#include "config/jsonwalker.h"

#include <cmath>
#include <cstdlib>
#include <deque>
#include <string>

namespace greenlight {

namespace {

using namespace configlimits;

class Guard final
{
public:
    explicit Guard(ProblemList &problems) : m_problems(problems) {}

    bool value(const jsonwalk::Stack &stack, int line, jsonwalk::Kind kind, const char *begin, qsizetype size)
    {
        if (++m_values > kMaxValues) {
            add(stack, line, QStringLiteral("the file holds more than %1 values; at most %1 are allowed").arg(kMaxValues));
            return false;
        }
        if (!stack.empty() && stack.back().index >= kMaxEntries) {
            jsonwalk::Stack container(stack.cbegin(), stack.cend() - 1);
            add(container, stack.back().line, QStringLiteral("has more than %1 %2; at most %1 are allowed")
                                     .arg(kMaxEntries).arg(stack.back().isObject ? QStringLiteral("members") : QStringLiteral("entries")));
            return false; // nothing more is walked, or parsed
        }
        switch (kind) {
        case jsonwalk::Kind::Object:
        case jsonwalk::Kind::Array:
            if (static_cast<qsizetype>(stack.size()) >= kMaxDepth) {
                add(stack, line, QStringLiteral("nested deeper than %1 levels of objects and arrays").arg(kMaxDepth));
                return false;
            }
            break;
        case jsonwalk::Kind::String:
            if (size > kMaxStringBytes)
                add(stack, line, QStringLiteral("a string of %1 bytes; at most %2 are allowed").arg(size).arg(kMaxStringBytes));
            break;
        case jsonwalk::Kind::Scalar:
            if (size > kMaxStringBytes)
                add(stack, line, QStringLiteral("a value of %1 bytes; at most %2 are allowed").arg(size).arg(kMaxStringBytes));
            else if (size > 0 && (*begin == '-' || (*begin >= '0' && *begin <= '9')) && !fitsADouble(begin, size))
                add(stack, line, QStringLiteral("the number %1 is out of range").arg(shortened(begin, size)));
            break;
        }
        return !m_problems.full();
    }

    void enter(jsonwalk::Frame &) {}

    bool key(jsonwalk::Stack &stack, int line)
    {
        jsonwalk::Frame &f = stack.back();
        if (f.keySize > kMaxKeyBytes) {
            add(stack, line, QStringLiteral("a key of %1 bytes; at most %2 are allowed").arg(f.keySize).arg(kMaxKeyBytes));
            return !m_problems.full();
        }
        // Keys compare as the parser will see them: as written, unless an escape spells them.
        std::string_view key(f.key, static_cast<size_t>(f.keySize));
        if (key.find('\\') != std::string_view::npos)
            key = m_decoded.emplace_back(jsonwalk::decodeString(f.key, f.keySize).toStdString());
        const auto [seen, inserted] = f.keyLines.try_emplace(key, line);
        if (!inserted)
            add(stack, line, QStringLiteral("duplicate key \"%1\" (lines %2 and %3)").arg(jsonwalk::keyOf(f, kMaxKeyBytes), QString::number(seen->second), QString::number(line)));
        return !m_problems.full();
    }

private:
    void add(const jsonwalk::Stack &stack, int line, const QString &message)
    {
        const QString pointer = jsonwalk::pointerOf(stack, kMaxKeyBytes);
        m_problems.add({pointer.isEmpty() ? QStringLiteral("/") : pointer, line, 0, message});
    }

    static QString shortened(const char *begin, qsizetype size)
    {
        return size <= 40 ? QString::fromLatin1(begin, size) : QString::fromLatin1(begin, 40) + QStringLiteral("…");
    }

    // What nlohmann::json would throw out_of_range for: a number beyond a double.
    static bool fitsADouble(const char *begin, qsizetype size)
    {
        const std::string number(begin, static_cast<size_t>(size));
        return std::isfinite(std::strtod(number.c_str(), nullptr));
    }

    ProblemList &m_problems;
    qsizetype m_values = 0;
    std::deque<std::string> m_decoded; // keys spelt with escapes, decoded; referenced by the frames
};

} // namespace

ProblemList JsonGuard::check(const QByteArray &text)
{
    ProblemList problems;
    Guard guard(problems);
    jsonwalk::walk(text, guard);
    return problems;
}

} // namespace greenlight
