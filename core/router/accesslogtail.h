#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace greenlight {

// Follows a router's access log over SSH from where the last read stopped: script() prints a
// marker, the offset it starts at and the log from there (at most kChunkBytes: when more
// arrived, only the newest part); take() hands the whole lines of what came back to a parser
// and remembers where to start next. The first read starts at the log's end: history is not
// this run's. A log that shrank (rotated) is read from its start.
class AccessLogTail final
{
public:
    // The command's output is kept up to 256 KiB; the log is read in smaller pieces.
    static constexpr qint64 kChunkBytes = 192 * 1024;

    explicit AccessLogTail(QString path) : m_path(std::move(path)) {}

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] static const QByteArray &marker();
    // Shell lines that print the marker and the log's new part (they exit 0 when the log is missing).
    [[nodiscard]] QString script() const;
    // `section`: the output after the marker. `parse` reads whole lines of a chunk and returns
    // how many bytes it used.
    void take(const QByteArray &section, const std::function<qsizetype(const QByteArray &)> &parse);

private:
    QString m_path;
    qint64 m_offset = -1; // where the next read starts; -1: at the log's end
};

} // namespace greenlight
