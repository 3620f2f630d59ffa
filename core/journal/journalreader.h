#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// The old colour kept warm for rollback until `until` (invalid: no deadline).
struct JournalWarmWindow
{
    QString colour;
    QString version;
    QDateTime until;
    QDateTime since; // when the window was opened: right after the switch away from `colour`
};

// The most recent deploy, told from its own records only (grouped by run id), so a refused
// second deploy writing while the first one runs never changes what is said about the first.
struct DeploySummary
{
    QString runId;        // empty: written before records carried run ids
    QString version;
    QString fromColour;   // live when it started
    QString toColour;     // receiving the new version
    QString operatorName;
    QDateTime startedAt;
    bool ended = false;   // it has an end record: it finished, one way or another
    bool succeeded = false;
    bool rolledBack = false;
    QString failedStage;
    QString message;
    QString lastStage;    // "shift (running)": the last stage record of this deploy
    bool rolledBackSince = false; // another run (a rollback) moved traffic after it started
    int missingRecords = 0;       // gaps in its sequence numbers: records that could not be written
    QList<QJsonObject> records;   // this deploy's records, in order

    // Started and never ended: cut short (or, if its lock is still held, still running).
    [[nodiscard]] bool interrupted() const { return !ended; }
};

// Reads a journal (JSONL) once and answers questions about it. Lines that do not parse (a line
// torn by a crash or a full disk) are skipped and counted, never read as a record.
class JournalReader final
{
public:
    // A missing file reads as empty.
    explicit JournalReader(const QString &path);
    static JournalReader fromBytes(const QByteArray &bytes);

    [[nodiscard]] const QList<QJsonObject> &records() const { return m_records; }
    [[nodiscard]] int unparsableLines() const { return m_unparsable; }

    // `deployment` empty: records of any deployment. A deploy refused at preflight or at the lock
    // changed nothing and is not "the last deploy".
    [[nodiscard]] std::optional<DeploySummary> lastDeploy(const QString &deployment = {}) const;
    // The newest warm-window record, unless that colour was cleaned up or deployed to since.
    [[nodiscard]] std::optional<JournalWarmWindow> lastWarmWindow(const QString &deployment) const;
    // The records of one run, in order.
    [[nodiscard]] QList<QJsonObject> run(const QString &runId) const;
    // Deploys started and ended, and traffic switches: the newest `limit`, oldest first.
    [[nodiscard]] QList<QJsonObject> history(const QString &deployment, int limit) const;

private:
    JournalReader() = default;
    void parse(const QByteArray &bytes);
    // The run each record belongs to: its id, or for records written before ids, the old
    // "everything after a start" grouping.
    [[nodiscard]] QStringList groups() const;

    QList<QJsonObject> m_records;
    int m_unparsable = 0;
};

} // namespace greenlight
