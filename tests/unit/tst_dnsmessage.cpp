// The DNS read-backs' message code: the query it sends, and the parser of answers (outside
// text: fuzzed too, fuzz_dnsresponse). Answers are built byte by byte here, as a server sends
// them, including name compression, and broken in the ways a hostile server could.

#include "dns/dnsmessage.h"
#include "router/pdnsrecord.h"
#include "router/pdnsrouter.h"

#include <QtTest>

using namespace greenlight;

namespace {

QByteArray u16(int v)
{
    return QByteArray(1, static_cast<char>((v >> 8) & 0xFF)) + QByteArray(1, static_cast<char>(v & 0xFF));
}

// A response to `query` (its id and question copied) with the given answer records appended.
QByteArray response(const QByteArray &query, int rcode, int answers, const QByteArray &records, bool truncated = false)
{
    QByteArray m = query.left(2);
    m += static_cast<char>(0x84 | (truncated ? 0x02 : 0)); // QR, AA
    m += static_cast<char>(rcode);
    m += u16(1) + u16(answers) + u16(0) + u16(0);
    m += query.mid(12);
    m += records;
    return m;
}

// An answer whose owner is a pointer to the question's name (offset 12).
QByteArray aRecord(int ttl, const QByteArray &ip)
{
    return QByteArray("\xC0\x0C", 2) + u16(1) + u16(1) + u16(ttl >> 16) + u16(ttl & 0xFFFF) + u16(4) + ip;
}

} // namespace

