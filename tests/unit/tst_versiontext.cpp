// versionProblem: the one rule for what a version label may be, shared by the window and the
// command line. Printable text passes whole (it is shell-quoted where it is used); what would
// corrupt a terminal, a log line or a journal entry is refused, saying which character and where.

#include "common/versiontext.h"

#include <QtTest>

using namespace greenlight;

class TestVersionText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versions_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("problem"); // empty: accepted
        QTest::newRow("semver") << QStringLiteral("2.0.0-rc.1+build.7") << QString();
        QTest::newRow("shell metacharacters") << QStringLiteral("4.0;touch x;$(id)`id`'\"") << QString();
        QTest::newRow("spaces inside") << QStringLiteral("release 12") << QString();
        QTest::newRow("unicode letters and emoji") << QStringLiteral("v2-été-🚀") << QString();
        QTest::newRow("longest accepted") << QString(kMaxVersionLength, QLatin1Char('9')) << QString();
        QTest::newRow("empty") << QString() << QStringLiteral("the version is empty");
        QTest::newRow("only spaces") << QStringLiteral("  ") << QStringLiteral("the version is only spaces");
        QTest::newRow("newline") << QStringLiteral("1.0\n") << QStringLiteral("control character U+000A (line feed) at position 4");
        QTest::newRow("NUL") << QString(QStringLiteral("1")).append(QChar(0)) << QStringLiteral("U+0000 (NUL) at position 2");
        QTest::newRow("escape") << QStringLiteral("\x1b[2J") << QStringLiteral("U+001B (escape) at position 1");
        QTest::newRow("tab") << QStringLiteral("1\t2") << QStringLiteral("U+0009 (tab)");
        QTest::newRow("delete") << QStringLiteral("1\x7f") << QStringLiteral("U+007F (delete)");
        QTest::newRow("C1 control") << QStringLiteral("1\u0085") << QStringLiteral("U+0085 at position 2");
        QTest::newRow("line separator") << QStringLiteral("1\u2028") << QStringLiteral("U+2028");
        QTest::newRow("bidi override") << QStringLiteral("1.0\u202e1.2") << QStringLiteral("U+202E at position 4");
        QTest::newRow("too long") << QString(kMaxVersionLength + 1, QLatin1Char('9')) << QStringLiteral("257 characters long; at most 256");
    }

    void versions()
    {
        QFETCH(QString, version);
        QFETCH(QString, problem);
        const QString found = versionProblem(version);
        if (problem.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
    }
};

QTEST_APPLESS_MAIN(TestVersionText)
#include "tst_versiontext.moc"
