#pragma once

#include "model/runrecord.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace greenlight {

// Follows a journal's bytes as they arrive in chunks (the router host's copy, read from an
// offset): whole lines become records; a line cut by the chunk's end waits for the next chunk;
// a line that does not parse, or is longer than kMaxLineBytes, is skipped and counted. The text
// is outside input: bounded and never trusted.
class JournalTail final
{
public:
    static constexpr qsizetype kMaxLineBytes = 64 * 1024;

    // `startsMidLine`: the first chunk begins inside a line (a read from the middle of a file):
    // its first partial line is dropped.
    explicit JournalTail(bool startsMidLine = false) : m_skipToNewline(startsMidLine) {}

    [[nodiscard]] QList<QJsonObject> feed(const QByteArray &chunk);
    [[nodiscard]] int skippedLines() const { return m_skipped; }

private:
    QByteArray m_partial;
    bool m_skipToNewline = false;
    int m_skipped = 0;
};

// What the window needs of one journal record (an unknown kind is Kind::Other).
[[nodiscard]] RunRecord runRecordFrom(const QJsonObject &record);

} // namespace greenlight
