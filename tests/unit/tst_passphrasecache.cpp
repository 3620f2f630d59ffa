// PassphraseCache: one question per key for sessions authenticating together, wrong answers
// forgotten and asked again a bounded number of times, and nothing kept once they are done.
// The sessions here are plain threads: which session asks, and when, is what is tested.

#include "ssh/passphrasecache.h"

#include <QFile>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace greenlight;
using namespace std::chrono_literals;

namespace {

QByteArray text(const Secret &s)
{
    return QByteArray(s.c_str(), static_cast<qsizetype>(s.size()));
}

PassphraseCache::Ask answering(std::atomic_int &asked, const QByteArray &answer)
{
    return [&asked, answer]() -> std::optional<Secret> {
        ++asked;
        return Secret(answer);
    };
}

} // namespace

class TestPassphraseCache final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString keyFile(const QString &name) const
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write("an encrypted key\n");
        return path;
    }

private Q_SLOTS:
    void sessionsConnectingTogetherShareOneQuestion()
    {
        PassphraseCache cache(1h);
        const QString key = keyFile(QStringLiteral("id_shared"));
        std::atomic_int asked = 0;
        QSemaphore answerNow;
        QSemaphore waiting; // each session has its Use and is about to ask the cache
        QList<QByteArray> got(6);
        QList<QThread *> sessions;
        for (int i = 0; i < 6; ++i) {
            sessions << QThread::create([&, i] {
                PassphraseCache::Use use(cache, key);
                waiting.release();
                PassphraseAnswer a = use.get([&]() -> std::optional<Secret> {
                    ++asked;
                    answerNow.acquire(); // the person is still typing
                    return Secret(QByteArrayView("open sesame"));
                });
                got[i] = text(a.secret);
                use.accepted();
            });
            sessions.last()->start();
        }
        QVERIFY(waiting.tryAcquire(6, 10000));
        QTRY_COMPARE(asked.load(), 1); // one session asks; the others wait for its answer
        answerNow.release();
        for (QThread *t : sessions) {
            QVERIFY(t->wait(10000));
            delete t;
        }
        QCOMPARE(asked.load(), 1);
        for (const QByteArray &g : got)
            QCOMPARE(g, QByteArray("open sesame"));
        QVERIFY(cache.holdsPassphrases());
    }

    void theSameKeyByAnotherPathIsTheSameQuestion()
    {
        PassphraseCache cache(1h);
        const QString key = keyFile(QStringLiteral("id_linked"));
        const QString link = m_dir.filePath(QStringLiteral("link-to-id"));
        QVERIFY(QFile::link(key, link));
        std::atomic_int asked = 0;
        {
            PassphraseCache::Use use(cache, key);
            QCOMPARE(text(use.get(answering(asked, "a")).secret), QByteArray("a"));
            use.accepted();
        }
        {
            PassphraseCache::Use use(cache, link);
            QCOMPARE(text(use.get(answering(asked, "b")).secret), QByteArray("a"));
        }
        {
            PassphraseCache::Use use(cache, keyFile(QStringLiteral("id_other")));
            QCOMPARE(text(use.get(answering(asked, "c")).secret), QByteArray("c"));
        }
        QCOMPARE(asked.load(), 2);
    }

    void aWrongAnswerIsForgottenAndAskedAgainAFewTimes()
    {
        PassphraseCache cache(1h);
        const QString key = keyFile(QStringLiteral("id_wrong"));
        std::atomic_int asked = 0;
        {
            PassphraseCache::Use use(cache, key);
            for (int i = 0; i < PassphraseCache::kMaxWrongAnswers; ++i) {
                const PassphraseAnswer a = use.get(answering(asked, "wrong"));
                QCOMPARE(a.kind, PassphraseAnswer::Kind::Given);
                use.rejected();
            }
            // Another session of the same round is not asked again either.
            PassphraseCache::Use other(cache, key);
            const PassphraseAnswer last = other.get(answering(asked, "right"));
            QCOMPARE(last.kind, PassphraseAnswer::Kind::TooManyWrong);
            QCOMPARE(last.wrongAnswers, PassphraseCache::kMaxWrongAnswers);
        }
        QCOMPARE(asked.load(), PassphraseCache::kMaxWrongAnswers);
        QVERIFY(!cache.holdsPassphrases());
        // A later round (a reconnect) may ask again.
        PassphraseCache::Use later(cache, key);
        QCOMPARE(text(later.get(answering(asked, "right")).secret), QByteArray("right"));
    }

    void aStaleRejectionDoesNotForgetANewerAnswer()
    {
        PassphraseCache cache(1h);
        const QString key = keyFile(QStringLiteral("id_stale"));
        std::atomic_int asked = 0;
        PassphraseCache::Use first(cache, key);
        PassphraseCache::Use second(cache, key);
        QCOMPARE(text(first.get(answering(asked, "old")).secret), QByteArray("old"));
        QCOMPARE(text(second.get(answering(asked, "unused")).secret), QByteArray("old"));
        first.rejected();
        QCOMPARE(text(first.get(answering(asked, "new")).secret), QByteArray("new"));
        second.rejected(); // of "old", already forgotten: "new" stays
        QCOMPARE(text(second.get(answering(asked, "newer")).secret), QByteArray("new"));
        QCOMPARE(asked.load(), 2);
    }

    void aRefusalIsSharedWithinTheRoundOnly()
    {
        PassphraseCache cache(1h);
        const QString key = keyFile(QStringLiteral("id_refused"));
        std::atomic_int asked = 0;
        const PassphraseCache::Ask refuse = [&asked]() -> std::optional<Secret> {
            ++asked;
            return std::nullopt;
        };
        {
            PassphraseCache::Use a(cache, key);
            PassphraseCache::Use b(cache, key);
            QCOMPARE(a.get(refuse).kind, PassphraseAnswer::Kind::Declined);
            QCOMPARE(b.get(refuse).kind, PassphraseAnswer::Kind::Declined);
        }
        QCOMPARE(asked.load(), 1);
        PassphraseCache::Use later(cache, key);
        QCOMPARE(later.get(refuse).kind, PassphraseAnswer::Kind::Declined);
        QCOMPARE(asked.load(), 2);
    }

    void keptWhileSessionsAuthenticateThenWiped()
    {
        PassphraseCache cache(50ms);
        const QString key = keyFile(QStringLiteral("id_kept"));
        std::atomic_int asked = 0;
        {
            PassphraseCache::Use use(cache, key);
            QCOMPARE(text(use.get(answering(asked, "s3cret")).secret), QByteArray("s3cret"));
            use.accepted();
            QTest::qWait(200); // longer than `keep`, but a session is still authenticating
            QVERIFY(cache.holdsPassphrases());
        }
        QTRY_VERIFY_WITH_TIMEOUT(!cache.holdsPassphrases(), 10000);
        PassphraseCache::Use again(cache, key);
        QCOMPARE(text(again.get(answering(asked, "s3cret")).secret), QByteArray("s3cret"));
        QCOMPARE(asked.load(), 2);
    }

    void reusedByTheNextRoundWithinKeep()
    {
        PassphraseCache cache(1h);
        const QString key = keyFile(QStringLiteral("id_reused"));
        std::atomic_int asked = 0;
        for (int round = 0; round < 3; ++round) {
            PassphraseCache::Use use(cache, key);
            QCOMPARE(use.get(answering(asked, "x")).kind, PassphraseAnswer::Kind::Given);
            use.accepted();
        }
        QCOMPARE(asked.load(), 1);
        cache.forget();
        QVERIFY(!cache.holdsPassphrases());
        PassphraseCache::Use use(cache, key);
        QCOMPARE(use.get(answering(asked, "x")).kind, PassphraseAnswer::Kind::Given);
        QCOMPARE(asked.load(), 2);
    }

    void secretsEmptyWhatTheyAreMovedFrom()
    {
        Secret a(QByteArrayView("abc"));
        Secret b = std::move(a);
        QCOMPARE(a.size(), std::size_t(0));
        QCOMPARE(QByteArray(a.c_str()), QByteArray());
        QCOMPARE(text(b), QByteArray("abc"));
        QString typed = QStringLiteral("typed in a dialog");
        typed.detach();
        const Secret taken = Secret::takeText(typed);
        QVERIFY(typed.isEmpty());
        QCOMPARE(text(taken), QByteArray("typed in a dialog"));
    }
};

QTEST_GUILESS_MAIN(TestPassphraseCache)
#include "tst_passphrasecache.moc"
