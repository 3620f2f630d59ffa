// Reading HAProxy's `show stat` answer into which colour is live, and the traffic split.
// The CSV below is the shape HAProxy 2.6 prints (columns trimmed to the ones that matter
// plus neighbours, in HAProxy's order); the lab tests read a real HAProxy.

#include "router/haproxyrouter.h"

#include <QtTest>

using namespace greenlight;

namespace {
QByteArray statCsv(int blueWeight, int greenWeight)
{
    return QByteArray("# pxname,svname,qcur,scur,stot,status,weight,hrsp_5xx,\n"
                      "www,FRONTEND,,0,10,OPEN,,0,\n"
                      "app,blue-1,0,0,40,UP,") + QByteArray::number(blueWeight) + ",1,\n"
           + "app,blue-2,0,0,41,UP," + QByteArray::number(blueWeight) + ",0,\n"
           + "app,green-1,0,0,3,DOWN," + QByteArray::number(greenWeight) + ",0,\n"
           + "app,green-2,0,0,2,UP," + QByteArray::number(greenWeight) + ",0,\n"
           + "app,BACKEND,0,0,86,UP,200,1,\n";
}
const QStringList kBlue{QStringLiteral("blue-1"), QStringLiteral("blue-2")};
const QStringList kGreen{QStringLiteral("green-1"), QStringLiteral("green-2")};
} // namespace

class TestHaproxyStat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveColourFromWeights()
    {
        const auto s = HaproxyRouter::parseStat(statCsv(100, 0), QStringLiteral("app"), kBlue, kGreen);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(s->liveColour(), Colour::Blue);
        QCOMPARE(s->percent(Colour::Blue), 100);
        QCOMPARE(s->servers.value(QStringLiteral("green-1")).status, QStringLiteral("DOWN"));
        QCOMPARE(s->servers.value(QStringLiteral("blue-2")).totalRequests, 41);
        QCOMPARE(s->servers.value(QStringLiteral("blue-1")).errors5xx, 1);
    }

    void splitTrafficHasNoLiveColour()
    {
        const auto s = HaproxyRouter::parseStat(statCsv(90, 10), QStringLiteral("app"), kBlue, kGreen);
        QVERIFY(s.ok());
        QVERIFY(!s->liveColour());
        QCOMPARE(s->percent(Colour::Green), 10);
        QCOMPARE(s->describe(), QStringLiteral("blue 90% / green 10%"));
    }

    void noWeightAnywhereIsSaid()
    {
        const auto s = HaproxyRouter::parseStat(statCsv(0, 0), QStringLiteral("app"), kBlue, kGreen);
        QVERIFY(s.ok());
        QVERIFY(!s->liveColour());
        QCOMPARE(s->describe(), QStringLiteral("no server has traffic weight"));
    }

    void missingServerIsNamed()
    {
        const auto s = HaproxyRouter::parseStat(statCsv(100, 0), QStringLiteral("app"), kBlue,
                                                {QStringLiteral("green-1"), QStringLiteral("green-9")});
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("no server named green-9")), qPrintable(s.error()));
    }

    void aFieldThatIsNotACountIsRefusedNamingTheServer()
    {
        // A hostile or broken admin socket: counters that are negative, not numbers, or
        // so large their sum would wrap, and weights past HAProxy's 256.
        const QList<QByteArray> bad{"-5", "12abc", "9223372036854775807", "1e9"};
        for (const QByteArray &counter : bad) {
            QByteArray csv = statCsv(100, 0);
            csv.replace("app,green-2,0,0,2,", QByteArray("app,green-2,0,0," + counter + ","));
            const auto s = HaproxyRouter::parseStat(csv, QStringLiteral("app"), kBlue, kGreen);
            QVERIFY2(!s.ok(), counter.constData());
            QVERIFY2(s.error().contains(QStringLiteral("server green-2")) && s.error().contains(QStringLiteral("not a count")),
                     qPrintable(s.error()));
        }
        const auto heavy = HaproxyRouter::parseStat(statCsv(257, 0), QStringLiteral("app"), kBlue, kGreen);
        QVERIFY(!heavy.ok());
        QVERIFY2(heavy.error().contains(QStringLiteral("server blue-1")), qPrintable(heavy.error()));
    }

    void anEmptyCounterIsZeroButAnEmptyWeightIsRefused()
    {
        // TCP-mode backends leave hrsp_5xx empty.
        QByteArray csv = statCsv(100, 0);
        csv.replace("app,blue-2,0,0,41,UP,100,0,", "app,blue-2,0,0,41,UP,100,,");
        const auto s = HaproxyRouter::parseStat(csv, QStringLiteral("app"), kBlue, kGreen);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(s->servers.value(QStringLiteral("blue-2")).errors5xx, 0);
        QCOMPARE(s->colourCounts(Colour::Blue).errors5xx, 1);

        csv.replace("app,blue-2,0,0,41,UP,100,", "app,blue-2,0,0,41,UP,,");
        QVERIFY(!HaproxyRouter::parseStat(csv, QStringLiteral("app"), kBlue, kGreen).ok());
    }

    void largeCountersSumWithoutWrapping()
    {
        RouterState state;
        state.blueServers = kBlue;
        state.greenServers = kGreen;
        for (const QString &name : kBlue)
            state.servers.insert(name, ServerState{name, 100, QStringLiteral("UP"), std::numeric_limits<qint64>::max() - 1, 0});
        QCOMPARE(state.colourCounts(Colour::Blue).requests, std::numeric_limits<qint64>::max());
    }

    void refusalTextIsNotStat()
    {
        const auto s = HaproxyRouter::parseStat("Unknown command. Please enter one of the following commands only :\n",
                                                QStringLiteral("app"), kBlue, kGreen);
        QVERIFY(!s.ok());
        QVERIFY(s.error().contains(QStringLiteral("Unknown command")));
    }
};

QTEST_GUILESS_MAIN(TestHaproxyStat)
#include "tst_haproxystat.moc"
