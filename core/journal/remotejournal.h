#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/deploymentconfig.h"
#include "journal/journaltail.h"
#include "ssh/hostpool.h"

#include <optional>

namespace greenlight {

// Follows the journal's copy on the router host — where every operator's runs meet: the CLI's,
// another console's — from where the last read stopped: a first read takes the newest MiB, each
// read at most kMaxReadBytes, and a copy that shrank (rotated, replaced) is read again from its
// start. Blocking; worker threads; one object, one thread at a time.
class RemoteJournal final
{
public:
    static constexpr qint64 kFirstReadBytes = 1024 * 1024;
    static constexpr qint64 kMaxReadBytes = 192 * 1024; // under what a command's output keeps

    // What the router host answered: the copy's size, the offset the bytes start at, the bytes.
    struct Reply
    {
        qint64 size = 0;
        qint64 offset = 0;
        QByteArray bytes;
    };

    RemoteJournal(HostPool &pool, const DeploymentConfig &config, Lane lane);

    // The records appended since the last call (several reads while catching up, bounded).
    [[nodiscard]] Result<QList<QJsonObject>> poll(const CancelToken &cancel);

    // The router host's answer, checked: a header "SIZE OFFSET\n" of two numbers with
    // OFFSET ≤ SIZE, then at most kMaxReadBytes. Outside text: nullopt when it is not that.
    [[nodiscard]] static std::optional<Reply> parseReply(const QByteArray &output);
    [[nodiscard]] static QString readCommand(const QString &path, qint64 offset);

private:
    [[nodiscard]] Result<Reply> read(qint64 offset, const CancelToken &cancel);

    HostPool &m_pool;
    QString m_host;
    QString m_path;
    Lane m_lane;
    qint64 m_offset = -1; // -1: not read yet
    JournalTail m_tail;
};

} // namespace greenlight
