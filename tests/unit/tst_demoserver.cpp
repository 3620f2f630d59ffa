// DemoServer over real loopback sockets: routes, headers, keep-alive, pipelining,
// fault knobs and their persistence. Plus the small helpers of greenlight-demo.
#include "commandline.h"
#include "demoserver.h"
#include "ownerwatch.h"
#include "pidfile.h"
#include "trafficgenerator.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QUdpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int waitMs = 10'000;

struct Reply final
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body;

    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

// Takes one complete response off the front of buffer, if there is one.
bool takeReply(QByteArray &buffer, Reply &reply, bool headOnly)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    Reply parsed;
    parsed.status = lines.constFirst().mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        parsed.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    const qsizetype length = headOnly ? 0 : parsed.header("Content-Length").toLongLong();
    const qsizetype total = headEnd + 4 + length;
    if (buffer.size() < total)
        return false;
    parsed.body = buffer.mid(headEnd + 4, length);
    buffer.remove(0, total);
    reply = parsed;
    return true;
}

// A raw HTTP/1.1 client on one connection, for keep-alive and pipelining checks.
class RawClient final
{
public:
    explicit RawClient(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }

    [[nodiscard]] bool waitConnected()
    {
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, waitMs);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    void get(const QByteArray &target)
    {
        send("GET "_ba + target + " HTTP/1.1\r\nHost: lab\r\n\r\n");
    }
    [[nodiscard]] std::optional<Reply> read(bool headOnly = false)
    {
        Reply reply;
        const bool ok = QTest::qWaitFor([&] {
            m_buffer += m_socket.readAll();
            return takeReply(m_buffer, reply, headOnly);
        }, waitMs);
        return ok ? std::optional<Reply>(reply) : std::nullopt;
    }
    [[nodiscard]] bool waitClosed()
    {
        return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, waitMs);
    }
    [[nodiscard]] bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    [[nodiscard]] QByteArray unread() { return m_buffer + m_socket.readAll(); }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

struct ServerUnderTest final
{
    explicit ServerUnderTest(const QString &stateDir)
        : server(DemoServerConfig{u"web1"_s, u"v1.2.3"_s, stateDir})
    {
    }
    [[nodiscard]] bool start() { return server.listen(QHostAddress::LocalHost, 0); }

    // One request on a fresh connection.
    [[nodiscard]] std::optional<Reply> get(const QByteArray &target)
    {
        RawClient client(server.serverPort());
        client.get(target);
        return client.read();
    }

    DemoServer server;
};

} // namespace

class TestDemoServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.emplace().isValid());
        m_sut = std::make_unique<ServerUnderTest>(m_dir->path());
        QVERIFY2(m_sut->start(), qPrintable(m_sut->server.errorString()));
        QVERIFY(m_sut->server.serverPort() != 0);
    }
    void cleanup()
    {
        m_sut.reset();
        m_dir.reset();
    }

    void rootReportsHostVersionAndHeaders()
    {
        QNetworkAccessManager manager;
        manager.setProxy(QNetworkProxy::NoProxy);
        const QUrl url(u"http://127.0.0.1:%1/"_s.arg(m_sut->server.serverPort()));
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(url)));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), waitMs);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->readAll(), "web1 v1.2.3\n"_ba);
        QCOMPARE(reply->rawHeader("X-Greenlight-Version"), "v1.2.3"_ba);
        QCOMPARE(reply->rawHeader("X-Greenlight-Host"), "web1"_ba);
        QVERIFY(reply->rawHeader("Content-Type").startsWith("text/plain"));

        const std::optional<Reply> version = m_sut->get("/version");
        QVERIFY(version);
        QCOMPARE(version->status, 200);
        QCOMPARE(version->body, "v1.2.3\n"_ba);
        QCOMPARE(version->header("Content-Length"), "7"_ba);
        QCOMPARE(version->header("X-Greenlight-Host"), "web1"_ba);
    }

    void chunkedKnobAnswersInChunks()
    {
        QVERIFY(m_sut->get("/__lab/faults?chunked=1"));
        RawClient raw(m_sut->server.serverPort());
        raw.get("/version");
        QByteArray bytes;
        QVERIFY(QTest::qWaitFor([&] {
            bytes = raw.unread();
            return bytes.endsWith("0\r\n\r\n");
        }, waitMs));
        QVERIFY2(bytes.contains("Transfer-Encoding: chunked\r\n"), bytes.constData());
        QVERIFY2(!bytes.contains("Content-Length"), bytes.constData());
        QVERIFY2(bytes.endsWith("\r\n\r\n3\r\nv1.\r\n4\r\n2.3\n\r\n0\r\n\r\n"), bytes.constData());

        // Any HTTP client reads it as the version (Greenlight's own probes use this one).
        QNetworkAccessManager manager;
        manager.setProxy(QNetworkProxy::NoProxy);
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/version"_s.arg(m_sut->server.serverPort())))));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), waitMs);
        QCOMPARE(reply->readAll(), "v1.2.3\n"_ba);
        QCOMPARE(m_sut->server.faults().chunked, true);
    }

    void healthFaultIsPersistedAndReloaded()
    {
        std::optional<Reply> reply = m_sut->get("/health");
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->body, "ok\n"_ba);

        QSignalSpy changed(&m_sut->server, &DemoServer::faultsChanged);
        reply = m_sut->get("/__lab/faults?health=fail");
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("Content-Type"), "application/json"_ba);
        QCOMPARE(QJsonDocument::fromJson(reply->body).object().value(u"health"_s).toString(), u"fail"_s);
        QCOMPARE(changed.count(), 1);

        reply = m_sut->get("/health");
        QVERIFY(reply);
        QCOMPARE(reply->status, 503);
        QCOMPARE(reply->body, "unhealthy\n"_ba);
        QCOMPARE(reply->header("X-Greenlight-Version"), "v1.2.3"_ba);

        QFile file(m_dir->filePath(u"faults.json"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(saved.value(u"health"_s).toString(), u"fail"_s);
        QCOMPARE(saved.value(u"error_rate"_s).toDouble(), 0.0);
        QCOMPARE(saved.value(u"latency_ms"_s).toInt(), 0);

        // A new instance (as after a redeploy) starts with the persisted faults.
        m_sut.reset();
        m_sut = std::make_unique<ServerUnderTest>(m_dir->path());
        QVERIFY(m_sut->start());
        QVERIFY(m_sut->server.faultsWarning().isEmpty());
        QCOMPARE(m_sut->server.faults().healthy, false);
        reply = m_sut->get("/health");
        QVERIFY(reply);
        QCOMPARE(reply->status, 503);

        reply = m_sut->get("/__lab/faults?reset=1");
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QVERIFY(m_sut->server.faults().isDefault());
        reply = m_sut->get("/health");
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }

    void malformedFaultsFileMeansNoFaults()
    {
        m_sut.reset();
        QFile file(m_dir->filePath(u"faults.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"error_rate": 3, "health": "fail"})");
        file.close();
        m_sut = std::make_unique<ServerUnderTest>(m_dir->path());
        QVERIFY(m_sut->server.faultsWarning().contains(u"error_rate"_s));
        QVERIFY(m_sut->server.faults().isDefault());
    }

    void errorRateOneGives500()
    {
        std::optional<Reply> reply = m_sut->get("/__lab/faults?error_rate=1");
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        for (const QByteArray &target : {"/"_ba, "/version"_ba}) {
            reply = m_sut->get(target);
            QVERIFY(reply);
            QCOMPARE(reply->status, 500);
            QCOMPARE(reply->body, "injected error\n"_ba);
            QCOMPARE(reply->header("X-Greenlight-Version"), "v1.2.3"_ba);
        }
        reply = m_sut->get("/health");
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
    }

    void invalidFaultValueGets400NamingTheParameter_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QByteArray>("parameter");
        QTest::newRow("error_rate") << "error_rate=2"_ba << "error_rate"_ba;
        QTest::newRow("error_rate text") << "error_rate=lots"_ba << "error_rate"_ba;
        QTest::newRow("latency_ms") << "latency_ms=-5"_ba << "latency_ms"_ba;
        QTest::newRow("health") << "health=maybe"_ba << "health"_ba;
        QTest::newRow("unknown") << "latency=5"_ba << "latency"_ba;
        QTest::newRow("partly valid") << "health=fail&latency_ms=x"_ba << "latency_ms"_ba;
    }
    void invalidFaultValueGets400NamingTheParameter()
    {
        QFETCH(QByteArray, query);
        QFETCH(QByteArray, parameter);
        const std::optional<Reply> reply = m_sut->get("/__lab/faults?"_ba + query);
        QVERIFY(reply);
        QCOMPARE(reply->status, 400);
        QVERIFY2(reply->body.contains(parameter), reply->body.constData());
        QVERIFY(m_sut->server.faults().isDefault());
        QVERIFY(!QFile::exists(m_dir->filePath(u"faults.json"_s)));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        RawClient client(m_sut->server.serverPort());
        client.send("GET /version HTTP/1.1\r\nHost: lab\r\n\r\n"
                    "GET / HTTP/1.1\r\nHost: lab\r\n\r\n"
                    "GET /nope HTTP/1.1\r\nHost: lab\r\n\r\n");
        std::optional<Reply> reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->body, "v1.2.3\n"_ba);
        reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->body, "web1 v1.2.3\n"_ba);
        reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 404);

        // Still open: the same connection serves another request.
        QVERIFY(client.isConnected());
        client.get("/health");
        reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QVERIFY(client.isConnected());
        QCOMPARE(m_sut->server.connectionCount(), 1);
    }

    void delayedResponseKeepsPipelineOrder()
    {
        QVERIFY(m_sut->get("/__lab/faults?latency_ms=300"));
        RawClient client(m_sut->server.serverPort());
        // The delayed /version must still come before the immediate /__lab/faults.
        client.send("GET /version HTTP/1.1\r\nHost: lab\r\n\r\n"
                    "GET /__lab/faults HTTP/1.1\r\nHost: lab\r\n\r\n");
        std::optional<Reply> reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->body, "v1.2.3\n"_ba);
        reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->header("Content-Type"), "application/json"_ba);
    }

    void latencyDoesNotBlockOtherConnections()
    {
        QVERIFY(m_sut->get("/__lab/faults?latency_ms=2000"));
        const quint64 before = m_sut->server.requestCount();
        RawClient slow(m_sut->server.serverPort());
        slow.get("/version");
        QTRY_COMPARE_WITH_TIMEOUT(m_sut->server.requestCount(), before + 1, waitMs);

        const std::optional<Reply> fast = m_sut->get("/__lab/faults");
        QVERIFY(fast);
        QCOMPARE(fast->status, 200);
        QVERIFY(slow.unread().isEmpty()); // the delayed one is still pending

        const std::optional<Reply> late = slow.read();
        QVERIFY(late);
        QCOMPARE(late->status, 200);
        QCOMPARE(late->body, "v1.2.3\n"_ba);
    }

    void connectionCloseIsHonoured()
    {
        RawClient client(m_sut->server.serverPort());
        client.send("GET /version HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n");
        const std::optional<Reply> reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("Connection"), "close"_ba);
        QVERIFY(client.waitClosed());
        QTRY_COMPARE_WITH_TIMEOUT(m_sut->server.connectionCount(), 0, waitMs);
    }

    void http10ClosesUnlessKeepAlive()
    {
        RawClient closing(m_sut->server.serverPort());
        closing.send("GET / HTTP/1.0\r\n\r\n");
        std::optional<Reply> reply = closing.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QVERIFY(closing.waitClosed());

        RawClient keeping(m_sut->server.serverPort());
        keeping.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        reply = keeping.read();
        QVERIFY(reply);
        QCOMPARE(reply->header("Connection"), "keep-alive"_ba);
        keeping.send("GET /version HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        reply = keeping.read();
        QVERIFY(reply);
        QCOMPARE(reply->body, "v1.2.3\n"_ba);
        QVERIFY(keeping.isConnected());
    }

    void headHasHeadersOnly()
    {
        RawClient client(m_sut->server.serverPort());
        client.send("HEAD / HTTP/1.1\r\nHost: lab\r\n\r\nGET /version HTTP/1.1\r\nHost: lab\r\n\r\n");
        std::optional<Reply> reply = client.read(true);
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("Content-Length"), "12"_ba);
        QVERIFY(reply->body.isEmpty());
        reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->body, "v1.2.3\n"_ba);
    }

    void requestBodiesAreDiscarded()
    {
        RawClient client(m_sut->server.serverPort());
        client.send("POST /__lab/faults?health=fail HTTP/1.1\r\nHost: lab\r\nContent-Length: 11\r\n\r\n"
                    "GET / HTTP/"
                    "POST /__lab/faults HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n0\r\n\r\n"
                    "GET /health HTTP/1.1\r\nHost: lab\r\n\r\n");
        std::optional<Reply> reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("Content-Type"), "application/json"_ba);
        reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 503);
    }

    void malformedRequestGets400AndClose_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("request line") << "THIS IS NOT HTTP\r\n\r\n"_ba;
        QTest::newRow("version") << "GET / HTTX/1.1\r\n\r\n"_ba;
        QTest::newRow("header") << "GET / HTTP/1.1\r\nno colon here\r\n\r\n"_ba;
        QTest::newRow("content-length") << "GET / HTTP/1.1\r\nContent-Length: -3\r\n\r\n"_ba;
        QTest::newRow("huge header")
            << "GET / HTTP/1.1\r\nX-Big: "_ba + QByteArray(17 * 1024, 'x') + "\r\n\r\n";
    }
    void malformedRequestGets400AndClose()
    {
        QFETCH(QByteArray, request);
        RawClient client(m_sut->server.serverPort());
        client.send(request);
        const std::optional<Reply> reply = client.read();
        QVERIFY(reply);
        QCOMPARE(reply->status, 400);
        QCOMPARE(reply->header("Connection"), "close"_ba);
        QCOMPARE(reply->header("X-Greenlight-Host"), "web1"_ba);
        QVERIFY(client.waitClosed());
    }

    void pageRequestsAreCounted()
    {
        // A drain watches this counter: only "/" counts, never the probes or the knobs.
        std::optional<Reply> reply = m_sut->get("/__lab/requests");
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->body, "0\n"_ba);
        QVERIFY(m_sut->get("/"));
        QVERIFY(m_sut->get("/"));
        QVERIFY(m_sut->get("/health"));
        QVERIFY(m_sut->get("/version"));
        QVERIFY(m_sut->get("/__lab/faults"));
        reply = m_sut->get("/__lab/requests");
        QVERIFY(reply);
        QCOMPARE(reply->body, "2\n"_ba);
    }

    void unknownPathGets404()
    {
        const std::optional<Reply> reply = m_sut->get("/does/not/exist");
        QVERIFY(reply);
        QCOMPARE(reply->status, 404);
        QCOMPARE(reply->header("X-Greenlight-Version"), "v1.2.3"_ba);

        RawClient client(m_sut->server.serverPort());
        client.send("DELETE / HTTP/1.1\r\nHost: lab\r\n\r\n");
        const std::optional<Reply> other = client.read();
        QVERIFY(other);
        QCOMPARE(other->status, 405);
    }

    void manyKeepAliveConnectionsAreServedAndCleanedUp()
    {
        constexpr int count = 200;
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < count; ++i) {
            clients.push_back(std::make_unique<RawClient>(m_sut->server.serverPort()));
            clients.back()->get("/");
        }
        for (auto &client : clients) {
            const std::optional<Reply> reply = client->read();
            QVERIFY(reply);
            QCOMPARE(reply->status, 200);
        }
        QCOMPARE(m_sut->server.connectionCount(), count);
        clients.clear();
        QTRY_COMPARE_WITH_TIMEOUT(m_sut->server.connectionCount(), 0, waitMs);
    }

    void trafficGeneratorCountsResponses()
    {
        TrafficOptions options;
        options.url = QUrl(u"http://127.0.0.1:%1/"_s.arg(m_sut->server.serverPort()));
        options.requestsPerSecond = 50;
        options.duration = std::chrono::milliseconds(400);
        options.reportInterval = std::chrono::milliseconds(100);
        TrafficGenerator generator(options);
        QSignalSpy finished(&generator, &TrafficGenerator::finished);
        QSignalSpy reports(&generator, &TrafficGenerator::report);
        generator.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        const TrafficStats stats = generator.stats();
        QVERIFY(stats.ok > 0);
        QCOMPARE(stats.errors, 0u);
        QVERIFY(stats.ok <= stats.sent);
        QCOMPARE(stats.lastVersion, u"v1.2.3"_s);
        QVERIFY(!reports.isEmpty());
        QVERIFY(reports.constLast().constFirst().toString().startsWith(u"traffic: sent="_s));
        QVERIFY(reports.constLast().constFirst().toString().endsWith(u" last_version=v1.2.3"_s));
    }

    // --resolve-via a server that does not answer: no request goes anywhere, each counts as an
    // error (a client that cannot resolve the name is not served). The answering case is
    // tst_labdns, against the lab's real PowerDNS and BIND.
    void trafficThatCannotResolveCountsErrors()
    {
        QUdpSocket closed; // a port where nothing listens once this socket is gone
        QVERIFY(closed.bind(QHostAddress::LocalHost, 0));
        const quint16 port = closed.localPort();
        closed.close();
        TrafficOptions options;
        options.url = QUrl(u"http://www.lab.test:%1/"_s.arg(m_sut->server.serverPort()));
        options.requestsPerSecond = 20;
        options.duration = std::chrono::milliseconds(300);
        options.resolveServer = u"127.0.0.1"_s;
        options.resolvePort = port;
        TrafficGenerator generator(options);
        QSignalSpy finished(&generator, &TrafficGenerator::finished);
        generator.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        const TrafficStats stats = generator.stats();
        QVERIFY(stats.sent > 0);
        QCOMPARE(stats.ok, 0u);
        QCOMPARE(stats.errors, stats.sent);
    }

    void commandLineParsing()
    {
        const QString program = u"greenlight-demo"_s;
        CommandLine parsed = CommandLine::parse({program, u"serve"_s, u"--listen"_s, u"127.0.0.2:8080"_s,
                                                 u"--version"_s, u"v2"_s, u"--host"_s, u"web2"_s,
                                                 u"--state-dir"_s, u"/tmp/x"_s, u"--owner-pid"_s, u"42"_s});
        QCOMPARE(parsed.kind, CommandLine::Kind::Serve);
        QCOMPARE(parsed.serve.address, QHostAddress(u"127.0.0.2"_s));
        QCOMPARE(parsed.serve.port, quint16(8080));
        QCOMPARE(parsed.serve.version, u"v2"_s);
        QCOMPARE(parsed.serve.ownerPid, std::optional<qint64>(42));

        parsed = CommandLine::parse({program, u"traffic"_s, u"--url"_s, u"http://127.0.0.1:8080/"_s,
                                     u"--rps"_s, u"20"_s, u"--duration-s"_s, u"3"_s});
        QCOMPARE(parsed.kind, CommandLine::Kind::Traffic);
        QCOMPARE(parsed.traffic.options.requestsPerSecond, 20.0);
        QVERIFY(parsed.traffic.options.duration == std::chrono::milliseconds(3000));
        QVERIFY(parsed.traffic.options.resolveServer.isEmpty());

        parsed = CommandLine::parse({program, u"traffic"_s, u"--url"_s, u"http://www.lab.test:8080/"_s,
                                     u"--rps"_s, u"5"_s, u"--resolve-via"_s, u"127.0.0.1:5353"_s});
        QCOMPARE(parsed.kind, CommandLine::Kind::Traffic);
        QCOMPARE(parsed.traffic.options.resolveServer, u"127.0.0.1"_s);
        QCOMPARE(parsed.traffic.options.resolvePort, quint16(5353));

        const QList<QStringList> bad = {
            {program},
            {program, u"bogus"_s},
            {program, u"serve"_s, u"--listen"_s, u"127.0.0.2:8080"_s},
            {program, u"serve"_s, u"--listen"_s, u"nowhere"_s, u"--version"_s, u"v"_s, u"--host"_s,
             u"h"_s, u"--state-dir"_s, u"d"_s},
            {program, u"traffic"_s, u"--url"_s, u"http://x/"_s, u"--rps"_s, u"0"_s},
            {program, u"traffic"_s, u"--url"_s, u"http://x/"_s, u"--rps"_s, u"5"_s, u"--frobnicate"_s},
            {program, u"traffic"_s, u"--url"_s, u"http://x/"_s, u"--rps"_s, u"5"_s, u"--resolve-via"_s, u"dns.example:53"_s},
            {program, u"traffic"_s, u"--url"_s, u"http://x/"_s, u"--rps"_s, u"5"_s, u"--resolve-via"_s, u"127.0.0.1:0"_s},
            {program, u"traffic"_s, u"--url"_s, u"http://x/"_s, u"--rps"_s, u"5"_s, u"--resolve-via"_s, u"[::1]:53"_s},
        };
        for (const QStringList &arguments : bad)
            QCOMPARE(CommandLine::parse(arguments).kind, CommandLine::Kind::Error);
    }

    void pidFileIsOnlyRemovedByItsOwner()
    {
        PidFile pidFile(m_dir->filePath(u"backend.pid"_s));
        QString error;
        QVERIFY(pidFile.write(&error));
        QFile file(pidFile.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().trimmed().toLongLong(), QCoreApplication::applicationPid());
        file.close();
        QVERIFY(pidFile.removeIfOwned());
        QVERIFY(!QFile::exists(pidFile.path()));

        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("1\n");
        file.close();
        QVERIFY(!pidFile.removeIfOwned());
        QVERIFY(QFile::exists(pidFile.path()));
    }

    void ownerWatchNoticesAGoneProcess()
    {
        QVERIFY(OwnerWatch::processExists(QCoreApplication::applicationPid()));
        QProcess child;
        child.start(u"sleep"_s, {u"30"_s});
        QVERIFY(child.waitForStarted());
        const qint64 pid = child.processId();
        OwnerWatch watch(pid, nullptr, std::chrono::milliseconds(20));
        QSignalSpy gone(&watch, &OwnerWatch::ownerGone);
        watch.start();
        QVERIFY(OwnerWatch::processExists(pid));
        child.kill();
        QVERIFY(child.waitForFinished());
        QTRY_COMPARE_WITH_TIMEOUT(gone.count(), 1, waitMs);
        QCOMPARE(gone.constFirst().constFirst().toLongLong(), pid);
    }

private:
    std::optional<QTemporaryDir> m_dir;
    std::unique_ptr<ServerUnderTest> m_sut;
};

QTEST_GUILESS_MAIN(TestDemoServer)
#include "tst_demoserver.moc"
