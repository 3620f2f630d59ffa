// The DNS routers against real servers started by this test on 127.0.0.1 high ports:
// PowerDNS Authoritative 4.7 (gsqlite3, HTTP API, LUA records) for "type": "pdns", and BIND 9
// (a dynamic zone with a TSIG key, changed by nsupdate) for "type": "rfc2136". The routers are
// driven through RouterAdapter, as a deploy drives them; answers are counted with real queries.

#include "integration/dnsservers.h"

#include "config/configloader.h"
#include "dns/dnsclient.h"
#include "pipeline/deployplan.h"
#include "router/pdnsapi.h"
#include "router/routerfactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kQueries = 200;
// pickwhashed picks by the client's address: 200 clients from 200 addresses, each asking once.
// Their split must match the weights to within this many percentage points (a hash of 200
// addresses is not an exact share; measured here: see the test's output).
constexpr int kTolerancePoints = 10;

const QString kBlue1 = QStringLiteral("127.0.1.11");
const QString kBlue2 = QStringLiteral("127.0.1.12");
const QString kGreen1 = QStringLiteral("127.0.1.21");

QJsonObject baseConfig(const QJsonObject &router, const QJsonArray &weights)
{
    const auto env = [](const QJsonArray &hosts) {
        return QJsonObject{{QStringLiteral("hosts"), hosts}, {QStringLiteral("app_port"), 8080},
                           {QStringLiteral("version_command"), QStringLiteral("cat VERSION")},
                           {QStringLiteral("deploy_command"), QStringLiteral("./deploy {version}")}};
    };
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("dns-shop")},
        {QStringLiteral("hosts"), QJsonObject{{QStringLiteral("router"), QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")}}},
                                              {QStringLiteral("blue-1"), QJsonObject{{QStringLiteral("address"), kBlue1}}},
                                              {QStringLiteral("blue-2"), QJsonObject{{QStringLiteral("address"), kBlue2}}},
                                              {QStringLiteral("green-1"), QJsonObject{{QStringLiteral("address"), kGreen1}}}}},
        {QStringLiteral("environments"), QJsonObject{{QStringLiteral("blue"), env({QStringLiteral("blue-1"), QStringLiteral("blue-2")})},
                                                     {QStringLiteral("green"), env({QStringLiteral("green-1")})}}},
        {QStringLiteral("router"), router},
        {QStringLiteral("pipeline"), QJsonArray{QJsonObject{{QStringLiteral("stage"), QStringLiteral("deploy")}},
                                                QJsonObject{{QStringLiteral("stage"), QStringLiteral("shift")}, {QStringLiteral("weights"), weights}}}},
    };
}

std::optional<DeploymentConfig> load(const QString &path, const QJsonObject &root)
{
    if (!test::writeText(path, QJsonDocument(root).toJson()))
        return std::nullopt;
    ConfigLoader loader;
    Result<DeploymentConfig> loaded = loader.loadFile(path);
    if (!loaded) {
        qWarning("%s", qPrintable(loaded.error()));
        return std::nullopt;
    }
    return std::move(loaded).value();
}

// Green's share of `kQueries` answers, each asked from its own source address 127.0.2.x.
struct Split
{
    int blue = 0;
    int green = 0;
    int other = 0;
};

Split countAnswers(quint16 port, const QString &name)
{
    Split split;
    for (int i = 0; i < kQueries; ++i) {
        DnsQuery q;
        q.server = QStringLiteral("127.0.0.1");
        q.port = port;
        q.name = name;
        q.source = QStringLiteral("127.0.%1.%2").arg(2 + i / 250).arg(1 + i % 250);
        const Result<DnsReply> r = DnsClient::ask(q);
        const QStringList a = r ? r->values(dns::canonicalName(name), dns::kTypeA) : QStringList();
        if (a.size() == 1 && (a.first() == kBlue1 || a.first() == kBlue2))
            ++split.blue;
        else if (a.size() == 1 && a.first() == kGreen1)
            ++split.green;
        else
            ++split.other;
    }
    return split;
}

QString cnameOf(quint16 port)
{
    DnsQuery q;
    q.server = QStringLiteral("127.0.0.1");
    q.port = port;
    q.name = QStringLiteral("www.shop.test.");
    q.type = dns::kTypeCname;
    const Result<DnsReply> r = DnsClient::ask(q);
    return r ? r->values(QStringLiteral("www.shop.test."), dns::kTypeCname).join(QLatin1Char(' ')) : r.error();
}

