#include "journalshipper.h"

#include "common/safename.h"
#include "common/shellquote.h"
#include "journal/journal.h"

#include <QCoreApplication>
#include <QFile>
#include <QFuture>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QThread>

#include <cstdio>

namespace greenlight {

namespace {

constexpr qint64 kMaxBatchBytes = 1024 * 1024;
// With no record of what was shipped, the last this-many bytes are offered again (the router
// host skips what it has): the records of a process killed before it could ship reach it.
constexpr qint64 kCatchUpBytes = 256 * 1024;
// The last line of every batch: the router host appends only batches that arrived whole.
constexpr char kEndMarker[] = ".end";

QString shippedFile(const QString &localPath)
{
    return localPath + QStringLiteral(".shipped");
}

} // namespace

JournalShipper::JournalShipper(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_pool(pool), m_host(config.router.host), m_path(remotePathFor(config)), m_deployment(config.name), m_lane(lane)
{
}

QString JournalShipper::remotePathFor(const DeploymentConfig &config)
{
    if (!config.router.journalPath.isEmpty())
        return config.router.journalPath;
    return QStringLiteral(".greenlight/journal/") + safeFileName(config.name) + QStringLiteral(".jsonl");
}

QString JournalShipper::appendCommand(const QString &remotePath)
{
    // The lines arrive in a file beside the copy and must end with the ".end" line: a batch cut
    // short by a lost connection appends nothing. Under flock, a torn last line is ended, then
    // only lines not already in the copy's last MiB (a retry after a timeout) are appended.
    // Mostly shell builtins: each ship costs a handful of processes on the router host.
    return QStringLiteral(
               "f=%1\n"
               "if [ ! -f \"$f\" ]; then case $f in */*) mkdir -p -- \"${f%/*}\" || exit 1;; esac; : >> \"$f\" || exit 1; fi\n"
               "t=\"$f.incoming.$$\"\n"
               "trap 'rm -f -- \"$t\"' EXIT\n"
               "cat > \"$t\" || exit 1\n"
               "[ \"$(tail -n 1 -- \"$t\")\" = %2 ] || { echo \"the lines arrived cut short; nothing appended\" >&2; exit 1; }\n"
               "exec 9>>\"$f\" || exit 1\n"
               "if command -v flock >/dev/null 2>&1; then flock -w 5 9 || { echo \"$f stays locked by another ship\" >&2; exit 75; }; fi\n"
               "[ -s \"$f\" ] && [ -n \"$(tail -c 1 -- \"$f\")\" ] && { printf '\\n' >&9 || exit 1; }\n"
               "tail -c 1048576 -- \"$f\" | grep -vxF -e %2 -f - -- \"$t\" >&9\n"
               "[ $? -le 1 ] || exit 1\n"
               "sync -- \"$f\" 2>/dev/null || :\n")
        .arg(shellQuote(remotePath), QLatin1String(kEndMarker));
}

QString JournalShipper::offsetKey() const
{
    return QStringLiteral("%1@%2:%3").arg(m_deployment, m_host, m_path);
}

qint64 JournalShipper::loadOffset(const QString &localPath, qint64 size) const
{
    qint64 offset = -1;
    QFile file(shippedFile(localPath));
    if (file.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        if (o.contains(offsetKey()))
            offset = o.value(offsetKey()).toInteger();
    }
    if (localPath == m_shippedFile)
        offset = std::max(offset, m_shippedTo);
    if (offset < 0)
        offset = std::max<qint64>(0, size - kCatchUpBytes);
    return offset > size ? 0 : offset; // a journal replaced by a shorter one starts over
}

void JournalShipper::saveOffset(const QString &localPath, qint64 offset) const
{
    const QString path = shippedFile(localPath);
    QFile current(path);
    QJsonObject o;
    if (current.open(QIODevice::ReadOnly))
        o = QJsonDocument::fromJson(current.readAll()).object();
    o.insert(offsetKey(), offset);
    // Written beside and renamed over (never half-written), but not fsynced: a position lost in
    // a crash only offers lines again, which the router host skips. No fsync on every record.
    QFile next(QStringLiteral("%1.%2-%3").arg(path, QString::number(QCoreApplication::applicationPid()), QString::number(QRandomGenerator::global()->generate())));
    const bool saved = next.open(QIODevice::WriteOnly) && next.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) >= 0 && next.flush();
    next.close();
    if (!saved || std::rename(QFile::encodeName(next.fileName()).constData(), QFile::encodeName(path).constData()) != 0) {
        QFile::remove(next.fileName());
        qWarning("greenlight: cannot remember what was shipped in %s: %s", qPrintable(path), qPrintable(next.errorString()));
    }
}

JournalShipper::Batch JournalShipper::readBatch(const QString &localPath, qint64 from) const
{
    Batch batch;
    batch.end = from;
    QFile file(localPath);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(from))
        return batch;
    QByteArray bytes = file.read(kMaxBatchBytes);
    qsizetype begin = 0;
    if (from > 0) {
        // Start on a line boundary (a guessed offset may fall inside a line).
        file.seek(from - 1);
        char before = '\n';
        if (file.getChar(&before) && before != '\n') {
            begin = bytes.indexOf('\n') + 1;
            if (begin == 0)
                return batch;
        }
    }
    const qsizetype lastNewline = bytes.lastIndexOf('\n');
    if (lastNewline < begin)
        return batch; // only a line still being written, or a torn one: not yet
    batch.end = from + lastNewline + 1;
    for (const QByteArray &line : bytes.mid(begin, lastNewline - begin).split('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject() || doc.object().value(QStringLiteral("deployment")).toString() != m_deployment)
            continue; // a torn fragment, or another deployment sharing the file
        batch.lines += line + '\n';
        ++batch.records;
    }
    return batch;
}

Status JournalShipper::send(const Batch &batch, std::chrono::milliseconds budget)
{
    CommandRequest request;
    request.command = appendCommand(m_path);
    request.input = batch.lines + kEndMarker + '\n';
    request.timeout = budget;
    QFuture<CommandResult> f = m_pool.run(m_host, request, m_lane);
    QElapsedTimer clock;
    clock.start();
    // The command's own timeout starts once it runs; this bounds the wait for a busy or
    // reconnecting session too.
    while (!f.isFinished() && clock.elapsed() < budget.count() + 250)
        QThread::msleep(2);
    if (!f.isFinished()) {
        request.cancel.cancel();
        return Status::failure(QStringLiteral("no answer from %1 within %2 ms").arg(m_host, QString::number(budget.count())));
    }
    const CommandResult r = f.result();
    if (!r.ok())
        return Status::failure(r.summary());
    return {};
}

Status JournalShipper::shipPending(const Journal &journal, std::chrono::milliseconds timeout)
{
    if (!m_lastFailure && m_failedAt.isValid() && m_failedAt.elapsed() < kRetryPause.count())
        return m_lastFailure;
    QElapsedTimer clock;
    clock.start();
    const QString localPath = journal.path();
    qint64 offset = loadOffset(localPath, QFile(localPath).size());
    while (true) {
        const Batch batch = readBatch(localPath, offset);
        if (batch.end == offset)
            break;
        if (batch.records > 0) {
            const auto left = timeout - std::chrono::milliseconds(clock.elapsed());
            const Status sent = left.count() > 0 ? send(batch, left)
                                                 : Status::failure(QStringLiteral("out of time after %1 ms").arg(clock.elapsed()));
            if (!sent) {
                m_lastFailure = Status::failure(QStringLiteral("the journal's copy %1 on %2 is behind by %3 record(s): %4; "
                                                               "they stay queued and go with the next record")
                                                    .arg(m_path, m_host)
                                                    .arg(batch.records)
                                                    .arg(sent.error()));
                m_failedAt.start();
                return m_lastFailure;
            }
        }
        offset = batch.end;
        m_shippedFile = localPath;
        m_shippedTo = offset;
        saveOffset(localPath, offset);
    }
    m_lastFailure = {};
    m_failedAt.invalidate();
    return {};
}

} // namespace greenlight
