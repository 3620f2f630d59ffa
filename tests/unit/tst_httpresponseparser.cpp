// HttpResponseParser: how an application's answer is framed, as the pipeline's checks read it.
// Byte-exact answers written here on purpose: no real server sends each of these framings on
// demand (the demo backend's chunked knob and the lab cover the common ones end to end).

#include "http/httpresponseparser.h"

#include <QtTest>

using namespace greenlight;
using State = HttpResponseParser::State;

class TestHttpResponseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framings_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        const auto row = [](const char *name, const QByteArray &bytes, bool closed, State state, int status, const QByteArray &body) {
            QTest::newRow(name) << bytes << closed << static_cast<int>(state) << status << body;
        };
        row("content-length", "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n2.0.0\n", false, State::Complete, 200, "2.0.0\n");
        row("content-length, body still coming", "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n2.0", false, State::NeedMore, 200, {});
        row("content-length, closed early", "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n2.0", true, State::Invalid, 200, {});
        row("chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n2.0\r\n3\r\n.0\n\r\n0\r\n\r\n", false, State::Complete, 200,
            "2.0.0\n");
        row("chunked, extension and trailer", "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n5;a=b\r\n2.0.0\r\n0\r\nX: y\r\n\r\n", false,
            State::Complete, 200, "2.0.0");
        row("chunked, cut inside a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n2.0", false, State::NeedMore, 200, {});
        row("chunked, no last chunk yet", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n2.0.0\r\n", false, State::NeedMore, 200, {});
        row("chunked, closed before the last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n2.0.0\r\n", true, State::Invalid,
            200, {});
        row("chunked, size not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n2.0.0\r\n0\r\n\r\n", false, State::Invalid, 200, {});
        row("chunked, huge size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n", false, State::Invalid, 200, {});
        row("chunked, chunk longer than said", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n2.0\r\n0\r\n\r\n", false, State::Invalid, 200,
            {});
        row("framed by close", "HTTP/1.0 503 Service Unavailable\r\n\r\nunhealthy\n", true, State::Complete, 503, "unhealthy\n");
        row("framed by close, still open", "HTTP/1.0 200 OK\r\n\r\n2.0", false, State::NeedMore, 200, {});
        row("204 has no body", "HTTP/1.1 204 No Content\r\n\r\n", false, State::Complete, 204, {});
        row("not HTTP", "SSH-2.0-OpenSSH_9.2\r\n\r\n", false, State::Invalid, 0, {});
        row("negative length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, State::Invalid, 200, {});
        row("body over the limit", "HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\n", false, State::Invalid, 200, {});
    }

    void framings()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, closed);
        QFETCH(int, state);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        HttpResponseParser parser;
        const State got = parser.parse(bytes, closed);
        QCOMPARE(static_cast<int>(got), state);
        if (got == State::Invalid)
            QVERIFY2(!parser.error().isEmpty(), "a refusal says why");
        if (got != State::Invalid)
            QCOMPARE(parser.status(), status);
        if (got == State::Complete)
            QCOMPARE(parser.body(), body);
    }

    void headersWithoutEndAreBounded()
    {
        HttpResponseParser parser;
        const QByteArray endless = "HTTP/1.1 200 OK\r\nX: " + QByteArray(HttpResponseParser::kMaxHeaderBytes + 1, 'a');
        QCOMPARE(parser.parse(endless, false), State::Invalid);
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
