#include "journalreader.h"

#include <QFile>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace greenlight {

namespace {

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

bool ofDeployment(const QJsonObject &o, const QString &deployment)
{
    return deployment.isEmpty() || text(o, "deployment") == deployment;
}

// Gaps in a run's sequence numbers (1, 2, 4: one record missing).
int missingFrom(const QList<QJsonObject> &records)
{
    QList<qint64> seqs;
    for (const QJsonObject &o : records) {
        if (o.contains(QLatin1String("seq")))
            seqs << o.value(QLatin1String("seq")).toInteger();
    }
    if (seqs.isEmpty())
        return 0;
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    return static_cast<int>(seqs.last() - seqs.size());
}

} // namespace

JournalReader::JournalReader(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        parse(file.readAll());
}

JournalReader JournalReader::fromBytes(const QByteArray &bytes)
{
    JournalReader reader;
    reader.parse(bytes);
    return reader;
}

void JournalReader::parse(const QByteArray &bytes)
{
    for (const QByteArray &raw : bytes.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error == QJsonParseError::NoError && doc.isObject())
            m_records << doc.object();
        else
            ++m_unparsable; // torn by a crash or a full disk: skipped, never guessed at
    }
}

QStringList JournalReader::groups() const
{
    QStringList keys;
    keys.reserve(m_records.size());
    QString legacy = QStringLiteral("legacy:-1");
    for (qsizetype i = 0; i < m_records.size(); ++i) {
        const QJsonObject &o = m_records.at(i);
        const QString id = text(o, "run");
        if (!id.isEmpty()) {
            keys << QStringLiteral("run:") + id;
            continue;
        }
        if (text(o, "kind") == QLatin1String("start"))
            legacy = QStringLiteral("legacy:%1").arg(i);
        keys << legacy;
    }
    return keys;
}

std::optional<DeploySummary> JournalReader::lastDeploy(const QString &deployment) const
{
    const QStringList keys = groups();
    // Runs that ended at preflight or at the lock: refused, nothing changed.
    QSet<QString> refused;
    for (qsizetype i = 0; i < m_records.size(); ++i) {
        const QJsonObject &o = m_records.at(i);
        const QString failed = text(o, "failed_stage");
        if (text(o, "kind") == QLatin1String("end") && (failed == QLatin1String("preflight") || failed == QLatin1String("lock")))
            refused.insert(keys.at(i));
    }
    qsizetype start = -1;
    for (qsizetype i = m_records.size() - 1; i >= 0 && start < 0; --i) {
        const QJsonObject &o = m_records.at(i);
        if (text(o, "kind") == QLatin1String("start") && ofDeployment(o, deployment) && !refused.contains(keys.at(i)))
            start = i;
    }
    if (start < 0)
        return std::nullopt;

    const QString key = keys.at(start);
    const QJsonObject &begun = m_records.at(start);
    DeploySummary s;
    s.runId = text(begun, "run");
    s.version = text(begun, "version");
    s.fromColour = text(begun, "from");
    s.toColour = text(begun, "to");
    s.operatorName = text(begun, "operator");
    s.startedAt = QDateTime::fromString(text(begun, "time"), Qt::ISODateWithMs);
    for (qsizetype i = 0; i < m_records.size(); ++i) {
        const QJsonObject &o = m_records.at(i);
        const QString kind = text(o, "kind");
        if (keys.at(i) != key) {
            if (i > start && kind == QLatin1String("switch") && text(o, "reason").startsWith(QLatin1String("rollback")))
                s.rolledBackSince = true;
            continue;
        }
        s.records << o;
        if (kind == QLatin1String("stage"))
            s.lastStage = QStringLiteral("%1 (%2)").arg(text(o, "stage"), text(o, "state"));
        else if (kind == QLatin1String("end")) {
            s.ended = true;
            s.succeeded = o.value(QLatin1String("succeeded")).toBool();
            s.rolledBack = o.value(QLatin1String("rolled_back")).toBool();
            s.failedStage = text(o, "failed_stage");
            s.message = text(o, "message");
        }
    }
    s.missingRecords = missingFrom(s.records);
    return s;
}

std::optional<JournalWarmWindow> JournalReader::lastWarmWindow(const QString &deployment) const
{
    std::optional<JournalWarmWindow> warm;
    for (const QJsonObject &o : m_records) {
        if (!ofDeployment(o, deployment))
            continue;
        const QString kind = text(o, "kind");
        if (kind == QLatin1String("warm"))
            warm = JournalWarmWindow{text(o, "colour"), text(o, "version"), QDateTime::fromString(text(o, "until"), Qt::ISODate),
                                     QDateTime::fromString(text(o, "time"), Qt::ISODateWithMs)};
        else if (kind == QLatin1String("cleaned") || kind == QLatin1String("start"))
            warm.reset();
    }
    return warm;
}

QList<QJsonObject> JournalReader::run(const QString &runId) const
{
    QList<QJsonObject> records;
    for (const QJsonObject &o : m_records) {
        if (text(o, "run") == runId)
            records << o;
    }
    return records;
}

QList<QJsonObject> JournalReader::history(const QString &deployment, int limit) const
{
    QList<QJsonObject> entries;
    for (const QJsonObject &o : m_records) {
        const QString kind = text(o, "kind");
        if (ofDeployment(o, deployment)
            && (kind == QLatin1String("start") || kind == QLatin1String("end") || kind == QLatin1String("switch")))
            entries << o;
    }
    return entries.mid(std::max<qsizetype>(0, entries.size() - std::max(limit, 0)));
}

} // namespace greenlight
