// Keyboard-interactive and password authentication. The lab's sshd runs unprivileged and so
// cannot check passwords or run PAM; a real OpenSSH cannot show these cases here without
// giving an account a real password. So this test talks to a scripted server written on
// libssh's server API — a stand-in for the one part that cannot be real, and only for
// authentication: the client side is the product's own SshSession, unchanged.

#include "ssh/sshinteraction.h"
#include "ssh/sshsession.h"

#include <libssh/libssh.h>
#include <libssh/server.h>

#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>

using namespace greenlight;

namespace {

// One connection: offers keyboard-interactive and password, accepts the expected answer.
class ScriptedServer final
{
public:
    enum class Method { KeyboardInteractive, Password };

    ScriptedServer(Method method, QByteArray secret, const QString &hostKey)
        : m_method(method), m_secret(std::move(secret)), m_hostKey(hostKey.toUtf8())
    {
        QTcpServer probe; // a free port on loopback
        probe.listen(QHostAddress::LocalHost);
        m_port = probe.serverPort();
        probe.close();
        m_bind = ssh_bind_new();
        ssh_bind_options_set(m_bind, SSH_BIND_OPTIONS_BINDADDR, "127.0.0.1");
        unsigned int port = m_port;
        ssh_bind_options_set(m_bind, SSH_BIND_OPTIONS_BINDPORT, &port);
        ssh_bind_options_set(m_bind, SSH_BIND_OPTIONS_HOSTKEY, m_hostKey.constData());
        m_listening = ssh_bind_listen(m_bind) == SSH_OK;
        m_thread = QThread::create([this] { serve(); });
        m_thread->start();
    }
    ~ScriptedServer()
    {
        m_thread->wait(10000);
        delete m_thread;
        ssh_bind_free(m_bind);
    }
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] bool listening() const { return m_listening; }
    [[nodiscard]] bool accepted() const { return m_accepted; }

private:
    // libssh 0.10 marks the message API deprecated in favour of server callbacks; for a
    // one-connection test server the message API is the plainer choice.
    static QByteArray password(ssh_message message)
    {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        return QByteArray(ssh_message_auth_password(message));
#pragma GCC diagnostic pop
    }

    void serve()
    {
        if (!m_listening)
            return;
        ssh_session session = ssh_new();
        if (ssh_bind_accept(m_bind, session) != SSH_OK || ssh_handle_key_exchange(session) != SSH_OK) {
            ssh_free(session);
            return;
        }
        const int offered = m_method == Method::KeyboardInteractive ? SSH_AUTH_METHOD_INTERACTIVE : SSH_AUTH_METHOD_PASSWORD;
        for (int i = 0; i < 20 && !m_accepted; ++i) {
            ssh_message message = ssh_message_get(session);
            if (!message)
                break;
            bool handled = false;
            if (ssh_message_type(message) == SSH_REQUEST_AUTH) {
                const int subtype = ssh_message_subtype(message);
                if (subtype == SSH_AUTH_METHOD_INTERACTIVE && m_method == Method::KeyboardInteractive) {
                    if (!ssh_message_auth_kbdint_is_response(message)) {
                        const char *prompts[] = {"Verification code: "};
                        char echo[] = {0};
                        ssh_message_auth_interactive_request(message, "2FA", "Enter the code from your token.", 1, prompts, echo);
                        handled = true;
                    } else if (ssh_userauth_kbdint_getnanswers(session) == 1
                               && QByteArray(ssh_userauth_kbdint_getanswer(session, 0)) == m_secret) {
                        m_accepted = true; // before the reply: the client may look as soon as it has it
                        ssh_message_auth_reply_success(message, 0);
                        handled = true;
                    }
                } else if (subtype == SSH_AUTH_METHOD_PASSWORD && m_method == Method::Password && password(message) == m_secret) {
                    m_accepted = true;
                    ssh_message_auth_reply_success(message, 0);
                    handled = true;
                }
                if (!handled) {
                    ssh_message_auth_set_methods(message, offered);
                    ssh_message_reply_default(message);
                    handled = true;
                }
            }
            if (!handled)
                ssh_message_reply_default(message);
            ssh_message_free(message);
        }
        // Let the client finish its side before the connection goes.
        QThread::msleep(200);
        ssh_disconnect(session);
        ssh_free(session);
    }

