// What the nginx and custom-command routers read and write, as text: the upstream file
// Greenlight renders and reads back, the access-log lines it counts, and the read command's
// output. The lab tests run the same code against a real nginx and a real HAProxy.

#include "router/commandrouter.h"
#include "router/haproxyhttplog.h"
#include "router/nginxupstream.h"

#include <QtTest>

using namespace greenlight;
using nginxupstream::Server;

namespace {
const QList<Server> kServers{{QStringLiteral("blue-1"), QStringLiteral("10.0.0.1:8080"), Colour::Blue},
                             {QStringLiteral("blue-2"), QStringLiteral("10.0.0.2:8080"), Colour::Blue},
                             {QStringLiteral("green-1"), QStringLiteral("10.0.1.1:8080"), Colour::Green}};
const QStringList kBlue{QStringLiteral("blue-1"), QStringLiteral("blue-2")};
const QStringList kGreen{QStringLiteral("green-1")};
} // namespace

class TestRouterText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upstreamFileRoundTrips()
    {
        const QByteArray file = nginxupstream::render(QStringLiteral("app"), kServers, {QStringLiteral("keepalive 32")}, Colour::Green, 10, 100);
        QVERIFY2(file.contains("server 10.0.0.1:8080 weight=90;"), file.constData());
        // One green server against two blue ones: 20 against 90 each is 10 % of the traffic.
        QVERIFY2(file.contains("server 10.0.1.1:8080 weight=20;"), file.constData());
        QVERIFY(file.contains("    keepalive 32;\n}"));
        const auto state = nginxupstream::parse(file, QStringLiteral("app"), kServers);
        QVERIFY2(state.ok(), qPrintable(state.error()));
        QCOMPARE(state->percent(Colour::Green), 10);
        QVERIFY(!state->liveColour());
    }

    void aColourWithNoShareIsDownNotWeightZero()
    {
        // nginx refuses weight=0; `down` is how a server takes no traffic.
        const QByteArray file = nginxupstream::render(QStringLiteral("app"), kServers, {}, Colour::Blue, 100, 100);
        QVERIFY(file.contains("server 10.0.1.1:8080 down;"));
        QVERIFY(!file.contains("weight=0"));
        const auto state = nginxupstream::parse(file, QStringLiteral("app"), kServers);
        QVERIFY(state.ok());
        QCOMPARE(state->liveColour(), Colour::Blue);
        QCOMPARE(state->servers.value(QStringLiteral("green-1")).weight, 0);
    }

    void handWrittenFileIsMatchedByAddress()
    {
        const QByteArray file = "upstream other { server 10.9.9.9:80; }\n"
                                "upstream app {\n"
                                "    server 10.0.0.1:8080 weight=5 max_fails=3;\n"
                                "    server 10.0.0.2:8080;\n"
                                "    server 10.0.1.1:8080 down;\n"
                                "}\n";
        const auto state = nginxupstream::parse(file, QStringLiteral("app"), kServers);
        QVERIFY2(state.ok(), qPrintable(state.error()));
        QCOMPARE(state->servers.value(QStringLiteral("blue-1")).weight, 5);
        QCOMPARE(state->servers.value(QStringLiteral("blue-2")).weight, 1); // nginx's default
        QCOMPARE(state->liveColour(), Colour::Blue);
    }

    void aServerMissingFromTheFileIsNamed()
    {
        const auto state = nginxupstream::parse("upstream app {\n server 10.0.0.1:8080;\n}\n", QStringLiteral("app"), kServers);
        QVERIFY(!state.ok());
        QVERIFY2(state.error().contains(QStringLiteral("no server for blue-2 (10.0.0.2:8080), green-1 (10.0.1.1:8080)")), qPrintable(state.error()));
        const auto noBlock = nginxupstream::parse("upstream web {\n}\n", QStringLiteral("app"), kServers);
        QVERIFY(noBlock.error().contains(QStringLiteral("no \"upstream app { ... }\" block")));
    }

    void weightsKeepTheShareWithUnevenColours()
    {
        QCOMPARE(serverWeight(10, 1, 2, 100), 20);
        QCOMPARE(serverWeight(90, 2, 1, 100), 90);
        QCOMPARE(serverWeight(50, 2, 2, 100), 50);
        QCOMPARE(serverWeight(0, 2, 2, 100), 0);
        QCOMPARE(serverWeight(1, 3, 3, 10), 1); // a share never rounds to no traffic
        // All traffic on 1 server against 4: HAProxy's cap of 256 holds.
        QVERIFY(serverWeight(100, 1, 4, 100) <= 256);
        for (const auto &[blue, green] : {std::pair{2, 1}, std::pair{3, 2}, std::pair{1, 4}, std::pair{5, 5}}) {
            for (const int percent : {1, 10, 25, 50, 90, 99}) {
                RouterState s;
                for (int i = 0; i < blue; ++i)
                    s.blueServers << QStringLiteral("b%1").arg(i);
                for (int i = 0; i < green; ++i)
                    s.greenServers << QStringLiteral("g%1").arg(i);
                for (const QString &b : s.blueServers)
                    s.servers.insert(b, ServerState{b, serverWeight(100 - percent, blue, green, 100), {}, 0, 0});
                for (const QString &g : s.greenServers)
                    s.servers.insert(g, ServerState{g, serverWeight(percent, green, blue, 100), {}, 0, 0});
                QVERIFY2(std::abs(s.percent(Colour::Green) - percent) <= 1,
                         qPrintable(QStringLiteral("%1 blue, %2 green, %3 %: %4").arg(blue).arg(green).arg(percent).arg(s.describe())));
            }
        }
    }

    void accessLogCountsByTheLastServerTried()
    {
        QHash<QString, nginxupstream::Counts> counts;
        const QByteArray chunk = "1.0|10.0.0.1:8080|200|0.001\n"
                                 "1.1|10.0.0.1:8080|503|0.002\n"
                                 "1.2|10.0.0.2:8080, 10.0.1.1:8080|502, 200|0.010\n" // retried on green-1
                                 "1.3|-|-|-\n"                                        // served by nginx itself
                                 "1.4|10.0.1.1:80";                                    // not whole yet
        const qsizetype used = nginxupstream::countAccessLog(chunk, counts);
        QCOMPARE(used, chunk.lastIndexOf('\n') + 1);
        QCOMPARE(counts.value(QStringLiteral("10.0.0.1:8080")).requests, 2);
        QCOMPARE(counts.value(QStringLiteral("10.0.0.1:8080")).errors5xx, 1);
        QCOMPARE(counts.value(QStringLiteral("10.0.1.1:8080")).requests, 1);
        QCOMPARE(counts.value(QStringLiteral("10.0.1.1:8080")).errors5xx, 0);
        QVERIFY(!counts.contains(QStringLiteral("10.0.0.2:8080")));
    }

    // Each server tried gets its own attempt's upstream time: a green server that failed slowly
    // before the retry shows its slowness; "-" (no answer timed) and garbage are no sample.
    void accessLogGivesEachServerTriedItsUpstreamTime()
    {
        QHash<QString, nginxupstream::Counts> counts;
        const QByteArray chunk = "1.0|10.0.0.1:8080|200|0.004\n"
                                 "1.1|10.0.0.2:8080, 10.0.1.1:8080|502, 200|1.500, 0.010\n"
                                 "1.2|10.0.0.1:8080|200|-\n"
                                 "1.3|10.0.0.1:8080 : 10.0.1.1:8080|200 : 200|0.001 : 0.002\n" // internal redirect
                                 "1.4|10.0.0.1:8080|200|nan\n"
                                 "1.5|10.0.0.1:8080|200|-0.5\n"
                                 "1.6|10.0.0.1:8080, 10.0.1.1:8080|502, 200|0.020\n"; // times that do not pair: the last server's
        QCOMPARE(nginxupstream::countAccessLog(chunk, counts), chunk.size());
        QCOMPARE(counts.value(QStringLiteral("10.0.0.1:8080")).upstreamMs, (QList<double>{4.0, 1.0}));
        QCOMPARE(counts.value(QStringLiteral("10.0.0.2:8080")).upstreamMs, QList<double>{1500.0});
        QCOMPARE(counts.value(QStringLiteral("10.0.0.2:8080")).requests, 0); // the request counts for the last server
        QCOMPARE(counts.value(QStringLiteral("10.0.1.1:8080")).upstreamMs, (QList<double>{10.0, 2.0, 20.0}));
    }

    void accessLogIsBounded()
    {
        QHash<QString, nginxupstream::Counts> counts;
        QByteArray chunk = "1.0|10.0.0.1:8080|200|0.001" + QByteArray(nginxupstream::kMaxLineBytes, ' ') + "\n";
        QCOMPARE(nginxupstream::countAccessLog(chunk, counts), chunk.size());
        QVERIFY(counts.isEmpty()); // a line longer than the cap is skipped, not counted
        chunk.clear();
        for (qsizetype i = 0; i < nginxupstream::kMaxUpstreamSamples + 10; ++i)
            chunk += "1.0|10.0.0.1:8080|200|" + QByteArray::number(static_cast<double>(i) / 1000.0) + "\n";
        (void)nginxupstream::countAccessLog(chunk, counts);
        const nginxupstream::Counts &c = counts[QStringLiteral("10.0.0.1:8080")];
        QCOMPARE(c.requests, nginxupstream::kMaxUpstreamSamples + 10);
        QCOMPARE(c.upstreamMs.size(), nginxupstream::kMaxUpstreamSamples);
        QCOMPARE(c.upstreamMs.first(), 10.0); // the newest are kept
    }

    // HAProxy's `option httplog` lines, as the lab's HAProxy 2.6 writes them with `log stdout
    // format raw`: Tr (the 4th timer) is the server's time; HAProxy's own messages, another
    // backend, a request no server answered and a cut last line are no sample.
    void haproxyHttpLogGivesEachServerItsResponseTime()
    {
        QHash<QString, QList<double>> times;
        const QByteArray chunk =
            "127.0.0.1:57516 [03/Dec/2026:12:00:44.449] www app/green-1 0/0/1/4/5 200 528 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"\n"
            "[WARNING]  (1234) : Server app/green-1 is DOWN, reason: Layer4 connection problem.\n"
            "127.0.0.1:57532 [03/Dec/2026:12:00:45.001] www app/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"\n"
            "127.0.0.1:57534 [03/Dec/2026:12:00:45.101] www app/blue-1 0/0/-1/-1/2001 504 198 - - sH-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"\n"
            "<134>Dec  3 12:00:46 haproxy[4321]: 10.0.0.9:40112 [03/Dec/2026:12:00:46.449] www app/blue-1 0/0/0/412/413 200 1 - - ---- 3/3/1/1/0 0/0 \"GET /a/b HTTP/1.1\"\n"
            "127.0.0.1:57540 [03/Dec/2026:12:00:47.000] www admin/blue-1 0/0/0/9/9 200 1 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"\n"
            "127.0.0.1:57536 [03/Dec/2026:12:00:47.2";
        QCOMPARE(haproxyhttplog::readHttpLog(chunk, QStringLiteral("app"), times), chunk.lastIndexOf('\n') + 1);
        QCOMPARE(times.value(QStringLiteral("green-1")), QList<double>{4.0});
        QCOMPARE(times.value(QStringLiteral("blue-1")), QList<double>{412.0});
        QCOMPARE(times.size(), 2);
    }

    void commandOutputByHostOrColour()
    {
        auto state = CommandRouter::parseWeights("blue-1 100 UP\nblue-2 100 UP 1/2\n# comment\ngreen-1 0 DOWN\n", kBlue, kGreen);
        QVERIFY2(state.ok(), qPrintable(state.error()));
        QCOMPARE(state->liveColour(), Colour::Blue);
        QCOMPARE(state->servers.value(QStringLiteral("blue-2")).status, QStringLiteral("UP 1/2"));
        QCOMPARE(state->serversNotUp(Colour::Green), QStringList{QStringLiteral("green-1 (DOWN)")});

        state = CommandRouter::parseWeights("blue 20\ngreen 80\n", kBlue, kGreen);
        QVERIFY(state.ok());
        QCOMPARE(state->servers.value(QStringLiteral("green-1")).status, QStringLiteral("no check"));
        QCOMPARE(state->percent(Colour::Green), 80); // a colour line is the colour's share, whatever its host count
        QVERIFY(CommandRouter::parseWeights("blue 100\ngreen-1 0\n", kBlue, kGreen).error().contains(QStringLiteral("mixes")));
    }

    void commandOutputThatMakesNoSenseIsQuoted()
    {
        auto state = CommandRouter::parseWeights("blue-1 lots\n", kBlue, kGreen);
        QVERIFY(state.error().contains(QStringLiteral("printed \"blue-1 lots\"")));
        state = CommandRouter::parseWeights("purple 10\n", kBlue, kGreen);
        QVERIFY(state.error().contains(QStringLiteral("\"purple\", which is neither a colour nor a host")));
        state = CommandRouter::parseWeights("blue 100\n", kBlue, kGreen);
        QVERIFY(state.error().contains(QStringLiteral("says nothing about green-1")));
    }
};

QTEST_GUILESS_MAIN(TestRouterText)
#include "tst_routertext.moc"
