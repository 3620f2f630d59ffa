// The questions SSH asks a person, as the window asks them: a real dialog, answered by a
// click, while the SSH thread that asked waits. (New host keys are not asked one by one:
// tst_hostkeyreview.)

#include "guiinteraction.h"

#include <QApplication>
#include <QFuture>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <optional>

using namespace greenlight;

class TestGuiInteraction final : public QObject
{
    Q_OBJECT

private:
    // Runs `ask` on its own thread, as an SSH worker would, and returns its answer.
    template<typename T>
    static std::shared_ptr<std::optional<T>> onWorker(std::function<T()> ask, QThread *&thread)
    {
        auto answer = std::make_shared<std::optional<T>>();
        thread = QThread::create([answer, ask] { *answer = ask(); });
        thread->start();
        return answer;
    }

    // A modal dialog runs its own event loop: answer it from a timer that fires inside it.
    static void whenADialogOpens(QObject *context, std::function<void(QWidget *)> answer)
    {
        auto *poll = new QTimer(context);
        QObject::connect(poll, &QTimer::timeout, poll, [poll, answer] {
            if (QWidget *dialog = QApplication::activeModalWidget()) {
                poll->stop();
                poll->deleteLater();
                answer(dialog);
            }
        });
        poll->start(20);
    }

private Q_SLOTS:
    void passphraseIsTypedIntoAPasswordField()
    {
        GuiInteraction interaction(nullptr);
        QLineEdit::EchoMode echo = QLineEdit::Normal;
        whenADialogOpens(this, [&](QWidget *dialog) {
            auto *field = dialog->findChild<QLineEdit *>();
            echo = field->echoMode();
            QTest::keyClicks(field, QStringLiteral("correct horse"));
            QTest::keyClick(field, Qt::Key_Return);
        });
        QThread *worker = nullptr;
        auto answer = onWorker<std::optional<QString>>(
            [&] { return interaction.passphrase(QStringLiteral("blue-1"), QStringLiteral("/home/ops/.ssh/id_ed25519")); }, worker);
        QTRY_VERIFY_WITH_TIMEOUT(answer->has_value(), 10000);
        QVERIFY(worker->wait(5000));
        QCOMPARE(echo, QLineEdit::Password);
        delete worker;
        QCOMPARE(answer->value(), std::optional<QString>(QStringLiteral("correct horse")));
    }

    void closingReleasesAWaitingThread()
    {
        auto interaction = std::make_unique<GuiInteraction>(nullptr);
        QThread *worker = nullptr;
        std::shared_ptr<std::optional<std::optional<QString>>> answer;
        whenADialogOpens(this, [&](QWidget *dialog) {
            interaction->close(); // the window is going away: nobody will answer
            QVERIFY(worker->wait(5000)); // the SSH thread is free while the dialog is still up
            QCOMPARE(*answer, std::optional<std::optional<QString>>(std::optional<QString>()));
            dialog->close();
        });
        answer = onWorker<std::optional<QString>>([&] { return interaction->passphrase(QStringLiteral("h"), QStringLiteral("~/.ssh/id")); },
                                                  worker);
        QTRY_VERIFY_WITH_TIMEOUT(answer->has_value() && !QApplication::activeModalWidget(), 10000);
        delete worker;
    }
};

QTEST_MAIN(TestGuiInteraction)
#include "tst_guiinteraction.moc"
