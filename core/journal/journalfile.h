#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace greenlight {

// The journal's file on this machine: durable, checked appends of whole lines. Every write,
// flush and fsync is checked; a failure names the file and the system's reason. Appends hold
// an exclusive flock, so processes sharing the file (the window and a CLI) never interleave.
class JournalFile final
{
public:
    explicit JournalFile(QString path) : m_path(std::move(path)) {}

    // Appends `line` (which ends in '\n') and fsyncs it. A last line left torn (no '\n': a
    // crash or a full disk mid-write) first gets its newline, so the fragment stays a line of
    // its own that readers skip, never glued onto this record. A write that fails part-way is
    // cut back off the file.
    [[nodiscard]] Status append(const QByteArray &line) const;

    // Can records be written? Creates the folder and the file, repairs a torn last line,
    // fsyncs, and checks that at least `minFreeBytes` are free on the file's disk.
    [[nodiscard]] Status checkWritable(qint64 minFreeBytes) const;

    [[nodiscard]] const QString &path() const { return m_path; }

private:
    // The file opened for append and locked; -1 with `why` set on failure.
    [[nodiscard]] int openLocked(QString &why) const;
    [[nodiscard]] Result<qint64> sizeOf(int fd) const;
    // Whether the file (of `size` bytes) ends in a line with no '\n': torn by a crash or a full disk.
    [[nodiscard]] Result<bool> endsTorn(int fd, qint64 size) const;
    [[nodiscard]] Status writeAll(int fd, const QByteArray &bytes) const;
    [[nodiscard]] Status sync(int fd) const;

    QString m_path;
};

} // namespace greenlight
