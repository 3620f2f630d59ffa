#include "recoverycheck.h"

#include "journal/journal.h"
#include "pipeline/deploylock.h"
#include "router/routeradapter.h"

#include <QJsonObject>

namespace greenlight {

RecoveryReport RecoveryCheck::run(const CancelToken &cancel)
{
    RecoveryReport report;
    const QList<QJsonObject> entries = m_journal.readAll();
    qsizetype start = -1;
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const QString kind = entries.at(i).value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("end"))
            break; // the last deploy finished
        if (kind == QLatin1String("start")) {
            start = i;
            break;
        }
    }
    if (start < 0)
        return report;

    report.interrupted = true;
    const QJsonObject &begun = entries.at(start);
    report.version = begun.value(QStringLiteral("version")).toString();
    report.fromColour = begun.value(QStringLiteral("from")).toString();
    report.toColour = begun.value(QStringLiteral("to")).toString();
    for (qsizetype i = entries.size() - 1; i > start; --i) {
        if (entries.at(i).value(QStringLiteral("kind")).toString() == QLatin1String("stage")) {
            report.lastStage = QStringLiteral("%1 (%2)").arg(entries.at(i).value(QStringLiteral("stage")).toString(),
                                                              entries.at(i).value(QStringLiteral("state")).toString());
            break;
        }
    }
    const Result<RouterState> router = m_router.readState(cancel);
    report.routerState = router ? router->describe() : QStringLiteral("unreadable: %1").arg(router.error());
    const Result<QString> holder = DeployLock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath).holder(cancel);
    report.lockHolder = holder ? holder.value() : QStringLiteral("unknown: %1").arg(holder.error());

    QString where = report.routerState;
    if (router && router->liveColour())
        where = QStringLiteral("all traffic is on %1").arg(colourName(*router->liveColour()));
    else if (router)
        where = QStringLiteral("traffic is SPLIT (%1)").arg(report.routerState);
    report.summary = QStringLiteral("A deploy of %1 from %2 to %3 was cut short during %4. Now %5. %6"
                                    "Roll back to put all traffic on %2, or deploy %1 again to finish.")
                         .arg(report.version, report.fromColour, report.toColour,
                              report.lastStage.isEmpty() ? QStringLiteral("its start") : report.lastStage, where,
                              report.lockHolder.isEmpty() ? QString()
                                                          : QStringLiteral("Its lock is still held (%1); deploying again needs --force-unlock. ")
                                                                .arg(report.lockHolder));
    return report;
}

} // namespace greenlight
