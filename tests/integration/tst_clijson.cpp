// Every line `greenlight VERB --json` prints, for every verb, against the JSON Schema of its
// type in docs/cli-json.md (read from the document itself, so the two cannot drift), on a real
// lab: stdout carries JSON objects only, each with a documented type and exactly its fields.

#include "integration/labfixture.h"
#include "unit/jsonschemalite.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliJson final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    QTemporaryDir m_home;
    QString m_config; // the lab's file with a bake stage
    QMap<QString, QJsonObject> m_schemas; // type -> schema
    QSet<QString> m_seen;                  // types printed so far

    Run run(const QStringList &arguments, const QString &workingDirectory = {}, const QMap<QString, QString> &extraEnv = {}) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "GREENLIGHT_CONFIG"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
            env.insert(it.key(), it.value());
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(workingDirectory.isEmpty() ? m_home.path() : workingDirectory);
        p.start(qEnvironmentVariable("GREENLIGHT_BIN"), arguments);
        if (!p.waitForFinished(180000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    // Every stdout line of `r` against its type's schema; the objects, for the test to look at.
    QList<QJsonObject> conforming(const Run &r, const QString &what)
    {
        QList<QJsonObject> objects;
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (lines.isEmpty()) {
            QTest::qFail(qPrintable(what + QStringLiteral(": no JSON on stdout; stderr: ") + r.err), __FILE__, __LINE__);
            return {};
        }
        for (const QString &line : lines) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                QTest::qFail(qPrintable(QStringLiteral("%1: not a JSON object: %2").arg(what, line)), __FILE__, __LINE__);
                return {};
            }
            const QJsonObject o = doc.object();
            const QString type = o.value(QStringLiteral("type")).toString();
            if (!m_schemas.contains(type)) {
                QTest::qFail(qPrintable(QStringLiteral("%1: type \"%2\" is not documented: %3").arg(what, type, line)), __FILE__, __LINE__);
                return {};
            }
            const QStringList problems = test::jsonSchemaProblems(o, m_schemas.value(type));
            if (!problems.isEmpty()) {
                QTest::qFail(qPrintable(QStringLiteral("%1: %2\n  %3").arg(what, line, problems.join(QStringLiteral("\n  ")))), __FILE__, __LINE__);
                return {};
            }
            m_seen.insert(type);
            objects << o;
        }
        return objects;
    }

    static QStringList typesOf(const QList<QJsonObject> &objects)
    {
        QStringList types;
        for (const QJsonObject &o : objects)
            types << o.value(QStringLiteral("type")).toString();
        return types;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        QVERIFY(m_home.isValid());
        // The schemas: a ```json block under each "### `type`[, `type`…]" heading.
        QFile doc(QStringLiteral(GREENLIGHT_SOURCE_DIR "/docs/cli-json.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        static const QRegularExpression section(QStringLiteral("^### (`[a-z_]+`(?:, `[a-z_]+`)*)\\n(?:(?!###)[\\s\\S])*?```json\\n([\\s\\S]*?)```"),
                                                QRegularExpression::MultilineOption);
        for (auto it = section.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            QJsonParseError error;
            const QJsonObject schema = QJsonDocument::fromJson(m.captured(2).toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(m.captured(1) + QStringLiteral(": ") + error.errorString()));
            for (QString name : m.captured(1).split(QStringLiteral(", "))) {
                name.remove(QLatin1Char('`'));
                // The schema's own type enum names the heading's types.
                QVERIFY2(schema.value(QStringLiteral("properties")).toObject().value(QStringLiteral("type")).toObject()
                             .value(QStringLiteral("enum")).toArray().contains(name), qPrintable(name));
                m_schemas.insert(name, schema);
            }
        }
        QVERIFY2(m_schemas.size() >= 15, qPrintable(QStringLiteral("%1 schemas read").arg(m_schemas.size())));

        QVERIFY(m_lab.start());
        // The lab's file with a 15 s bake: long enough for one progress line (every 10 s) without
        // a terminal, with 5 s to spare.
        QFile in(m_lab.lab.configPath());
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
        pipeline.insert(3, QJsonObject{{QStringLiteral("stage"), QStringLiteral("bake")}, {QStringLiteral("duration_s"), 15}});
        root.insert(QStringLiteral("pipeline"), pipeline);
        // A gate that cannot breach here: its reading joins the countdown line.
        root.insert(QStringLiteral("gates"), QJsonArray{QJsonObject{{QStringLiteral("metric"), QStringLiteral("p95_ms")}, {QStringLiteral("above"), 5000},
                                                                    {QStringLiteral("window_s"), 10}, {QStringLiteral("min_samples"), 1}}});
        QFile out(m_lab.lab.rootDir() + QStringLiteral("/json-test.json"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(root).toJson());
        m_config = out.fileName();
    }

    void theCheckerRefusesWhatTheSchemaDoesNotAllow()
    {
        const QJsonObject schema = m_schemas.value(QStringLiteral("exec_round"));
        const QJsonObject good{{QStringLiteral("type"), QStringLiteral("exec_round")}, {QStringLiteral("round"), 1}, {QStringLiteral("hosts"), 2},
                               {QStringLiteral("failed"), 0}, {QStringLiteral("skipped"), 0}, {QStringLiteral("duration_ms"), 12}};
        QVERIFY(test::jsonSchemaProblems(good, schema).isEmpty());
        QJsonObject missing = good;
        missing.remove(QStringLiteral("failed"));
        QVERIFY(!test::jsonSchemaProblems(missing, schema).isEmpty());
        QJsonObject extra = good;
        extra.insert(QStringLiteral("surprise"), 1);
        QVERIFY(!test::jsonSchemaProblems(extra, schema).isEmpty());
        QJsonObject wrongType = good;
        wrongType.insert(QStringLiteral("hosts"), QStringLiteral("2"));
        QVERIFY(!test::jsonSchemaProblems(wrongType, schema).isEmpty());
        QJsonObject fraction = good;
        fraction.insert(QStringLiteral("round"), 1.5);
        QVERIFY(!test::jsonSchemaProblems(fraction, schema).isEmpty());
        QJsonObject result{{QStringLiteral("type"), QStringLiteral("result")}};
        QVERIFY(!test::jsonSchemaProblems(result, m_schemas.value(QStringLiteral("result"))).isEmpty());
    }

    void everyVerbPrintsDocumentedLines()
    {
        const QStringList c{QStringLiteral("--config"), m_config, QStringLiteral("--json")};

        // validate: a good file and a bad one (exit 2, every problem listed).
        Run r = run(QStringList{QStringLiteral("validate"), m_config, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(conforming(r, QStringLiteral("validate")).value(0).value(QStringLiteral("ok")).toBool(), true);
        QFile bad(m_home.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\n  \"name\": \"x\",\n  \"hosts\": {\"a\": {\"address\": \"h\", \"port\": \"22\"}}\n}\n");
        bad.close();
        r = run({QStringLiteral("validate"), bad.fileName(), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 2);
        const QJsonObject invalid = conforming(r, QStringLiteral("validate bad")).value(0);
        QCOMPARE(invalid.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY(!invalid.value(QStringLiteral("problems")).toArray().isEmpty());

        // history on an empty journal: JSON too.
        r = run(QStringList{QStringLiteral("history")} + c);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(typesOf(conforming(r, QStringLiteral("history empty"))), QStringList{QStringLiteral("history_end")});

        // status: every host and the router host, with SSH state.
        r = run(QStringList{QStringLiteral("status")} + c);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject status = conforming(r, QStringLiteral("status")).value(0);
        QCOMPARE(status.value(QStringLiteral("hosts")).toArray().size(), 4);
        QCOMPARE(status.value(QStringLiteral("router")).toObject().value(QStringLiteral("host")).toString(), QStringLiteral("router"));
        QCOMPARE(status.value(QStringLiteral("router")).toObject().value(QStringLiteral("ssh")).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("ready"));
        for (const QJsonValue &h : status.value(QStringLiteral("hosts")).toArray())
            QCOMPARE(h.toObject().value(QStringLiteral("ssh")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("ready"));

        // plan: every line typed.
        r = run(QStringList{QStringLiteral("plan"), QStringLiteral("2.0.0")} + c);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(conforming(r, QStringLiteral("plan")).size() > 3);

        // exec: a result per host, one that succeeds and one that fails (exit 1).
        r = run(QStringList{QStringLiteral("exec")} + c + QStringList{QStringLiteral("--on"), QStringLiteral("blue"), QStringLiteral("--"), QStringLiteral("echo hi")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(typesOf(conforming(r, QStringLiteral("exec"))).count(QStringLiteral("exec_result")), 2);
        r = run(QStringList{QStringLiteral("exec")} + c + QStringList{QStringLiteral("--on"), QStringLiteral("all"), QStringLiteral("--"), QStringLiteral("exit 3")});
        QCOMPARE(r.exitCode, 1);
        const QList<QJsonObject> failedExec = conforming(r, QStringLiteral("exec failing"));
        QCOMPARE(failedExec.value(0).value(QStringLiteral("exit_code")).toInt(), 3);
        QVERIFY2(r.err.contains(QStringLiteral("FAILED: ")), qPrintable(r.err));

        // deploy, with its bake; then history and a rollback.
        r = run(QStringList{QStringLiteral("deploy"), QStringLiteral("2.0.0")} + c);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QList<QJsonObject> deployLines = conforming(r, QStringLiteral("deploy"));
        const QStringList deployTypes = typesOf(deployLines);
        QCOMPARE(deployTypes.last(), QStringLiteral("result"));
        // The bake said how long it waits, and how it went every 10 s.
        const auto bakeStart = std::find_if(deployLines.begin(), deployLines.end(), [](const QJsonObject &o) {
            return o.value(QStringLiteral("step")).toString() == QLatin1String("bake 15 s") && o.value(QStringLiteral("state")).toString() == QLatin1String("running");
        });
        QVERIFY(bakeStart != deployLines.end());
        QCOMPARE(bakeStart->value(QStringLiteral("wait_ms")).toInt(), 15000);
        QVERIFY2(deployTypes.contains(QStringLiteral("progress")), qPrintable(r.out));
        QVERIFY(deployTypes.contains(QStringLiteral("stage")) && deployTypes.contains(QStringLiteral("step")) && deployTypes.contains(QStringLiteral("log")));
        r = run(QStringList{QStringLiteral("history")} + c);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(typesOf(conforming(r, QStringLiteral("history"))).contains(QStringLiteral("history")));
        r = run(QStringList{QStringLiteral("rollback"), QStringLiteral("--reason"), QStringLiteral("json test")} + c);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(typesOf(conforming(r, QStringLiteral("rollback"))).last(), QStringLiteral("result"));

        // promote with no deploy running: an error line (and the reason on stderr).
        r = run(QStringList{QStringLiteral("promote")} + c);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(typesOf(conforming(r, QStringLiteral("promote"))), QStringList{QStringLiteral("error")});
        QVERIFY(r.err.contains(QStringLiteral("no deployment is running")));

        // lock status, and the default deployment file's own line.
        r = run(QStringList{QStringLiteral("lock"), QStringLiteral("status")} + c);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(typesOf(conforming(r, QStringLiteral("lock status"))), QStringList{QStringLiteral("lock")});
        QTemporaryDir here;
        QVERIFY(QFile::copy(m_config, here.filePath(QStringLiteral("greenlight.json"))));
        r = run({QStringLiteral("history"), QStringLiteral("--json")}, here.path());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(typesOf(conforming(r, QStringLiteral("default file"))).value(0), QStringLiteral("config"));

        // A usage error.
        r = run(QStringList{QStringLiteral("exec")} + c + QStringList{QStringLiteral("--timeout"), QStringLiteral("abc"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(typesOf(conforming(r, QStringLiteral("usage error"))), QStringList{QStringLiteral("error")});

        for (const char *type : {"validate", "history", "history_end", "status", "plan", "exec_result", "exec_round", "stage", "step", "log",
                                 "result", "error", "progress", "lock", "config"})
            QVERIFY2(m_seen.contains(QString::fromLatin1(type)), type);
    }

    // Without a terminal (a pipe here), a long wait prints one line every 10 s.
    void aLongWaitSaysHowItGoesWithoutATerminal()
    {
        const Run r = run({QStringLiteral("deploy"), QStringLiteral("3.0.0"), QStringLiteral("--config"), m_config});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        // …with what the gate judges now, as the window's bake card shows it, naming the window read.
        static const QRegularExpression line(QStringLiteral("\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  \\.\\.\\.   bake 15 s: \\d+s left of 15s \\(1\\ds in\\)"
                                                            " — p95_ms (\\d+ ms of (probes|traffic)|… \\(\\d+ of 1 (probes|traffic requests)\\)) ≤ 5000 ms"));
        QVERIFY2(line.match(r.out).hasMatch(), qPrintable(r.out));
        QVERIFY(!r.out.contains(QLatin1Char('\r')));
    }

    // On a terminal (`script` gives the program a pseudo-terminal), one line counts down in place.
    void aLongWaitCountsDownOnATerminal()
    {
        const QString program = qEnvironmentVariable("GREENLIGHT_BIN");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.insert(QStringLiteral("HOME"), m_home.path());
        p.setProcessEnvironment(env);
        const QString command = QStringLiteral("'%1' deploy 4.0.0 --config '%2'").arg(program, m_config);
        p.start(QStringLiteral("script"), {QStringLiteral("-qfec"), command, QStringLiteral("/dev/null")});
        QVERIFY(p.waitForFinished(180000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        static const QRegularExpression countdown(QStringLiteral("\\r +bake 15 s: \\d+s left of 15s"));
        QVERIFY2(countdown.match(out).hasMatch(), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("SUCCESS")));
        QVERIFY(!out.contains(QChar(0x1b))); // no escape sequences
    }

    void cleanupTestCase()
    {
        m_lab.lab.stop();
    }
};

QTEST_GUILESS_MAIN(TestCliJson)
#include "tst_clijson.moc"
