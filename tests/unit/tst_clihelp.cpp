// `greenlight --help`, `-h`, `help`, `VERB --help`, `help VERB` and `--version`, run as a new user
// would on a machine with no display: DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset, no
// deployment file anywhere, a private HOME. Each answers on stdout, exits 0 and says what it should.

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Every verb and the options its help must list (with a default where one is shown).
const QList<QPair<QString, QStringList>> kVerbs = {
    {QStringLiteral("status"), {QStringLiteral("--config FILE"), QStringLiteral("--json")}},
    {QStringLiteral("deploy"), {QStringLiteral("--config FILE"), QStringLiteral("--force-unlock"), QStringLiteral("VERSION")}},
    {QStringLiteral("rollback"), {QStringLiteral("--to COLOUR"), QStringLiteral("--to-version VERSION"), QStringLiteral("--reason TEXT"), QStringLiteral("Default: requested from the command line.")}},
    {QStringLiteral("cleanup"), {QStringLiteral("--now")}},
    {QStringLiteral("plan"), {QStringLiteral("VERSION"), QStringLiteral("--json")}},
    {QStringLiteral("history"), {QStringLiteral("--limit N"), QStringLiteral("Default: 20.")}},
    {QStringLiteral("promote"), {QStringLiteral("--config FILE")}},
    {QStringLiteral("abort"), {QStringLiteral("--config FILE")}},
    {QStringLiteral("resume"), {QStringLiteral("--undo")}},
    {QStringLiteral("exec"), {QStringLiteral("--on WHERE"), QStringLiteral("Default: all."), QStringLiteral("--timeout S"), QStringLiteral("Default: 60."),
                              QStringLiteral("--batch-percent P"), QStringLiteral("--repeat N"), QStringLiteral("-- COMMAND...")}},
    {QStringLiteral("lock"), {QStringLiteral("ACTION"), QStringLiteral("--holder TOKEN"), QStringLiteral("--force")}},
    {QStringLiteral("validate"), {QStringLiteral("FILE"), QStringLiteral("--json")}},
    {QStringLiteral("lab"), {QStringLiteral("--hosts-per-colour N"), QStringLiteral("--router TYPE"), QStringLiteral("Default: haproxy.")}},
};

} // namespace

class TestCliHelp final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Run run(const QStringList &arguments) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "GREENLIGHT_CONFIG"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), m_dir.path());
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_dir.path()); // no ./greenlight.json here
        p.start(qEnvironmentVariable("GREENLIGHT_BIN"), arguments);
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        QVERIFY(m_dir.isValid());
    }

    void usageListsEveryVerb_data()
    {
        QTest::addColumn<QString>("word");
        QTest::newRow("--help") << QStringLiteral("--help");
        QTest::newRow("-h") << QStringLiteral("-h");
        QTest::newRow("help") << QStringLiteral("help");
    }

    void usageListsEveryVerb()
    {
        QFETCH(QString, word);
        const Run r = run({word});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        QVERIFY(r.out.startsWith(QStringLiteral("usage: greenlight COMMAND")));
        for (const auto &[verb, options] : kVerbs) {
            // "  deploy     Deploys VERSION …": the name, then its one-line summary on the same line.
            const QRegularExpression line(QStringLiteral("^  %1 +\\S.+$").arg(verb), QRegularExpression::MultilineOption);
            QVERIFY2(line.match(r.out).hasMatch(), qPrintable(verb + QStringLiteral(" missing from\n") + r.out));
        }
        QVERIFY(r.out.contains(QStringLiteral("exit codes:")));
    }

    void verbHelp_data()
    {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QStringList>("options");
        for (const auto &[verb, options] : kVerbs)
            QTest::newRow(qPrintable(verb)) << verb << options;
    }

    void verbHelp()
    {
        QFETCH(QString, verb);
        QFETCH(QStringList, options);
        const Run dashed = run({verb, QStringLiteral("--help")});
        QVERIFY2(dashed.exitCode == 0, qPrintable(dashed.err));
        QVERIFY2(dashed.err.isEmpty(), qPrintable(dashed.err));
        QVERIFY(dashed.out.startsWith(QStringLiteral("usage: greenlight %1 ").arg(verb)));
        QVERIFY(dashed.out.contains(QStringLiteral("\noptions:\n")));
        QVERIFY(dashed.out.contains(QStringLiteral("\nexamples:\n  greenlight %1").arg(verb)));
        for (const QString &option : options)
            QVERIFY2(dashed.out.contains(option), qPrintable(option + QStringLiteral(" missing from\n") + dashed.out));
        // The same text however it is asked for, even with other words around it.
        QCOMPARE(run({QStringLiteral("help"), verb}).out, dashed.out);
        QCOMPARE(run({verb, QStringLiteral("-h")}).out, dashed.out);
        QCOMPARE(run({verb, QStringLiteral("--config"), QStringLiteral("/nonexistent.json"), QStringLiteral("--help")}).out, dashed.out);
    }

    void versionNamesTheLibraries()
    {
        const Run r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QRegularExpression shape(QStringLiteral("^greenlight \\d+\\.\\d+\\.\\d+\\nQt 6\\.\\d+\\.\\d+, libssh 0\\.\\d+\\.\\d+\\S*\\n$"));
        QVERIFY2(shape.match(r.out).hasMatch(), qPrintable(r.out));
    }

    // The README is read in a clone, often offline: every link stays in the repository and
    // names a file that exists.
    void theReadmeLinksOnlyInsideTheRepository()
    {
        const QString root = QStringLiteral(GREENLIGHT_SOURCE_DIR);
        QFile readme(root + QStringLiteral("/README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        static const QRegularExpression link(QStringLiteral("\\]\\(([^)\\s]+)\\)"));
        int links = 0;
        for (auto it = link.globalMatch(text); it.hasNext(); ++links) {
            const QString target = it.next().captured(1).section(QLatin1Char('#'), 0, 0);
            QVERIFY2(!target.contains(QStringLiteral("://")) && !target.startsWith(QStringLiteral("..")) && !target.startsWith(QLatin1Char('/')),
                     qPrintable(target));
            QVERIFY2(QFile::exists(root + QLatin1Char('/') + target), qPrintable(target));
        }
        QVERIFY(links >= 5);
    }

    void helpOfAnUnknownVerbIsAUsageError()
    {
        const Run r = run({QStringLiteral("help"), QStringLiteral("deplyo")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("did you mean 'deploy'?")));
    }
};

QTEST_GUILESS_MAIN(TestCliHelp)
#include "tst_clihelp.moc"
