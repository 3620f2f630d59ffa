#pragma once

#include "model/operatorprompts.h"
#include "ssh/passphrasecache.h"
#include "ssh/secret.h"

#include <QString>

#include <memory>
#include <optional>

namespace greenlight {

// What an SSH session asks a person (OperatorPrompts), plus what the sessions of one
// interaction share: key passphrases are kept (passphrases()) while they connect, then wiped,
// and nothing else typed is kept.
class SshInteraction : public OperatorPrompts
{
public:
    // The passphrase as bytes that are wiped after use. By default passphrase()'s text, which is
    // wiped once converted; an implementation that reads bytes overrides it to skip the QString.
    [[nodiscard]] virtual std::optional<Secret> keyPassphrase(const QString &host, const QString &keyFile);

    // Answers shared by every session asking through this interaction: one question per key.
    [[nodiscard]] PassphraseCache &passphrases() { return m_passphrases; }

private:
    PassphraseCache m_passphrases;
};

// Asks the questions of `prompts` (the window's dialogs) and keeps what sessions share.
class PromptedInteraction final : public SshInteraction
{
public:
    explicit PromptedInteraction(std::shared_ptr<OperatorPrompts> prompts) : m_prompts(std::move(prompts)) {}

    [[nodiscard]] bool confirmHostKey(const QString &host, const QString &address, const QString &fingerprint) override
    {
        return m_prompts->confirmHostKey(host, address, fingerprint);
    }
    [[nodiscard]] std::optional<QString> passphrase(const QString &host, const QString &keyFile) override
    {
        return m_prompts->passphrase(host, keyFile);
    }
    [[nodiscard]] std::optional<QString> answer(const QString &host, const QString &prompt, bool echo) override
    {
        return m_prompts->answer(host, prompt, echo);
    }

private:
    std::shared_ptr<OperatorPrompts> m_prompts;
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
