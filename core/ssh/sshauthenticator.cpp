#include "sshauthenticator.h"

#include "ssh/agentprobe.h"
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

int SshAuthenticator::tryAgent()
{
    const agentprobe::Answer agent = agentprobe::ask();
    if (!agent.keys || *agent.keys == 0) {
        m_tried << agent.description;
        return SSH_AUTH_DENIED;
    }
    const int rc = ssh_userauth_agent(m_session, nullptr);
    m_tried << (rc == SSH_AUTH_SUCCESS ? agent.description : agent.description + QStringLiteral(" (refused)"));
    return rc;
}

// Encrypted (or unreadable): its passphrase, asked once for all the sessions connecting now.
int SshAuthenticator::loadEncrypted(const QString &file, ssh_key_struct **key)
{
    const QByteArray path = file.toLocal8Bit();
    const QString declined = QStringLiteral("identity file %1 is encrypted and no passphrase was given "
                                            "(load it into ssh-agent, or set SSH_ASKPASS for headless use)")
                                 .arg(file);
    if (!m_target.interaction) {
        m_why = declined;
        m_tried << QStringLiteral("file %1 (encrypted, nobody to ask)").arg(file);
        return SSH_AUTH_DENIED;
    }
    SshInteraction &person = *m_target.interaction;
    PassphraseCache::Use use(person.passphrases(), file);
    int wrong = 0;
    // Each turn either gets a newer answer or a final one; the bound is a guard, not the rule.
    for (int turn = 0; turn <= PassphraseCache::kMaxWrongAnswers + 1; ++turn) {
        PassphraseAnswer answer = use.get([&] { return person.keyPassphrase(m_target.hostName, file); });
        wrong = std::max(wrong, answer.wrongAnswers);
        if (answer.kind == PassphraseAnswer::Kind::Declined) {
            m_why = declined;
            m_tried << QStringLiteral("file %1 (encrypted, no passphrase given)").arg(file);
            return SSH_AUTH_DENIED;
        }
        if (answer.kind == PassphraseAnswer::Kind::TooManyWrong)
            break;
        if (ssh_pki_import_privkey_file(path.constData(), answer.secret.c_str(), nullptr, nullptr, key) == SSH_OK) {
            use.accepted();
            return SSH_AUTH_SUCCESS;
        }
        *key = nullptr;
        use.rejected();
        wrong = std::max(wrong, answer.wrongAnswers + 1);
    }
    m_why = QStringLiteral("wrong passphrase for %1 (%2 answers tried), or the file is not a private key").arg(file, QString::number(wrong));
    m_tried << QStringLiteral("file %1 (wrong passphrase)").arg(file);
    return SSH_AUTH_DENIED;
}

int SshAuthenticator::tryIdentityFile(const QString &file)
{
    const bool named = !m_target.identityFile.isEmpty(); // the deployment file's own key
    if (!QFileInfo::exists(file)) {
        // ssh_config's defaults (~/.ssh/id_rsa, …) are tried only where they exist, as by ssh.
        if (named) {
            m_why = QStringLiteral("cannot load identity file %1: no such file").arg(file);
            m_tried << QStringLiteral("file %1 (no such file)").arg(file);
        }
        return SSH_AUTH_DENIED;
    }
    // Offer the public half first: a key the server would not take costs no passphrase.
    ssh_key_struct *rawPublic = nullptr;
    if (ssh_pki_import_pubkey_file((file + QStringLiteral(".pub")).toLocal8Bit().constData(), &rawPublic) == SSH_OK) {
        SshKeyHandle pub(rawPublic);
        const int offered = ssh_userauth_try_publickey(m_session, nullptr, pub.get());
        if (offered != SSH_AUTH_SUCCESS) {
            if (offered == SSH_AUTH_DENIED) {
                m_why = QStringLiteral("the server refused the key %1 for user %2").arg(file, m_settings.user);
                m_tried << QStringLiteral("file %1 (refused)").arg(file);
            }
            return offered;
        }
    }
    ssh_key_struct *raw = nullptr;
    if (ssh_pki_import_privkey_file(file.toLocal8Bit().constData(), nullptr, nullptr, nullptr, &raw) != SSH_OK) {
        raw = nullptr;
        if (const int rc = loadEncrypted(file, &raw); rc != SSH_AUTH_SUCCESS)
            return rc;
    }
    SshKeyHandle key(raw);
    const int rc = ssh_userauth_publickey(m_session, nullptr, key.get());
    if (rc == SSH_AUTH_DENIED) {
        m_why = QStringLiteral("the server refused the key %1 for user %2").arg(file, m_settings.user);
        m_tried << QStringLiteral("file %1 (refused)").arg(file);
    }
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
        m_target.interaction->answer(m_target.hostName, QStringLiteral("Password for %1:").arg(m_settings.endpoint()), false);
    if (!answer)
        return SSH_AUTH_DENIED;
    const Secret secret = Secret::takeText(*answer);
    return ssh_userauth_password(m_session, nullptr, secret.c_str());
}

Status SshAuthenticator::failure() const
{
    const QString tried = m_tried.isEmpty() ? QStringLiteral("no key (agent: none, no identity file)") : m_tried.join(QStringLiteral("; "));
    const QString head = m_why.isEmpty() ? QStringLiteral("authentication failed for %1").arg(m_settings.endpoint()) : m_why;
    return Status::failure(QStringLiteral("%1 (tried %2)").arg(head, tried));
}

Status SshAuthenticator::run()
{
    // The server names its methods in answer to an attempt; "none" is that attempt.
    int rc = ssh_userauth_none(m_session, nullptr);
    if (rc == SSH_AUTH_SUCCESS)
        return {};
    const auto lost = [&] { return rc == SSH_AUTH_ERROR && !ssh_is_connected(m_session); };
    if (lost())
        return Status::failure(QStringLiteral("authentication failed: %1").arg(lastError()));
    if (!m_settings.identitiesOnly) {
        if ((rc = tryAgent()) == SSH_AUTH_SUCCESS)
            return {};
        if (lost())
            return Status::failure(QStringLiteral("authentication failed: %1").arg(lastError()));
    }
    for (const QString &file : m_settings.identityFiles) {
        if ((rc = tryIdentityFile(file)) == SSH_AUTH_SUCCESS)
            return {};
        if (lost())
            return Status::failure(QStringLiteral("authentication failed: %1").arg(lastError()));
    }
    // Only when the server asks for them, and someone can answer.
    const int methods = ssh_userauth_list(m_session, nullptr);
    if (m_target.interaction && (methods & SSH_AUTH_METHOD_INTERACTIVE)) {
        if (tryKeyboardInteractive() == SSH_AUTH_SUCCESS)
            return {};
    }
    if (m_target.interaction && (methods & SSH_AUTH_METHOD_PASSWORD)) {
        if (tryPassword() == SSH_AUTH_SUCCESS)
            return {};
    }
    return failure();
}

} // namespace greenlight
