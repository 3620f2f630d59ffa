#pragma once

// What a journal file (JSONL) holds, read line by line with the project's own reader
// (JournalReader), for tests that cut a writer short: which lines are records, which are torn
// fragments, and whether a fragment has a record glued onto it; and the checks made of it
// (QVERIFY-style: call them from a test function, then look at QTest::currentTestFailed()).

#include "journal/journalreader.h"

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight::test {

struct JournalLines
{
    QList<QJsonObject> records;  // every line that parses, in file order
    int unparsable = 0;          // JournalReader's own count over the whole file
    bool endsTorn = false;       // the last line has no '\n' and does not parse: cut mid-write
    QStringList glued;           // unparsable lines that end in a whole record: a record written onto a torn one
    QStringList fragments;       // the unparsable lines themselves (for messages)

    // Reads `bytes` whole with JournalReader, then each line alone to say where the torn ones are.
    static JournalLines of(const QByteArray &bytes)
    {
        JournalLines j;
        const JournalReader whole = JournalReader::fromBytes(bytes);
        j.records = whole.records();
        j.unparsable = whole.unparsableLines();
        const QList<QByteArray> lines = bytes.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            if (line.trimmed().isEmpty() || JournalReader::fromBytes(line).unparsableLines() == 0)
                continue;
            j.fragments << QString::fromUtf8(line);
            if (i == lines.size() - 1)
                j.endsTorn = true; // split() leaves the text after the last '\n' here
            // A whole record after a fragment on the same line: glued, and that record is lost.
            for (qsizetype at = line.indexOf('{', 1); at > 0; at = line.indexOf('{', at + 1)) {
                const JournalReader tail = JournalReader::fromBytes(line.mid(at));
                if (tail.unparsableLines() == 0 && !tail.records().isEmpty()
                    && tail.records().first().contains(QStringLiteral("deployment"))) {
                    j.glued << QString::fromUtf8(line);
                    break;
                }
            }
        }
        return j;
    }

    static JournalLines ofFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? of(file.readAll()) : JournalLines{};
    }
};

inline QString recordText(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

inline QList<QJsonObject> recordsOf(const JournalLines &j, const QString &runId)
{
    QList<QJsonObject> records;
    for (const QJsonObject &r : j.records) {
        if (recordText(r, "run") == runId)
            records << r;
    }
    return records;
}

// Both files parse whole: no record glued onto a torn one; torn fragments only as many as
// before plus `newTornAllowed`, a new one only as the last line (the next append ends it).
inline void checkWhole(const JournalLines &j, int &tornSoFar, bool newTornAllowed, const char *which, const QString &deployment)
{
    QVERIFY2(j.glued.isEmpty(), qPrintable(QStringLiteral("%1: a record glued onto a torn line: %2").arg(QLatin1String(which), j.glued.join(QLatin1Char('\n')))));
    QVERIFY2(j.unparsable >= tornSoFar, which); // an ended fragment stays a line of its own
    QVERIFY2(j.unparsable <= tornSoFar + (newTornAllowed ? 1 : 0),
             qPrintable(QStringLiteral("%1: %2 unparsable lines, %3 before: %4").arg(QLatin1String(which)).arg(j.unparsable).arg(tornSoFar)
                            .arg(j.fragments.join(QLatin1Char('\n')))));
    if (j.unparsable > tornSoFar)
        QVERIFY2(j.endsTorn, qPrintable(QStringLiteral("%1: a new unparsable line that is not the last: %2").arg(QLatin1String(which), j.fragments.join(QLatin1Char('\n')))));
    tornSoFar = j.unparsable;
    for (const QJsonObject &r : j.records)
        QCOMPARE(recordText(r, "deployment"), deployment);
}

// The router host's copy holds the local journal's records, in order, none twice: all of
// them, or all but a tail not shipped yet.
inline void checkCopyIsPrefix(const JournalLines &local, const JournalLines &remote)
{
    QVERIFY2(remote.records.size() <= local.records.size(),
             qPrintable(QStringLiteral("router copy %1 records, local %2").arg(remote.records.size()).arg(local.records.size())));
    for (qsizetype i = 0; i < remote.records.size(); ++i)
        QVERIFY2(remote.records.at(i) == local.records.at(i),
                 qPrintable(QStringLiteral("record %1 differs:\nrouter %2\nlocal  %3").arg(i)
                                .arg(QString::fromUtf8(QJsonDocument(remote.records.at(i)).toJson(QJsonDocument::Compact)),
                                     QString::fromUtf8(QJsonDocument(local.records.at(i)).toJson(QJsonDocument::Compact)))));
}

// Runs never mix: every record carries a run id and a sequence number, increasing within its
// run; a run starts and ends at most once, and speaks of one version.
inline void checkRunsApart(const JournalLines &j)
{
    QHash<QString, qint64> lastSeq;
    QHash<QString, int> starts;
    QHash<QString, int> ends;
    QHash<QString, QString> versions;
    for (const QJsonObject &r : j.records) {
        const QString run = recordText(r, "run");
        const QString line = QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact));
        QVERIFY2(!run.isEmpty() && r.contains(QStringLiteral("seq")), qPrintable(line));
        const qint64 seq = r.value(QStringLiteral("seq")).toInteger();
        QVERIFY2(seq > lastSeq.value(run, 0), qPrintable(QStringLiteral("sequence not increasing in its run: %1").arg(line)));
        lastSeq.insert(run, seq);
        const QString kind = recordText(r, "kind");
        starts[run] += kind == QLatin1String("start") ? 1 : 0;
        ends[run] += kind == QLatin1String("end") ? 1 : 0;
        QVERIFY2(starts.value(run) <= 1 && ends.value(run) <= 1, qPrintable(QStringLiteral("a second start or end: %1").arg(line)));
        const QString version = recordText(r, "version");
        if ((kind == QLatin1String("start") || kind == QLatin1String("end") || kind == QLatin1String("switch")) && !version.isEmpty()) {
            QVERIFY2(versions.value(run, version) == version, qPrintable(QStringLiteral("another version in the run: %1").arg(line)));
            versions.insert(run, version);
        }
    }
}

} // namespace greenlight::test
