// Host checks over https, against a real TLS server (`openssl s_server -WWW`, serving files from
// a folder) with certificates made here by the openssl CLI: a CA the test trusts as the
// deployment file's tls_ca_file would (an operator's internal CA), and one it does not. The
// check speaks TLS to the URL's host, verifies the certificate against that name (also when
// told to connect elsewhere, as for a DNS router's answer), and says plainly why it refuses one.

#include "config/configloader.h"
#include "http/httpcheck.h"
#include "ssh/hosthttp.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestHttps final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_trusted;   // a certificate for app.test and 127.0.0.1, from the trusted CA
    QProcess m_untrusted; // the same names, from a CA nobody trusts
    int m_trustedPort = 0;
    int m_untrustedPort = 0;

    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    [[nodiscard]] bool openssl(const QStringList &arguments) const
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), arguments);
        if (!p.waitForFinished(30000) || p.exitCode() != 0) {
            qWarning("openssl %s: %s", qPrintable(arguments.join(QLatin1Char(' '))), p.readAllStandardError().constData());
            return false;
        }
        return true;
    }

    // A CA, then a server certificate for app.test and 127.0.0.1 signed by it.
    [[nodiscard]] bool makeCertificates(const QString &ca, const QString &server) const
    {
        const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                             QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
        QFile ext(path(QStringLiteral("san.ext")));
        if (!ext.open(QIODevice::WriteOnly) || ext.write("subjectAltName=DNS:app.test,IP:127.0.0.1\n") < 0)
            return false;
        ext.close();
        return openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
                       + QStringList{QStringLiteral("-keyout"), ca + QStringLiteral(".key"), QStringLiteral("-out"), ca + QStringLiteral(".pem"),
                                     QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=") + ca})
               && openssl(QStringList{QStringLiteral("req")} + ec
                          + QStringList{QStringLiteral("-keyout"), server + QStringLiteral(".key"), QStringLiteral("-out"),
                                        server + QStringLiteral(".csr"), QStringLiteral("-subj"), QStringLiteral("/CN=app.test")})
               && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), server + QStringLiteral(".csr"),
                           QStringLiteral("-CA"), ca + QStringLiteral(".pem"), QStringLiteral("-CAkey"), ca + QStringLiteral(".key"),
                           QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), server + QStringLiteral(".pem"), QStringLiteral("-days"),
                           QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("san.ext")});
    }

    static int freePort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost) ? probe.serverPort() : 0;
    }

    // `openssl s_server -WWW` on 127.0.0.1:port, serving the folder; bounded wait until it listens.
    [[nodiscard]] bool serve(QProcess &server, const QString &name, int port)
    {
        server.setWorkingDirectory(m_dir.path());
        server.start(QStringLiteral("openssl"), {QStringLiteral("s_server"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(port),
                                                 QStringLiteral("-cert"), name + QStringLiteral(".pem"), QStringLiteral("-key"),
                                                 name + QStringLiteral(".key"), QStringLiteral("-WWW"), QStringLiteral("-quiet")});
        if (!server.waitForStarted(10000))
            return false;
        for (int i = 0; i < 100; ++i) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port));
            if (s.waitForConnected(100))
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    [[nodiscard]] QUrl url(int port, const QString &host = QStringLiteral("127.0.0.1")) const
    {
        return QUrl(QStringLiteral("https://%1:%2/version").arg(host).arg(port));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(makeCertificates(QStringLiteral("trusted-ca"), QStringLiteral("trusted")));
        QVERIFY(makeCertificates(QStringLiteral("other-ca"), QStringLiteral("untrusted")));
        QFile version(path(QStringLiteral("version")));
        QVERIFY(version.open(QIODevice::WriteOnly));
        version.write("2.0.0\n");
        version.close();
        QVERIFY(HttpCheck::trustCertificates(path(QStringLiteral("trusted-ca.pem"))).ok());
        const Status notACa = HttpCheck::trustCertificates(path(QStringLiteral("version")));
        QVERIFY(!notACa.ok());
        QVERIFY2(notACa.error().contains(QStringLiteral("no PEM certificate")), qPrintable(notACa.error()));
        m_trustedPort = freePort();
        m_untrustedPort = freePort();
        QVERIFY(serve(m_trusted, QStringLiteral("trusted"), m_trustedPort));
        QVERIFY(serve(m_untrusted, QStringLiteral("untrusted"), m_untrustedPort));
    }

    void cleanupTestCase()
    {
        for (QProcess *p : {&m_trusted, &m_untrusted}) {
            p->kill();
            p->waitForFinished(5000);
        }
    }

    void aTrustedCertificateAnswers()
    {
        const Result<HttpReply> r = HttpCheck::get(url(m_trustedPort), 10000);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->bodyText(), QStringLiteral("2.0.0"));
    }

    void theNameIsCheckedEvenWhenConnectingElsewhere()
    {
        // A DNS router's answer: connect to 127.0.0.1, but the certificate must be app.test's.
        const Result<HttpReply> named = HttpCheck::get(url(m_trustedPort, QStringLiteral("app.test")), 10000, {}, QStringLiteral("127.0.0.1"));
        QVERIFY2(named.ok(), qPrintable(named.error()));
        const Result<HttpReply> other = HttpCheck::get(url(m_trustedPort, QStringLiteral("other.test")), 10000, {}, QStringLiteral("127.0.0.1"));
        QVERIFY(!other.ok());
        QVERIFY2(other.error().contains(QStringLiteral("TLS refused the certificate")) && other.error().contains(QStringLiteral("host name")),
                 qPrintable(other.error()));
    }

    void anUntrustedCertificateIsRefusedSayingWhy()
    {
        const Result<HttpReply> r = HttpCheck::get(url(m_untrustedPort), 10000);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().startsWith(url(m_untrustedPort).toDisplayString()) && r.error().contains(QStringLiteral("TLS refused the certificate")),
                 qPrintable(r.error()));
    }

    // A deployment file whose green hosts' app is at `greenPort` with `greenScheme`; `extra`
    // keys join the top level.
    [[nodiscard]] static QString writeDeploymentFile(const QTemporaryDir &dir, const QString &greenScheme, int greenPort,
                                                     const QJsonObject &extra = {})
    {
        const auto env = [](const QString &host, const QString &scheme, int port) {
            return QJsonObject{{QStringLiteral("hosts"), QJsonArray{host}}, {QStringLiteral("app_port"), port},
                               {QStringLiteral("app_scheme"), scheme}, {QStringLiteral("version_command"), QStringLiteral("true")},
                               {QStringLiteral("deploy_command"), QStringLiteral("true {version}")}};
        };
        const QJsonObject here{{QStringLiteral("address"), QStringLiteral("127.0.0.1")}};
        QJsonObject green = here;
        green.insert(QStringLiteral("http_via"), QStringLiteral("direct"));
        QJsonObject root{
            {QStringLiteral("name"), QStringLiteral("t")},
            {QStringLiteral("hosts"), QJsonObject{{QStringLiteral("r"), here}, {QStringLiteral("b"), here}, {QStringLiteral("g"), green}}},
            {QStringLiteral("environments"), QJsonObject{{QStringLiteral("blue"), env(QStringLiteral("b"), QStringLiteral("http"), 1)},
                                                         {QStringLiteral("green"), env(QStringLiteral("g"), greenScheme, greenPort)}}},
            {QStringLiteral("router"), QJsonObject{{QStringLiteral("type"), QStringLiteral("haproxy")}, {QStringLiteral("host"), QStringLiteral("r")},
                                                   {QStringLiteral("admin_socket"), QStringLiteral("/run/haproxy.sock")},
                                                   {QStringLiteral("frontend_url"), QStringLiteral("https://app.test/")}}},
            {QStringLiteral("pipeline"), QJsonArray{QJsonObject{{QStringLiteral("stage"), QStringLiteral("deploy")}}}},
        };
        for (auto it = extra.begin(); it != extra.end(); ++it)
            root.insert(it.key(), it.value());
        QFile f(dir.filePath(QStringLiteral("d.json")));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QJsonDocument(root).toJson());
        return f.fileName();
    }

    void appSchemeMakesEveryHostCheckSpeakTls()
    {
        // The deployment file's app_scheme decides the URL every host check uses.
        QTemporaryDir dir;
        const QString file = writeDeploymentFile(dir, QStringLiteral("https"), m_trustedPort,
                                                 {{QStringLiteral("tls_ca_file"), path(QStringLiteral("trusted-ca.pem"))}});
        const Result<DeploymentConfig> config = ConfigLoader().loadFile(file);
        QVERIFY2(config.ok(), qPrintable(config.error()));
        QCOMPARE(config->tlsCaFile, path(QStringLiteral("trusted-ca.pem")));
        const QUrl app = config->green.appUrl(QStringLiteral("127.0.0.1"), config->green.versionPath);
        QCOMPARE(app.scheme(), QStringLiteral("https"));
        const Result<HttpReply> r = hostHttpGet(QStringLiteral("g"), app, 10000);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->bodyText(), QStringLiteral("2.0.0"));
        QCOMPARE(config->blue.appUrl(QStringLiteral("127.0.0.1"), QStringLiteral("/health")).scheme(), QStringLiteral("http"));
    }

    void aWrongSchemeNamesItsPath()
    {
        QTemporaryDir dir;
        const Result<DeploymentConfig> config = ConfigLoader().loadFile(writeDeploymentFile(dir, QStringLiteral("ftp"), 1));
        QVERIFY(!config.ok());
        QVERIFY2(config.error().contains(QStringLiteral("/environments/green/app_scheme")) && config.error().contains(QStringLiteral("\"ftp\"")),
                 qPrintable(config.error()));
    }
};

QTEST_GUILESS_MAIN(TestHttps)
#include "tst_https.moc"
