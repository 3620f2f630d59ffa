#pragma once

#include "ssh/passphrasecache.h"
#include "ssh/secret.h"

#include <QString>

#include <optional>

namespace greenlight {

// Questions an SSH session may need a person to answer. Called on SSH worker threads, which
// block until the answer comes; implementations must be thread-safe. Answers are never logged;
// key passphrases are shared by the sessions of one interaction (passphrases()) while they
// connect, then wiped, and nothing else typed is kept.
class SshInteraction
{
public:
    virtual ~SshInteraction() = default;
    // An unknown host key: true to trust it (it is then recorded in known_hosts).
    [[nodiscard]] virtual bool confirmHostKey(const QString &host, const QString &address, const QString &fingerprint) = 0;
    // The passphrase of an encrypted private key; nothing to give up.
    [[nodiscard]] virtual std::optional<QString> passphrase(const QString &host, const QString &keyFile) = 0;
    // A keyboard-interactive or password prompt from the server.
    [[nodiscard]] virtual std::optional<QString> answer(const QString &host, const QString &prompt, bool echo) = 0;

    // The passphrase as bytes that are wiped after use. By default passphrase()'s text, which is
    // wiped once converted; an implementation that reads bytes overrides it to skip the QString.
    [[nodiscard]] virtual std::optional<Secret> keyPassphrase(const QString &host, const QString &keyFile);

    // Answers shared by every session asking through this interaction: one question per key.
    [[nodiscard]] PassphraseCache &passphrases() { return m_passphrases; }

private:
    PassphraseCache m_passphrases;
};

// Headless: asks through an askpass program ($GREENLIGHT_ASKPASS, else $SSH_ASKPASS), the way
// OpenSSH does, and never trusts an unknown host key (that is --accept-new-host-keys' job).
// The program's answer is read from a pipe of our own into a Secret: no Qt buffer holds it.
class AskpassInteraction final : public SshInteraction
{
public:
    [[nodiscard]] bool confirmHostKey(const QString &, const QString &, const QString &) override { return false; }
    [[nodiscard]] std::optional<QString> passphrase(const QString &host, const QString &keyFile) override;
    [[nodiscard]] std::optional<QString> answer(const QString &host, const QString &prompt, bool echo) override;
    [[nodiscard]] std::optional<Secret> keyPassphrase(const QString &host, const QString &keyFile) override;

    [[nodiscard]] static QString program();
    // The variables that name an askpass program: a child that is not one must not inherit them.
    [[nodiscard]] static QStringList environmentVariables();

private:
    [[nodiscard]] static std::optional<Secret> ask(const QString &prompt);
};

} // namespace greenlight
