#pragma once

#include "pipeline/pipelineevent.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>

#include <optional>

namespace greenlight {

// Append-only JSONL record of every deployment event, fsync'd line by line.
// Thread-safe. Callers never pass secrets: only names, versions, results and reasons.
class Journal final
{
public:
    explicit Journal(QString path);

    // <XDG data>/greenlight/journal/<deployment>.jsonl
    [[nodiscard]] static QString defaultPath(const QString &deploymentName);
    [[nodiscard]] const QString &path() const { return m_path; }

    void record(const PipelineEvent &event, const QString &deploymentName);
    // A deploy begins: `from` is live, `to` will receive the new version.
    void recordStart(const QString &deploymentName, const QString &from, const QString &to, const QString &version);
    // A deploy ended, one way or another. A "start" with no "end" after it is a deploy that
    // was cut short (the console died): crash recovery looks for exactly that.
    void recordEnd(const QString &deploymentName, const PipelineOutcome &outcome);
    void recordSwitch(const QString &deploymentName, const QString &from, const QString &to, const QString &version,
                      const QString &reason);
    // The old colour stays warm for rollback until `until` (invalid: no deadline), or (cleanedUp)
    // was cleaned up at `until`.
    void recordWarmWindow(const QString &deploymentName, const QString &colour, const QString &version, const QDateTime &until,
                          bool cleanedUp);
    // The newest warm-window record, unless that colour was cleaned up or deployed to since.
    struct WarmWindow
    {
        QString colour;
        QString version;
        QDateTime until; // invalid: no deadline
    };
    [[nodiscard]] std::optional<WarmWindow> lastWarmWindow(const QString &deploymentName) const;
    [[nodiscard]] QList<QJsonObject> readAll() const;
    // The colour that was live when the most recent deploy started, if known. Rollbacks are
    // not deploys: rolling back twice never flips traffic back to the new colour.
    [[nodiscard]] QString colourBeforeLastDeploy() const;

    [[nodiscard]] static QString operatorName();
    // Lines written since the last call, for the copy of the journal on the router host.
    [[nodiscard]] QByteArray takeUnshipped();

private:
    void append(QJsonObject entry);

    QString m_path;
    mutable QMutex m_mutex;
    QByteArray m_unshipped;
};

} // namespace greenlight
