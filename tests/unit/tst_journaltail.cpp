// Following the router host's copy of the journal: the reply's header is checked, records come
// out whole however the bytes are cut, hostile lines are skipped and counted, and records fold
// into history lines (a deploy from its start to its end, a rollback with its reason).

#include "journal/journaltail.h"
#include "journal/remotejournal.h"

#include <QtTest>

using namespace greenlight;

namespace {
// JSON written with single quotes, for readability.
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}
} // namespace

class TestJournalTail final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsComeOutWholeAcrossReads()
    {
        JournalTail tail;
        QCOMPARE(tail.feed(j("{'kind':'start','run':'a'}\n") + j("{'kind':'st")).size(), 1);
        const QList<QJsonObject> next = tail.feed(j("age','run':'a'}\n"));
        QCOMPARE(next.size(), 1);
        QCOMPARE(next.first().value(QLatin1String("kind")).toString(), QStringLiteral("stage"));
        QCOMPARE(tail.skippedLines(), 0);
    }

    void hostileLinesAreSkippedAndCounted()
    {
        JournalTail tail;
        const QByteArray huge(JournalTail::kMaxLineBytes + 10, 'x');
        const QList<QJsonObject> records = tail.feed("not json\n[1,2]\n" + huge + "\n" + j("{'kind':'end'}\n"));
        QCOMPARE(records.size(), 1);
        QCOMPARE(tail.skippedLines(), 3);
        // A read from the middle of a file drops its first, partial line.
        JournalTail mid(true);
        QCOMPARE(mid.feed(j("d':'x'}\n") + j("{'kind':'end'}\n")).size(), 1);
        QCOMPARE(mid.skippedLines(), 0);
    }

    void theReplyHeaderIsChecked()
    {
        const auto reply = RemoteJournal::parseReply("120 100\nabc");
        QVERIFY(reply);
        QCOMPARE(reply->size, 120);
        QCOMPARE(reply->offset, 100);
        QCOMPARE(reply->bytes, QByteArray("abc"));
        QVERIFY(!RemoteJournal::parseReply("100 120\n"));        // offset past the end
        QVERIFY(!RemoteJournal::parseReply("-1 0\n"));           // negative
        QVERIFY(!RemoteJournal::parseReply("10 0\n0123456789X")); // more bytes than the file has
        QVERIFY(!RemoteJournal::parseReply("ten 0\n"));
        QVERIFY(!RemoteJournal::parseReply("no header at all"));
        QVERIFY(RemoteJournal::readCommand(QStringLiteral("/tmp/it's here.jsonl"), -1).contains(QStringLiteral("'/tmp/it'\\''s here.jsonl'")));
    }

    void recordsFoldIntoHistoryNewestFirst()
    {
        JournalTail tail;
        QList<RunRecord> records;
        const QByteArray lines =
            j("{'time':'2026-12-02T10:00:00.000Z','kind':'start','from':'blue','to':'green','version':'2.0.0','run':'r1','operator':'ana@ci'}\n")
            + j("{'time':'2026-12-02T10:00:10.000Z','kind':'switch','from':'blue','to':'green','version':'2.0.0','reason':'deploy','run':'r1','operator':'ana@ci'}\n")
            + j("{'time':'2026-12-02T10:01:00.000Z','kind':'end','version':'2.0.0','succeeded':true,'message':'done','run':'r1','operator':'ana@ci'}\n")
            + j("{'time':'2026-12-02T10:05:00.000Z','kind':'stage','stage':'rollback','state':'running','run':'r2','operator':'bo@laptop'}\n")
            + j("{'time':'2026-12-02T10:05:01.500Z','kind':'switch','from':'green','to':'blue','reason':'rollback: p99 too high','run':'r2','operator':'bo@laptop'}\n");
        for (const QJsonObject &o : tail.feed(lines))
            records << runRecordFrom(o);
        QCOMPARE(records.at(3).kind, RunRecord::Kind::Event);
        QCOMPARE(records.at(3).event.stage, QStringLiteral("rollback"));
        const QList<HistoryEntry> history = historyOf(records);
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.at(0).kind, HistoryEntry::Kind::Rollback);
        QCOMPARE(history.at(0).who, QStringLiteral("bo@laptop"));
        QCOMPARE(history.at(0).why, QStringLiteral("p99 too high"));
        QCOMPARE(history.at(0).durationMs, 1500);
        QCOMPARE(history.at(2).kind, HistoryEntry::Kind::Deploy);
        QCOMPARE(history.at(2).what, QStringLiteral("deploy 2.0.0 to green"));
        QCOMPARE(history.at(2).outcome, QStringLiteral("succeeded"));
        QCOMPARE(history.at(2).durationMs, 60000);
    }
};

QTEST_GUILESS_MAIN(TestJournalTail)
#include "tst_journaltail.moc"
