#include "remotejournal.h"

#include "common/shellquote.h"
#include "journal/journalshipper.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QThread>

namespace greenlight {

namespace {
constexpr int kReadTimeoutMs = 4000;
constexpr int kMaxReadsPerPoll = 8; // catching up on a long copy takes a few polls, never a long one
constexpr qint64 kMaxOffset = qint64(1) << 50;
} // namespace

RemoteJournal::RemoteJournal(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_pool(pool), m_host(config.router.host), m_path(JournalShipper::remotePathFor(config)), m_lane(lane)
{
}

QString RemoteJournal::readCommand(const QString &path, qint64 offset)
{
    // A negative offset asks for the newest kFirstReadBytes; an offset past the end (the copy
    // shrank) starts again from 0. The header says where the bytes begin.
    return QStringLiteral("f=%1; o=%2\n"
                          "[ -f \"$f\" ] || { echo '0 0'; exit 0; }\n"
                          "s=$(wc -c < \"$f\") || exit 1\n"
                          "if [ \"$o\" -lt 0 ]; then o=$(( s > %3 ? s - %3 : 0 )); elif [ \"$o\" -gt \"$s\" ]; then o=0; fi\n"
                          "echo \"$s $o\"\n"
                          "tail -c +$((o + 1)) -- \"$f\" | head -c %4\n")
        .arg(shellQuote(path))
        .arg(offset)
        .arg(kFirstReadBytes)
        .arg(kMaxReadBytes);
}

std::optional<RemoteJournal::Reply> RemoteJournal::parseReply(const QByteArray &output)
{
    const qsizetype newline = output.indexOf('\n');
    if (newline < 0 || newline > 48)
        return std::nullopt;
    const QList<QByteArray> header = output.left(newline).trimmed().split(' ');
    if (header.size() != 2)
        return std::nullopt;
    bool sizeOk = false;
    bool offsetOk = false;
    Reply reply;
    reply.size = header.at(0).toLongLong(&sizeOk);
    reply.offset = header.at(1).toLongLong(&offsetOk);
    if (!sizeOk || !offsetOk || reply.size < 0 || reply.offset < 0 || reply.offset > reply.size || reply.size > kMaxOffset)
        return std::nullopt;
    reply.bytes = output.mid(newline + 1);
    if (reply.bytes.size() > kMaxReadBytes || reply.offset + reply.bytes.size() > reply.size)
        return std::nullopt;
    return reply;
}

Result<RemoteJournal::Reply> RemoteJournal::read(qint64 offset, const CancelToken &cancel)
{
    CommandRequest request;
    request.command = readCommand(m_path, offset);
    request.timeout = std::chrono::milliseconds(kReadTimeoutMs);
    request.cancel = cancel;
    QFuture<CommandResult> f = m_pool.run(m_host, request, m_lane);
    QElapsedTimer clock;
    clock.start();
    while (!f.isFinished() && clock.elapsed() < kReadTimeoutMs + 250 && !cancel.isCancelled())
        QThread::msleep(5);
    if (!f.isFinished()) {
        request.cancel.cancel();
        return Result<Reply>::failure(QStringLiteral("no answer from %1 within %2 ms").arg(m_host).arg(kReadTimeoutMs));
    }
    const CommandResult r = f.result();
    if (!r.ok())
        return Result<Reply>::failure(r.summary());
    const std::optional<Reply> reply = parseReply(r.stdoutTail);
    if (!reply)
        return Result<Reply>::failure(QStringLiteral("%1: the journal's copy could not be read (unexpected answer)").arg(m_host));
    return *reply;
}

Result<QList<QJsonObject>> RemoteJournal::poll(const CancelToken &cancel)
{
    QList<QJsonObject> records;
    for (int i = 0; i < kMaxReadsPerPoll; ++i) {
        const Result<Reply> reply = read(m_offset, cancel);
        if (!reply)
            return Result<QList<QJsonObject>>::failure(reply.error());
        if (reply->offset != m_offset)
            m_tail = JournalTail(reply->offset > 0); // a first read, or the copy shrank: a new tail
        records += m_tail.feed(reply->bytes);
        m_offset = reply->offset + reply->bytes.size();
        if (m_offset >= reply->size)
            break;
    }
    return records;
}

} // namespace greenlight
