#pragma once

#include "config/jsonlocator.h"

#include <QByteArray>
#include <QString>

#include <string_view>
#include <unordered_map>
#include <vector>

// Private to the config loader: one iterative walk over JSON text, shared by JsonGuard (limits
// before parsing) and JsonLocator (lines after it).
namespace greenlight::jsonwalk {

// An object or array the walk is inside.
struct Frame
{
    bool isObject = false;
    bool expectKey = false;     // object: the next string is a key
    int line = 0;               // where it starts
    qsizetype index = -1;       // the index of the current element or member
    const char *key = nullptr;  // object: the key of the current member, as written
    qsizetype keySize = 0;
    // Scratch space for visitors.
    QString pointer;
    bool tracked = false;
    std::unordered_map<std::string_view, int> keyLines;
};
using Stack = std::vector<Frame>;

enum class Kind { Object, Array, String, Scalar };

// Decodes the contents of a JSON string (between its quotes), escapes included.
[[nodiscard]] inline QString decodeString(const char *p, qsizetype size)
{
    QString out;
    const char *const end = p + size;
    const char *run = p;
    while (p < end) {
        if (*p != '\\') {
            ++p;
            continue;
        }
        out += QString::fromUtf8(run, p - run);
        if (end - p < 2) {
            run = end;
            break;
        }
        const char e = p[1];
        p += 2;
        switch (e) {
        case 'b': out += QLatin1Char('\b'); break;
        case 'f': out += QLatin1Char('\f'); break;
        case 'n': out += QLatin1Char('\n'); break;
        case 'r': out += QLatin1Char('\r'); break;
        case 't': out += QLatin1Char('\t'); break;
        case 'u':
            if (end - p >= 4) {
                bool ok = false;
                const ushort unit = QByteArray(p, 4).toUShort(&ok, 16);
                if (ok)
                    out += QChar(unit); // surrogate pairs come as two escapes, two QChars
                p += 4;
            }
            break;
        default: out += QLatin1Char(e); break; // " \ /
        }
        run = p;
    }
    out += QString::fromUtf8(run, end - run);
    return out;
}

// The key of the frame's current member, decoded; a key too long for any limit is cut short.
[[nodiscard]] inline QString keyOf(const Frame &f, qsizetype maxKeyBytes)
{
    if (f.keySize > maxKeyBytes)
        return QString::fromUtf8(f.key, 32) + QStringLiteral("…");
    return decodeString(f.key, f.keySize);
}

// The pointer token of the frame's current member or element.
[[nodiscard]] inline QString token(const Frame &f, qsizetype maxKeyBytes)
{
    return f.isObject ? escapePointerToken(keyOf(f, maxKeyBytes)) : QString::number(f.index);
}

// The JSON pointer of the value (or key) the walk is at.
[[nodiscard]] inline QString pointerOf(const Stack &stack, qsizetype maxKeyBytes)
{
    QString pointer;
    for (const Frame &f : stack)
        pointer += QLatin1Char('/') + token(f, maxKeyBytes);
    return pointer;
}

[[nodiscard]] inline bool isDelimiter(char c)
{
    switch (c) {
    case ',': case ':': case '[': case ']': case '{': case '}': case '"':
    case ' ': case '\t': case '\r': case '\n':
        return true;
    default:
        return false;
    }
}

// Walks JSON text once, with an explicit stack (never recursion), in time linear in its size.
// Tolerant: malformed text is walked as well as it goes and never past its end; the parser
// reports syntax errors. A UTF-8 byte order mark is skipped. The visitor has
//   bool value(const Stack &, int line, Kind, const char *begin, qsizetype size)
//       at the start of each value; for strings begin/size are the raw contents, for scalars
//       the token; the stack's top frame names the value (its index or key)
//   void enter(Frame &)   after a container's frame was pushed
//   bool key(Stack &, int line)   after a key was read into the top frame
// and returns false to stop the walk. Keys are decoded only when a visitor asks (keyOf).
template<typename Visitor>
void walk(const QByteArray &text, Visitor &visitor)
{
    const char *p = text.constData();
    const char *const end = p + text.size();
    if (end - p >= 3 && uchar(p[0]) == 0xEF && uchar(p[1]) == 0xBB && uchar(p[2]) == 0xBF)
        p += 3;
    int line = 1;
    Stack stack;
    const auto startValue = [&](Kind kind, const char *begin, qsizetype size, int at) {
        if (!stack.empty())
            ++stack.back().index;
        return visitor.value(stack, at, kind, begin, size);
    };
    while (p < end) {
        const char c = *p;
        switch (c) {
        case '\n': ++line; ++p; break;
        case ' ': case '\t': case '\r': case ':': ++p; break;
        case ',':
            if (!stack.empty() && stack.back().isObject)
                stack.back().expectKey = true;
            ++p;
            break;
        case '}': case ']':
            if (!stack.empty())
                stack.pop_back();
            ++p;
            break;
        case '"': {
            const int startLine = line;
            const char *const begin = ++p;
            while (p < end && *p != '"') {
                if (*p == '\n')
                    ++line;
                if (*p == '\\' && end - p >= 2) {
                    if (p[1] == '\n')
                        ++line;
                    p += 2;
                    continue;
                }
                ++p;
            }
            const qsizetype size = p - begin;
            if (p < end)
                ++p; // closing quote
            if (!stack.empty() && stack.back().isObject && stack.back().expectKey) {
                Frame &f = stack.back();
                f.expectKey = false;
                f.key = begin;
                f.keySize = size;
                if (!visitor.key(stack, startLine))
                    return;
            } else if (!startValue(Kind::String, begin, size, startLine)) {
                return;
            }
            break;
        }
        case '{': case '[': {
            const bool isObject = c == '{';
            if (!startValue(isObject ? Kind::Object : Kind::Array, p, 1, line))
                return;
            Frame f;
            f.isObject = isObject;
            f.expectKey = isObject;
            f.line = line;
            stack.push_back(std::move(f));
            visitor.enter(stack.back());
            ++p;
            break;
        }
        default: {
            const char *const begin = p;
            while (p < end && !isDelimiter(*p))
                ++p;
            if (!startValue(Kind::Scalar, begin, p - begin, line))
                return;
            break;
        }
        }
    }
}

} // namespace greenlight::jsonwalk