class TestDnsMessage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalNames()
    {
        QCOMPARE(dns::canonicalName(QStringLiteral("WWW.Shop.test")), QStringLiteral("www.shop.test."));
        QCOMPARE(dns::canonicalName(QStringLiteral("www.shop.test.")), QStringLiteral("www.shop.test."));
        QCOMPARE(dns::canonicalName(QStringLiteral("a..b")), QString());
        QCOMPARE(dns::canonicalName(QStringLiteral("bad name")), QString());
        QCOMPARE(dns::canonicalName(QString(64, QLatin1Char('a'))), QString());
        QCOMPARE(dns::canonicalName(QStringLiteral(".")), QString());
    }

    void queryHasTheNameInLabels()
    {
        const QByteArray q = dns::query(0x1234, QStringLiteral("www.shop.test."), dns::kTypeA);
        QCOMPARE(q.left(2), QByteArray("\x12\x34", 2));
        QCOMPARE(q.mid(12), QByteArray("\x03www\x04shop\x04test\x00\x00\x01\x00\x01", 19));
    }

    void parsesAAndCompressedCname()
    {
        const QByteArray q = dns::query(7, QStringLiteral("www.shop.test."), dns::kTypeA);
        // CNAME www -> green.<pointer to shop.test at offset 16>, then green's A record.
        const QByteArray cnameData = QByteArray("\x05green\xC0\x10", 8);
        const QByteArray cname = QByteArray("\xC0\x0C", 2) + u16(5) + u16(1) + u16(0) + u16(60) + u16(cnameData.size()) + cnameData;
        const int greenAt = 12 + (q.size() - 12) + cname.size() - cnameData.size(); // where "green..." starts
        const QByteArray greenA = u16(0xC000 | greenAt) + u16(1) + u16(1) + u16(0) + u16(60) + u16(4) + QByteArray("\x7f\x00\x01\x15", 4);
        const Result<DnsReply> r = dns::parseReply(response(q, 0, 2, cname + greenA));
        QVERIFY2(r, qPrintable(r.error()));
        QCOMPARE(r->id, quint16{7});
        QCOMPARE(r->rcode, 0);
        QVERIFY(r->authoritative);
        QCOMPARE(r->values(QStringLiteral("www.shop.test."), dns::kTypeCname), QStringList{QStringLiteral("green.shop.test.")});
        QCOMPARE(r->values(QStringLiteral("green.shop.test."), dns::kTypeA), QStringList{QStringLiteral("127.0.1.21")});
        QCOMPARE(r->answers.at(0).ttl, quint32{60});
    }

    void rcodesAndFlags()
    {
        const QByteArray q = dns::query(9, QStringLiteral("www.shop.test."), dns::kTypeA);
        Result<DnsReply> r = dns::parseReply(response(q, 3, 0, {}));
        QVERIFY(r);
        QCOMPARE(dns::rcodeName(r->rcode), QStringLiteral("NXDOMAIN"));
        r = dns::parseReply(response(q, 2, 0, {}));
        QCOMPARE(dns::rcodeName(r->rcode), QStringLiteral("SERVFAIL"));
        r = dns::parseReply(response(q, 0, 1, aRecord(5, QByteArray("\x0a\x00\x00\x01", 4)), true));
        QVERIFY(r && r->truncated);
        QCOMPARE(r->values(QStringLiteral("www.shop.test."), dns::kTypeA), QStringList{QStringLiteral("10.0.0.1")});
        // A query is not an answer.
        QVERIFY(!dns::parseReply(q));
    }

    void refusesBrokenAnswers_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("why");
        const QByteArray q = dns::query(1, QStringLiteral("www.shop.test."), dns::kTypeA);
        QTest::newRow("short") << QByteArray("\x00\x01\x80", 3) << QStringLiteral("shorter than a header");
        QTest::newRow("answer count too high") << response(q, 0, 3, aRecord(5, QByteArray(4, '\1'))) << QStringLiteral("past the end");
        QTest::newRow("A of 5 bytes") << response(q, 0, 1, QByteArray("\xC0\x0C", 2) + u16(1) + u16(1) + u16(0) + u16(5) + u16(5) + QByteArray(5, '\1'))
                                      << QStringLiteral("A record of 5 bytes");
        QTest::newRow("pointer loop") << response(q, 0, 1, QByteArray("\xC0\x2D", 2) + u16(1) + u16(1) + u16(0) + u16(5) + u16(4) + QByteArray(4, '\1'))
                                      << QStringLiteral("does not point backwards");
        QTest::newRow("label past end") << response(q, 0, 1, QByteArray("\x3F" "abc", 4)) << QStringLiteral("past the end");
        QTest::newRow("extended label") << response(q, 0, 1, QByteArray("\x41", 1)) << QStringLiteral("unknown kind");
    }

    void refusesBrokenAnswers()
    {
        QFETCH(QByteArray, message);
        QFETCH(QString, why);
        const Result<DnsReply> r = dns::parseReply(message);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(why), qPrintable(r.error()));
    }

    void pdnsRecordRoundTripsAndRefusesOthers()
    {
        PdnsPick pick;
        pick.entries = {{90, QStringLiteral("10.0.1.1")}, {10, QStringLiteral("10.0.2.1")}};
        QCOMPARE(pick.content(), QStringLiteral("A \"pickwhashed({{90,'10.0.1.1'},{10,'10.0.2.1'}})\""));
        const Result<PdnsPick> back = PdnsPick::parseContent(pick.content());
        QVERIFY2(back, qPrintable(back.error()));
        QCOMPARE(back->entries.size(), 2);
        QCOMPARE(back->entries.at(1).weight, 10);
        QVERIFY(back->hashed);
        QVERIFY(PdnsPick::parseContent(QStringLiteral(" A \"pickwrandom( { {1, '1.2.3.4'} } )\" ")));
        for (const char *bad : {"A \"pickrandom({'1.2.3.4'})\"", "A \"pickwhashed({{90,'10.0.1.1'},{10,'host'}})\"",
                                "A \"pickwhashed({{90,'10.0.1.1'}{10,'10.0.2.1'}})\"", "A \"pickwhashed({})\"",
                                "A \"pickwhashed({{99999999,'10.0.1.1'}})\"", "CNAME \"x\""}) {
            const Result<PdnsPick> r = PdnsPick::parseContent(QString::fromLatin1(bad));
            QVERIFY2(!r, bad);
            QVERIFY(r.error().contains(QLatin1String("the LUA record")));
        }
        // From the API's JSON: exactly one enabled LUA record of that name.
        const QByteArray zone = "{\"rrsets\":[{\"name\":\"www.shop.test.\",\"type\":\"LUA\",\"ttl\":5,\"records\":[{\"content\":"
                                "\"A \\\"pickwhashed({{100,'10.0.1.1'},{0,'10.0.2.1'}})\\\"\",\"disabled\":false}]}]}";
        const Result<PdnsPick> fromApi = PdnsPick::fromRrsetJson(zone, QStringLiteral("www.shop.test."));
        QVERIFY2(fromApi, qPrintable(fromApi.error()));
        QCOMPARE(fromApi->ttl, 5);
        QCOMPARE(fromApi->addressesWithWeight(), QStringList{QStringLiteral("10.0.1.1")});
        QVERIFY(!PdnsPick::fromRrsetJson(zone, QStringLiteral("api.shop.test.")));
        QVERIFY(!PdnsPick::fromRrsetJson("[1,2]", QStringLiteral("www.shop.test.")));
        // The PATCH body replaces that one rrset.
        QVERIFY(pick.patchBody(QStringLiteral("www.shop.test.")).contains("\"changetype\":\"REPLACE\""));
    }

    // Every share of either colour gives a record with weight that reads back as that share
    // (to within RouterState::carries' 1 %), for uneven colours: {0,0} cannot be written.
    void pdnsRecordIsNeverAllZero()
    {
        DeploymentConfig config;
        for (const char *name : {"b1", "b2", "b3", "g1"})
            config.hosts << HostConfig{QString::fromLatin1(name), QStringLiteral("10.0.0.%1").arg(config.hosts.size() + 1), 0, {}};
        config.blue.hosts = {QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3")};
        config.green.hosts = {QStringLiteral("g1")};
        config.router.type = RouterType::Pdns;
        config.router.recordName = QStringLiteral("www.shop.test.");
        const PdnsRouter router(config);
        for (const Colour colour : {Colour::Blue, Colour::Green}) {
            for (int percent = 0; percent <= 100; ++percent) {
                const PdnsPick pick = router.pickFor(colour, percent);
                QVERIFY(pick.totalWeight() > 0);
                QCOMPARE(pick.entries.size(), 4);
                const Result<RouterState> state = router.stateOf(pick);
                QVERIFY2(state, qPrintable(state.error()));
                QVERIFY2(state->carries(colour, percent), qPrintable(QStringLiteral("%1 %2: %3").arg(colourName(colour)).arg(percent).arg(state->describe())));
                // And the content survives the round trip through PowerDNS's text.
                const Result<PdnsPick> back = PdnsPick::parseContent(pick.content());
                QVERIFY(back && back->totalWeight() == pick.totalWeight());
            }
        }
        // An address that is no colour host's is named, not ignored.
        PdnsPick foreign = router.pickFor(Colour::Blue, 100);
        foreign.entries << PdnsPick::Entry{5, QStringLiteral("192.0.2.9")};
        const Result<RouterState> refused = router.stateOf(foreign);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QLatin1String("192.0.2.9, which is no host of either colour")), qPrintable(refused.error()));
    }
};

QTEST_GUILESS_MAIN(TestDnsMessage)
#include "tst_dnsmessage.moc"
