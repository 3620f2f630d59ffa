#include "sshauthenticator.h"

#include "ssh/libsshhandles.h"
#include "ssh/passphrasecache.h"
#include "ssh/secret.h"
#include "ssh/sshinteraction.h"

#include <QFileInfo>

#include <algorithm>

namespace greenlight {

QString SshAuthenticator::lastError() const
{
    return QString::fromUtf8(ssh_get_error(m_session));
}

QString SshAuthenticator::user() const
{
    char *name = nullptr;
    ssh_options_get(m_session, SSH_OPTIONS_USER, &name);
    const QString out = QString::fromUtf8(name ? name : "?");
    ssh_string_free_char(name);
    return out;
}

int SshAuthenticator::tryIdentityFile(QString &why)
{
    const QByteArray path = m_target.identityFile.toUtf8();
    ssh_key_struct *raw = nullptr;
    if (ssh_pki_import_privkey_file(path.constData(), nullptr, nullptr, nullptr, &raw) != SSH_OK) {
        if (!QFileInfo::exists(m_target.identityFile)) {
            why = QStringLiteral("cannot load identity file %1: no such file").arg(m_target.identityFile);
            return SSH_AUTH_ERROR;
        }
        raw = nullptr;
        // Encrypted (or unreadable): its passphrase, asked once for all the sessions connecting now.
        const QString declined = QStringLiteral("identity file %1 is encrypted and no passphrase was given "
                                                "(load it into ssh-agent, or set SSH_ASKPASS for headless use)")
                                     .arg(m_target.identityFile);
        if (!m_target.interaction) {
            why = declined;
            return SSH_AUTH_ERROR;
        }
        SshInteraction &person = *m_target.interaction;
        PassphraseCache::Use use(person.passphrases(), m_target.identityFile);
        int wrong = 0;
        // Each turn either gets a newer answer or a final one; the bound is a guard, not the rule.
        for (int turn = 0; turn <= PassphraseCache::kMaxWrongAnswers + 1 && !raw; ++turn) {
            PassphraseAnswer answer = use.get([&] { return person.keyPassphrase(m_target.hostName, m_target.identityFile); });
            wrong = std::max(wrong, answer.wrongAnswers);
            if (answer.kind == PassphraseAnswer::Kind::Declined) {
                why = declined;
                return SSH_AUTH_ERROR;
            }
            if (answer.kind == PassphraseAnswer::Kind::TooManyWrong)
                break;
            if (ssh_pki_import_privkey_file(path.constData(), answer.secret.c_str(), nullptr, nullptr, &raw) == SSH_OK) {
                use.accepted();
            } else {
                raw = nullptr;
                use.rejected();
                wrong = std::max(wrong, answer.wrongAnswers + 1);
            }
        }
        if (!raw) {
            why = QStringLiteral("wrong passphrase for %1 (%2 answers tried), or the file is not a private key")
                      .arg(m_target.identityFile, QString::number(wrong));
            return SSH_AUTH_ERROR;
        }
    }
    SshKeyHandle key(raw);
    const int rc = ssh_userauth_publickey(m_session, nullptr, key.get());
    if (rc != SSH_AUTH_SUCCESS)
        why = QStringLiteral("the server refused the key %1 for user %2").arg(m_target.identityFile, user());
    return rc;
}

int SshAuthenticator::tryKeyboardInteractive()
{
    int rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
    while (rc == SSH_AUTH_INFO) {
        const int prompts = ssh_userauth_kbdint_getnprompts(m_session);
        for (int i = 0; i < prompts; ++i) {
            char echo = 0;
            const QString prompt = QString::fromUtf8(ssh_userauth_kbdint_getprompt(m_session, static_cast<unsigned int>(i), &echo));
            std::optional<QString> answer = m_target.interaction->answer(m_target.hostName, prompt, echo != 0);
            if (!answer)
                return SSH_AUTH_DENIED;
            const Secret secret = Secret::takeText(*answer);
            ssh_userauth_kbdint_setanswer(m_session, static_cast<unsigned int>(i), secret.c_str());
        }
        rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
    }
    return rc;
}

int SshAuthenticator::tryPassword()
{
    std::optional<QString> answer =
        m_target.interaction->answer(m_target.hostName, QStringLiteral("Password for %1@%2:").arg(user(), m_target.address), false);
    if (!answer)
        return SSH_AUTH_DENIED;
    const Secret secret = Secret::takeText(*answer);
    return ssh_userauth_password(m_session, nullptr, secret.c_str());
}

Status SshAuthenticator::run()
{
    QString why;
    int rc = SSH_AUTH_DENIED;
    if (!m_target.identityFile.isEmpty()) {
        rc = tryIdentityFile(why);
    } else {
        rc = ssh_userauth_none(m_session, nullptr);
        if (rc != SSH_AUTH_SUCCESS && rc != SSH_AUTH_ERROR) {
            rc = ssh_userauth_publickey_auto(m_session, nullptr, nullptr);
            if (rc != SSH_AUTH_SUCCESS)
                why = QStringLiteral("the server refused every key from ssh-agent and ~/.ssh for user %1").arg(user());
        }
    }
    if (rc == SSH_AUTH_SUCCESS)
        return {};
    if (rc == SSH_AUTH_ERROR && !ssh_is_connected(m_session))
        return Status::failure(QStringLiteral("authentication failed: %1").arg(lastError()));

    // Only when the server asks for them, and someone can answer. The server names its
    // methods in answer to an attempt; with no key sent yet, "none" is that attempt.
    int methods = ssh_userauth_list(m_session, nullptr);
    if (methods == 0 && m_target.interaction) {
        if (ssh_userauth_none(m_session, nullptr) == SSH_AUTH_SUCCESS)
            return {};
        methods = ssh_userauth_list(m_session, nullptr);
    }
    if (m_target.interaction && (methods & SSH_AUTH_METHOD_INTERACTIVE)) {
        if (tryKeyboardInteractive() == SSH_AUTH_SUCCESS)
            return {};
    }
    if (m_target.interaction && (methods & SSH_AUTH_METHOD_PASSWORD)) {
        if (tryPassword() == SSH_AUTH_SUCCESS)
            return {};
    }
    return Status::failure(why.isEmpty() ? QStringLiteral("authentication failed for user %1: %2").arg(user(), lastError()) : why);
}

} // namespace greenlight
