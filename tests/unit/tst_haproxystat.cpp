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