// The test's own change, made beside the router: what a colleague's script would do.
int nsupdate(const QString &keyFile, const QByteArray &script)
{
    QProcess p;
    p.start(QStringLiteral("nsupdate"), {QStringLiteral("-k"), keyFile});
    p.write(script);
    p.closeWriteChannel();
    return p.waitForFinished(15000) ? p.exitCode() : -1;
}

} // namespace

class TestDnsRouters final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *tool : {"/usr/sbin/pdns_server", "/usr/sbin/named", "/usr/bin/nsupdate", "/usr/bin/sqlite3"})
            QVERIFY2(QFile::exists(QString::fromLatin1(tool)), qPrintable(QStringLiteral("%1 is missing: run scripts/install-deps.sh").arg(QString::fromLatin1(tool))));
    }

    void pdnsWeightedStepsAndRollback()
    {
        QVERIFY(m_dir.isValid());
        const QString dir = m_dir.path() + QStringLiteral("/pdns");
        QVERIFY(QDir().mkpath(dir));
        const QByteArray key = test::randomSecret().left(24).replace('/', 'x').replace('+', 'y');
        test::DnsServer pdns;
        QVERIFY2(test::startPdns(pdns, dir, key), qPrintable(pdns.output()));
        QVERIFY(test::writeText(dir + QStringLiteral("/api.key"), key + '\n'));

        const QJsonObject router{{QStringLiteral("type"), QStringLiteral("pdns")},
                                 {QStringLiteral("host"), QStringLiteral("router")},
                                 {QStringLiteral("frontend_url"), QStringLiteral("http://www.shop.test/")},
                                 {QStringLiteral("api_url"), QStringLiteral("http://127.0.0.1:%1").arg(pdns.apiPort)},
                                 {QStringLiteral("api_key_file"), QStringLiteral("api.key")},
                                 {QStringLiteral("server"), QStringLiteral("127.0.0.1")},
                                 {QStringLiteral("port"), pdns.dnsPort},
                                 {QStringLiteral("zone"), QStringLiteral("shop.test")},
                                 {QStringLiteral("name"), QStringLiteral("www")},
                                 {QStringLiteral("ttl"), 5}};
        const std::optional<DeploymentConfig> config = load(dir + QStringLiteral("/shop.json"), baseConfig(router, {10, 50, 100}));
        QVERIFY(config);
        QCOMPARE(config->router.recordName, QStringLiteral("www.shop.test."));
        HostPool pool({}, {});
        const std::unique_ptr<RouterAdapter> adapter = makeRouter(pool, *config, Lane::Control);

        // `greenlight plan` shows each step's record: per host, 2 blue hosts against 1 green.
        QStringList plan;
        for (const DeployPlan::Step &step : DeployPlan::build(*config, *adapter, Colour::Blue, QStringLiteral("2.0.0")))
            plan << step.what;
        const QString planText = plan.join(QLatin1Char('\n'));
        QVERIFY2(planText.contains(QStringLiteral("PATCH http://127.0.0.1:%1/api/v1/servers/localhost/zones/shop.test. (REPLACE) www.shop.test. 5 LUA "
                                                  "A \"pickwhashed({{90,'127.0.1.11'},{90,'127.0.1.12'},{20,'127.0.1.21'}})\"")
                                       .arg(pdns.apiPort)),
                 qPrintable(planText));
        QVERIFY2(planText.contains(QStringLiteral("pickwhashed({{0,'127.0.1.11'},{0,'127.0.1.12'},{200,'127.0.1.21'}})")), qPrintable(planText));
        QVERIFY(!planText.contains(QString::fromLatin1(key)));

        // The zone, made through the API as an operator would; then no record yet: a clear error.
        PdnsApi api(config->router.apiUrl, config->router.apiKeyFile, {});
        const Result<PdnsApi::Reply> created = api.request(
            "POST", QStringLiteral("/api/v1/servers/localhost/zones"),
            QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("shop.test.")}, {QStringLiteral("kind"), QStringLiteral("Native")},
                          {QStringLiteral("nameservers"), QJsonArray{QStringLiteral("ns1.shop.test.")}}})
                .toJson(), 5000, {});
        QVERIFY2(created && created->status == 201, created ? created->body.constData() : qPrintable(created.error()));
        const Result<RouterState> none = adapter->readState({});
        QVERIFY(!none);
        QVERIFY2(none.error().contains(QLatin1String("has no LUA record named www.shop.test.")), qPrintable(none.error()));

        // A wrong key is refused by PowerDNS, and the key is in no message.
        {
            PdnsApi wrong(config->router.apiUrl, {}, QStringLiteral("GL_TEST_WRONG_PDNS_KEY"));
            qputenv("GL_TEST_WRONG_PDNS_KEY", "not-the-key");
            const Result<PdnsApi::Reply> r = wrong.request("GET", PdnsApi::zonePath(QStringLiteral("shop.test.")), {}, 5000, {});
            QVERIFY(r);
            QCOMPARE(r->status, 401);
        }

        // Blue live to begin with.
        Result<RouterState> state = adapter->shift(Colour::Blue, 100, {});
        QVERIFY2(state, qPrintable(state.error()));
        QCOMPARE(state->liveColour(), std::optional<Colour>(Colour::Blue));
        Split split = countAnswers(pdns.dnsPort, QStringLiteral("www.shop.test."));
        QCOMPARE(split.blue, kQueries);

        for (const int percent : {10, 50, 100}) {
            QElapsedTimer clock;
            clock.start();
            state = adapter->shift(Colour::Green, percent, {});
            const qint64 shiftMs = clock.elapsed();
            QVERIFY2(state, qPrintable(state.error()));
            QCOMPARE(state->percent(Colour::Green), percent);
            split = countAnswers(pdns.dnsPort, QStringLiteral("www.shop.test."));
            const int greenPercent = split.green * 100 / kQueries;
            qInfo("pdns hashed, green %d %%: %d blue / %d green / %d other of %d clients (shift incl. PATCH, API read-back and DNS "
                  "confirmation: %lld ms)",
                  percent, split.blue, split.green, split.other, kQueries, shiftMs);
            QCOMPARE(split.other, 0);
            QVERIFY2(std::abs(greenPercent - percent) <= kTolerancePoints, qPrintable(QString::number(greenPercent)));
        }

        // "Served through the router" connects where the router's own server sends clients now
        // (this machine's resolver does not know the name, and may hold an old answer anyway).
        Result<QString> frontend = adapter->frontendAddress(QStringLiteral("www.shop.test"), {});
        QVERIFY2(frontend, qPrintable(frontend.error()));
        QCOMPARE(frontend.value(), kGreen1);
        frontend = adapter->frontendAddress(QStringLiteral("shop.example.com"), {}); // not the router's record
        QVERIFY2(frontend && frontend->isEmpty(), qPrintable(frontend ? frontend.value() : frontend.error()));

        // The same client keeps its colour (hashed): ask the 50 % record twice from each address.
        state = adapter->shift(Colour::Green, 50, {});
        QVERIFY2(state, qPrintable(state.error()));
        const Split first = countAnswers(pdns.dnsPort, QStringLiteral("www.shop.test."));
        const Split second = countAnswers(pdns.dnsPort, QStringLiteral("www.shop.test."));
        QCOMPARE(first.green, second.green);

        // Rollback: all on blue again, every client.
        state = adapter->shift(Colour::Blue, 100, {});
        QVERIFY2(state, qPrintable(state.error()));
        QCOMPARE(state->describe(), QStringLiteral("blue 100% / green 0%"));
        split = countAnswers(pdns.dnsPort, QStringLiteral("www.shop.test."));
        QCOMPARE(split.blue, kQueries);
        frontend = adapter->frontendAddress(QStringLiteral("WWW.shop.test."), {});
        QVERIFY2(frontend && (frontend.value() == kBlue1 || frontend.value() == kBlue2), qPrintable(frontend ? frontend.value() : frontend.error()));

        // pickwrandom: the same 50 % from one address spreads too.
        DeploymentConfig randomConfig = *config;
        randomConfig.router.pickHashed = false;
        const std::unique_ptr<RouterAdapter> random = makeRouter(pool, randomConfig, Lane::Control);
        state = random->shift(Colour::Green, 50, {});
        QVERIFY2(state, qPrintable(state.error()));
        // Random is a coin per query: 1000 of them, so the tolerance is six standard deviations.
        constexpr int kRandomQueries = 1000;
        int green = 0;
        for (int i = 0; i < kRandomQueries; ++i) {
            DnsQuery q{QStringLiteral("127.0.0.1"), pdns.dnsPort, QStringLiteral("www.shop.test."), dns::kTypeA, {}, 2000};
            const Result<DnsReply> r = DnsClient::ask(q);
            QVERIFY(r);
            green += r->values(QStringLiteral("www.shop.test."), dns::kTypeA).contains(kGreen1) ? 1 : 0;
        }
        qInfo("pdns random, green 50 %%: %d of %d queries from one address", green, kRandomQueries);
        QVERIFY2(std::abs(green * 100 / kRandomQueries - 50) <= kTolerancePoints, qPrintable(QString::number(green)));
        // The hashed router reads a random record as a mismatch, not as its own.
        const Result<RouterState> mismatch = adapter->readState({});
        QVERIFY(!mismatch);
        QVERIFY2(mismatch.error().contains(QLatin1String("pickwrandom")), qPrintable(mismatch.error()));
        QVERIFY(random->shift(Colour::Blue, 100, {}));

        // The API key appears in no message or plan line.
        QVERIFY(!adapter->weightCommand(Colour::Green, 10).contains(QString::fromLatin1(key)));
        QVERIFY(!adapter->describe().contains(QString::fromLatin1(key)));
        pdns.stop();
    }

    void rfc2136SwapCompareAndSwapAndRollback()
    {
        QVERIFY(m_dir.isValid());
        const QString dir = m_dir.path() + QStringLiteral("/bind");
        QVERIFY(QDir().mkpath(dir));
        const QByteArray zone = "$TTL 60\n@ IN SOA ns1.shop.test. hostmaster.shop.test. 1 3600 600 86400 60\n@ IN NS ns1.shop.test.\n"
                                "ns1 IN A 127.0.0.1\nwww IN CNAME blue.shop.test.\nblue IN A 127.0.1.11\ngreen IN A 127.0.1.21\n";
        test::DnsServer bind;
        QVERIFY2(test::startBind(bind, dir, test::randomSecret(), zone), qPrintable(bind.output()));
        const QString keyFile = dir + QStringLiteral("/gl-key.conf");

        const QJsonObject router{{QStringLiteral("type"), QStringLiteral("rfc2136")},
                                 {QStringLiteral("host"), QStringLiteral("router")},
                                 {QStringLiteral("frontend_url"), QStringLiteral("http://www.shop.test/")},
                                 {QStringLiteral("server"), QStringLiteral("127.0.0.1")},
                                 {QStringLiteral("port"), bind.dnsPort},
                                 {QStringLiteral("zone"), QStringLiteral("shop.test")},
                                 {QStringLiteral("name"), QStringLiteral("www")},
                                 {QStringLiteral("record_type"), QStringLiteral("CNAME")},
                                 {QStringLiteral("blue_target"), QStringLiteral("blue")},
                                 {QStringLiteral("green_target"), QStringLiteral("green.shop.test.")},
                                 {QStringLiteral("tsig_key_file"), keyFile},
                                 {QStringLiteral("ttl"), 5}};
        const std::optional<DeploymentConfig> config = load(dir + QStringLiteral("/shop.json"), baseConfig(router, {100}));
        QVERIFY(config);
        HostPool pool({}, {});
        const std::unique_ptr<RouterAdapter> adapter = makeRouter(pool, *config, Lane::Control);

        Result<RouterState> state = adapter->readState({});
        QVERIFY2(state, qPrintable(state.error()));
        QCOMPARE(state->liveColour(), std::optional<Colour>(Colour::Blue));
        QStringList plan;
        for (const DeployPlan::Step &step : DeployPlan::build(*config, *adapter, Colour::Blue, QStringLiteral("2.0.0")))
            plan << step.what;
        QVERIFY2(plan.contains(QStringLiteral("nsupdate -k %1 <<< 'server 127.0.0.1 %2; zone shop.test.; prereq yxrrset www.shop.test. CNAME "
                                              "blue.shop.test.; update delete www.shop.test. CNAME; update add www.shop.test. 5 CNAME green.shop.test.; send'")
                                   .arg(keyFile).arg(bind.dnsPort)),
                 qPrintable(plan.join(QLatin1Char('\n'))));

        QElapsedTimer clock;
        clock.start();
        state = adapter->shift(Colour::Green, 100, {});
        const qint64 swapMs = clock.elapsed();
        QVERIFY2(state, qPrintable(state.error()));
        QCOMPARE(state->liveColour(), std::optional<Colour>(Colour::Green));
        QCOMPARE(cnameOf(bind.dnsPort), QStringLiteral("green.shop.test."));
        qInfo("rfc2136 swap to green (DNS read, nsupdate compare-and-swap, DNS read-back): %lld ms", swapMs);
        // Clients follow the CNAME to green's address, by the router's own server.
        Result<QString> frontend = adapter->frontendAddress(QStringLiteral("www.shop.test"), {});
        QVERIFY2(frontend, qPrintable(frontend.error()));
        QCOMPARE(frontend.value(), QStringLiteral("127.0.1.21"));

        // Someone else points the name elsewhere: the router's swap is refused, not overwritten.
        clock.restart();
        QCOMPARE(nsupdate(keyFile, QStringLiteral("server 127.0.0.1 %1\nzone shop.test\nupdate delete www.shop.test. CNAME\n"
                                                  "update add www.shop.test. 5 CNAME maintenance.shop.test.\nsend\n")
                                       .arg(bind.dnsPort).toUtf8()),
                 0);
        qInfo("the test's own nsupdate (TSIG-signed update, no prerequisite): %lld ms", clock.elapsed());
        clock.restart();
        const Result<RouterState> refused = adapter->shift(Colour::Blue, 100, {});
        QVERIFY(!refused);
        qInfo("rfc2136 swap refused by its prerequisite (NXRRSET): %lld ms", clock.elapsed());
        QVERIFY2(refused.error().contains(QLatin1String("NXRRSET")), qPrintable(refused.error()));
        QVERIFY2(refused.error().contains(QLatin1String("nothing was overwritten")), qPrintable(refused.error()));
        QCOMPARE(cnameOf(bind.dnsPort), QStringLiteral("maintenance.shop.test."));
        const Result<RouterState> unknown = adapter->readState({});
        QVERIFY(!unknown);
        QVERIFY2(unknown.error().contains(QLatin1String("maintenance.shop.test.")), qPrintable(unknown.error()));
        // A CNAME to a name without an address: the served check cannot connect, and says where the chain ended.
        frontend = adapter->frontendAddress(QStringLiteral("www.shop.test"), {});
        QVERIFY(!frontend);
        QVERIFY2(frontend.error().contains(QStringLiteral("www.shop.test. → maintenance.shop.test.")), qPrintable(frontend.error()));

        // Put back by the colleague, then the rollback swaps to blue.
        QCOMPARE(nsupdate(keyFile, QStringLiteral("server 127.0.0.1 %1\nzone shop.test\nupdate delete www.shop.test. CNAME\n"
                                                  "update add www.shop.test. 5 CNAME green.shop.test.\nsend\n")
                                       .arg(bind.dnsPort).toUtf8()),
                 0);
        state = adapter->shift(Colour::Blue, 100, {});
        QVERIFY2(state, qPrintable(state.error()));
        QCOMPARE(cnameOf(bind.dnsPort), QStringLiteral("blue.shop.test."));
        // A key the server does not know (same name, another secret): refused, nsupdate quoted.
        const QString wrongKey = dir + QStringLiteral("/wrong-key.conf");
        QVERIFY(test::writeText(wrongKey, "key \"gl-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + test::randomSecret() + "\";\n};\n"));
        DeploymentConfig wrong = *config;
        wrong.router.tsigKeyFile = wrongKey;
        const Result<RouterState> badKey = makeRouter(pool, wrong, Lane::Control)->shift(Colour::Green, 100, {});
        QVERIFY(!badKey);
        QVERIFY2(badKey.error().contains(QLatin1String("NOTAUTH")), qPrintable(badKey.error()));
        QCOMPARE(cnameOf(bind.dnsPort), QStringLiteral("blue.shop.test."));
        // Weighted steps are refused by the router too, traffic unmoved.
        QVERIFY(!adapter->shift(Colour::Green, 50, {}));
        QCOMPARE(cnameOf(bind.dnsPort), QStringLiteral("blue.shop.test."));

        // An A record: the colours' host addresses, swapped the same way.
        QJsonObject aRouter = router;
        aRouter.insert(QStringLiteral("record_type"), QStringLiteral("A"));
        aRouter.remove(QStringLiteral("blue_target"));
        aRouter.remove(QStringLiteral("green_target"));
        const std::optional<DeploymentConfig> aConfig = load(dir + QStringLiteral("/shop-a.json"), baseConfig(aRouter, {100}));
        QVERIFY(aConfig);
        QCOMPARE(nsupdate(keyFile, QStringLiteral("server 127.0.0.1 %1\nzone shop.test\nupdate delete www.shop.test.\n"
                                                  "update add www.shop.test. 5 A %2\nupdate add www.shop.test. 5 A %3\nsend\n")
                                       .arg(bind.dnsPort).arg(kBlue1, kBlue2).toUtf8()),
                 0);
        const std::unique_ptr<RouterAdapter> aAdapter = makeRouter(pool, *aConfig, Lane::Control);
        state = aAdapter->shift(Colour::Green, 100, {});
        QVERIFY2(state, qPrintable(state.error()));
        Split split = countAnswers(bind.dnsPort, QStringLiteral("www.shop.test."));
        QCOMPARE(split.green, kQueries);
        state = aAdapter->shift(Colour::Blue, 100, {});
        QVERIFY2(state, qPrintable(state.error()));
        QCOMPARE(state->liveColour(), std::optional<Colour>(Colour::Blue));
        bind.stop();
    }
};

QTEST_GUILESS_MAIN(TestDnsRouters)
#include "tst_dnsrouters.moc"
