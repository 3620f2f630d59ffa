#pragma once

#include <QString>

#include <optional>

namespace greenlight {

// Questions an SSH session may need a person to answer. Called on SSH worker threads, which
// block until the answer comes; implementations must be thread-safe. Answers are used once
// and never stored or logged.
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
};

// Headless: asks through an askpass program ($GREENLIGHT_ASKPASS, else $SSH_ASKPASS), the way
// OpenSSH does, and never trusts an unknown host key (that is --accept-new-host-keys' job).
class AskpassInteraction final : public SshInteraction
{
public:
    [[nodiscard]] bool confirmHostKey(const QString &, const QString &, const QString &) override { return false; }
    [[nodiscard]] std::optional<QString> passphrase(const QString &host, const QString &keyFile) override;
    [[nodiscard]] std::optional<QString> answer(const QString &host, const QString &prompt, bool echo) override;

    [[nodiscard]] static QString program();

private:
    [[nodiscard]] static std::optional<QString> ask(const QString &prompt);
};

} // namespace greenlight