    Method m_method;
    QByteArray m_secret;
    QByteArray m_hostKey;
    int m_port = 0;
    ssh_bind m_bind = nullptr;
    bool m_listening = false;
    std::atomic_bool m_accepted = false;
    QThread *m_thread = nullptr;
};

// The person at the keyboard: answers every prompt with `answer` and remembers the prompts.
struct Typist final : SshInteraction
{
    QString typed;
    QStringList prompts;
    std::optional<QString> passphrase(const QString &, const QString &) override { return std::nullopt; }
    std::optional<QString> answer(const QString &, const QString &prompt, bool) override
    {
        prompts << prompt;
        return typed;
    }
};

} // namespace

class TestSshPrompts final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_hostKey;

    SshTarget target(int port, std::shared_ptr<SshInteraction> interaction) const
    {
        SshTarget t;
        t.hostName = QStringLiteral("scripted");
        t.address = QStringLiteral("127.0.0.1");
        t.port = port;
        t.user = QStringLiteral("ops");
        t.useSshConfig = false;
        t.identityFile = m_dir.filePath(QStringLiteral("absent-key")); // no key: the server wants a person
        t.knownHostsFile = m_dir.filePath(QStringLiteral("known_hosts"));
        t.hostKeyPolicy = HostKeyPolicy::AcceptNew;
        t.connectTimeoutS = 5;
        t.interaction = std::move(interaction);
        return t;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_hostKey = m_dir.filePath(QStringLiteral("host_key"));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                                  QStringLiteral("-N"), QString(), QStringLiteral("-f"), m_hostKey}), 0);
    }

    void keyboardInteractiveAsksThePerson()
    {
        ScriptedServer server(ScriptedServer::Method::KeyboardInteractive, "424242", m_hostKey);
        QVERIFY(server.listening());
        auto typist = std::make_shared<Typist>();
        typist->typed = QStringLiteral("424242");
        SshSession session(target(server.port(), typist));
        const Status s = session.connect([](HostState) {});
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QVERIFY(server.accepted());
        QCOMPARE(typist->prompts, QStringList{QStringLiteral("Verification code: ")});
    }

    void wrongAnswerIsRefusedWithoutRepeatingIt()
    {
        ScriptedServer server(ScriptedServer::Method::KeyboardInteractive, "424242", m_hostKey);
        auto typist = std::make_shared<Typist>();
        typist->typed = QStringLiteral("000000");
        SshSession session(target(server.port(), typist));
        const Status s = session.connect([](HostState) {});
        QVERIFY(!s.ok());
        QVERIFY(!server.accepted());
        QVERIFY(!s.error().contains(QStringLiteral("000000")));
    }

    void passwordOnlyWhenTheServerOffersIt()
    {
        ScriptedServer server(ScriptedServer::Method::Password, "hunter2", m_hostKey);
        auto typist = std::make_shared<Typist>();
        typist->typed = QStringLiteral("hunter2");
        SshSession session(target(server.port(), typist));
        const Status s = session.connect([](HostState) {});
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QVERIFY(server.accepted());
        QCOMPARE(typist->prompts.size(), 1);
        QVERIFY2(typist->prompts.first().startsWith(QStringLiteral("Password for ops@127.0.0.1")), qPrintable(typist->prompts.first()));
    }

    void nobodyToAskMeansNoPromptAndAClearError()
    {
        ScriptedServer server(ScriptedServer::Method::Password, "hunter2", m_hostKey);
        SshSession session(target(server.port(), nullptr));
        const Status s = session.connect([](HostState) {});
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("absent-key")), qPrintable(s.error()));
    }
};

QTEST_GUILESS_MAIN(TestSshPrompts)
#include "tst_sshprompts.moc"
