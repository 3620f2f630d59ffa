#include "migratestage.h"

#include "common/safename.h"
#include "common/shellquote.h"
#include "journal/journal.h"
#include "pipeline/stages/stagecontext.h"
#include "router/routercommand.h"

#include <QFileInfo>

namespace greenlight {

namespace {
constexpr std::chrono::milliseconds kMarkerTimeout{10000};
} // namespace

QString MigrateStage::marker(const DeploymentConfig &config, const QString &version)
{
    const QString base = config.router.lockPath.isEmpty() ? QStringLiteral(".greenlight") : QFileInfo(config.router.lockPath).path();
    return QStringLiteral("%1/migrations/%2/%3.applied").arg(base, safeFileName(config.name), safeFileName(version));
}

QString MigrateStage::intent(const StageContext &) const
{
    return QStringLiteral("once per version, after a backup");
}

QList<PlanStep> MigrateStage::plan(const PlanContext &context) const
{
    const QString stage = name();
    const QString where = m_config.host.isEmpty() ? QStringLiteral("local") : m_config.host;
    return {PlanStep{stage, context.config.router.host,
                     QStringLiteral("skip if %1 was already migrated (recorded on the router host)").arg(context.version)},
            PlanStep{stage, where, QStringLiteral("backup: %1").arg(m_config.backupCommand)},
            PlanStep{stage, where, QStringLiteral("migration: %1 (never re-run, never undone by a rollback)").arg(m_config.command)}};
}

StageResult MigrateStage::run(StageContext &context)
{
    const QString stage = name();
    const QString path = marker(context.config, context.version);
    const QString &routerHost = context.config.router.host;
    const Result<QByteArray> seen = runOnRouter(context.pool, routerHost, Lane::Work, QStringLiteral("reading the migration record"),
                                                QStringLiteral("cat -- %1 2>/dev/null || true").arg(shellQuote(path)), {},
                                                kMarkerTimeout, context.cancel);
    if (!seen)
        return StageResult::failed(seen.code(), QStringLiteral("%1; nothing was migrated or deployed").arg(seen.error()));
    if (!seen->trimmed().isEmpty())
        return StageResult::done(QStringLiteral("already applied for %1 (%2); not run again").arg(context.version, QString::fromUtf8(seen->trimmed())));
    const QHash<QString, QString> variables = context.hookVariables(stage);
    if (const Status b = context.runCommand(stage, QStringLiteral("backup"), HookConfig{m_config.backupCommand, m_config.host, m_config.timeoutS},
                                            variables);
        !b)
        return StageResult::failed(b.code(), QStringLiteral("backup failed (%1); the migration did not run, nothing was deployed").arg(b.error()));
    if (const Status m = context.runCommand(stage, QStringLiteral("migration"), HookConfig{m_config.command, m_config.host, m_config.timeoutS},
                                            variables);
        !m)
        return StageResult::failed(m.code(), QStringLiteral("migration failed (%1); the backup taken just before it is the way back; "
                                                             "nothing was deployed").arg(m.error()));
    // Recorded even when a stop arrives now: the migration ran, and must not run again.
    const QString record = QStringLiteral("by %1 at %2").arg(Journal::operatorName(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    const Result<QByteArray> written = runOnRouter(
        context.pool, routerHost, Lane::Work, QStringLiteral("recording the migration"),
        QStringLiteral("mkdir -p -- \"$(dirname -- %1)\" && printf '%s\\n' %2 > %1").arg(shellQuote(path), shellQuote(record)), {},
        kMarkerTimeout, CancelToken());
    if (!written)
        return StageResult::failed(written.code(), QStringLiteral("the migration ran but could not be recorded (%1): record it by hand in %2 "
                                                                  "on %3 before deploying %4 again")
                                                       .arg(written.error(), path, routerHost, context.version));
    return StageResult::done(QStringLiteral("applied and recorded; it will not run again for %1").arg(context.version));
}

} // namespace greenlight
