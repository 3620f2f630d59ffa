#pragma once

// What a version label may contain. A version is data: it is shell-quoted wherever it reaches a
// command, so any printable text is fine; what is refused is what would corrupt a terminal, a log
// line or the journal's one-line entries (control characters), or a label that says nothing.
// Header-only so the window and the command line check versions the same way.

#include <QChar>
#include <QString>

namespace greenlight {

// The longest version label accepted (a label, not a document).
inline constexpr qsizetype kMaxVersionLength = 256;

// True for characters that must never be printed raw: C0 and C1 controls, DEL, line and
// paragraph separators, and the bidirectional overrides that make text read differently
// from what it is.
[[nodiscard]] inline bool isUnprintable(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || u == 0x7f || (u >= 0x80 && u <= 0x9f) || u == 0x2028 || u == 0x2029
           || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
}

// Index of the first unprintable character of `text`, or -1.
[[nodiscard]] inline qsizetype firstUnprintable(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (isUnprintable(text.at(i)))
            return i;
    }
    return -1;
}

// "U+000A (line feed)" for the characters people meet; "U+0085" for the others.
[[nodiscard]] inline QString describeCharacter(QChar c)
{
    const QString code = QStringLiteral("U+") + QStringLiteral("%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
    switch (c.unicode()) {
    case 0x00: return code + QStringLiteral(" (NUL)");
    case 0x09: return code + QStringLiteral(" (tab)");
    case 0x0a: return code + QStringLiteral(" (line feed)");
    case 0x0d: return code + QStringLiteral(" (carriage return)");
    case 0x1b: return code + QStringLiteral(" (escape)");
    case 0x7f: return code + QStringLiteral(" (delete)");
    default: return code;
    }
}

// Why `version` cannot be deployed, or an empty string when it can.
[[nodiscard]] inline QString versionProblem(const QString &version)
{
    if (version.isEmpty())
        return QStringLiteral("the version is empty");
    if (version.trimmed().isEmpty())
        return QStringLiteral("the version is only spaces");
    if (const qsizetype at = firstUnprintable(version); at >= 0)
        return QStringLiteral("the version contains the control character %1 at position %2; a version is printable text")
            .arg(describeCharacter(version.at(at)))
            .arg(at + 1);
    if (version.size() > kMaxVersionLength)
        return QStringLiteral("the version is %1 characters long; at most %2 are accepted").arg(version.size()).arg(kMaxVersionLength);
    return {};
}

} // namespace greenlight
