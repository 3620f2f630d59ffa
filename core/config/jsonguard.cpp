#include "jsonguard.h"

#include "config/jsonwalker.h"

#include <cmath>
#include <cstdlib>

namespace greenlight {

namespace {

using namespace configlimits;

class Guard final
{
public:
    explicit Guard(ProblemList &problems) : m_problems(problems) {}

    bool value(const jsonwalk::Stack &stack, int line, jsonwalk::Kind kind, const char *begin, qsizetype size)
    {
        switch (kind) {
        case jsonwalk::Kind::Object:
        case jsonwalk::Kind::Array:
            if (static_cast<qsizetype>(stack.size()) >= kMaxDepth) {
                add(stack, line, QStringLiteral("nested deeper than %1 levels of objects and arrays").arg(kMaxDepth));
                return false; // nothing deeper is walked, or parsed
            }
            break;
        case jsonwalk::Kind::String:
            if (size > kMaxStringBytes)
                add(stack, line, QStringLiteral("a string of %1 bytes; at most %2 are allowed").arg(size).arg(kMaxStringBytes));
            break;
        case jsonwalk::Kind::Scalar:
            if (size > 0 && (*begin == '-' || (*begin >= '0' && *begin <= '9')) && !fitsADouble(begin, size))
                add(stack, line, QStringLiteral("the number %1 is out of range").arg(shortened(begin, size)));
            break;
        }
        return !m_problems.full();
    }

    void enter(jsonwalk::Frame &) {}

    bool key(jsonwalk::Stack &stack, int line, qsizetype rawSize)
    {
        if (rawSize > kMaxKeyBytes) {
            add(stack, line, QStringLiteral("a key of %1 bytes; at most %2 are allowed").arg(rawSize).arg(kMaxKeyBytes));
            return !m_problems.full();
        }
        auto &lines = stack.back().keyLines; // the line each key of this object was first seen on
        const QString &key = stack.back().key;
        const auto seen = lines.constFind(key);
        if (seen == lines.cend())
            lines.insert(key, line);
        else
            add(stack, line, QStringLiteral("duplicate key \"%1\" (lines %2 and %3)").arg(key).arg(*seen).arg(line));
        return !m_problems.full();
    }

private:
    void add(const jsonwalk::Stack &stack, int line, const QString &message)
    {
        const QString pointer = jsonwalk::pointerOf(stack);
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
        const double value = std::strtod(number.c_str(), nullptr);
        return std::isfinite(value);
    }

    ProblemList &m_problems;
};

} // namespace

ProblemList JsonGuard::check(const QByteArray &text)
{
    ProblemList problems;
    Guard guard(problems);
    jsonwalk::walk(text, guard, kMaxKeyBytes);
    return problems;
}

} // namespace greenlight
