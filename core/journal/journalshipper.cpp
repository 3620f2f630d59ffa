#include "journalshipper.h"

#include "common/safename.h"
#include "common/shellquote.h"
#include "journal/journal.h"

#include <QFuture>

namespace greenlight {

JournalShipper::JournalShipper(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_pool(pool), m_host(config.router.host), m_path(config.router.journalPath), m_lane(lane)
{
    if (m_path.isEmpty())
        m_path = QStringLiteral(".greenlight/journal/") + safeFileName(config.name) + QStringLiteral(".jsonl");
}

Status JournalShipper::ship(Journal &journal)
{
    const QByteArray lines = journal.takeUnshipped();
    if (lines.isEmpty())
        return {};
    CommandRequest request;
    request.command = QStringLiteral("f=%1; mkdir -p \"$(dirname \"$f\")\" && cat >> \"$f\"").arg(shellQuote(m_path));
    request.input = lines;
    request.timeout = std::chrono::seconds(10);
    QFuture<CommandResult> f = m_pool.run(m_host, request, m_lane);
    f.waitForFinished();
    const CommandResult r = f.result();
    if (!r.ok())
        return Status::failure(QStringLiteral("cannot append to the journal %1 on %2: %3").arg(m_path, m_host, r.summary()));
    return {};
}

} // namespace greenlight
