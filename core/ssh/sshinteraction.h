#pragma once

#include "model/operatorprompts.h"
#include "ssh/hostkeyreview.h"
#include "ssh/passphrasecache.h"
#include "ssh/secret.h"

#include <QString>

#include <memory>
#include <optional>

namespace greenlight {

// What an SSH session asks a person (OperatorPrompts), plus what the sessions of one
// interaction share: key passphrases are kept (passphrases()) while they connect, then wiped,
// and nothing else typed is kept; unknown host keys wait in one review (hostKeys()).
class SshInteraction : public OperatorPrompts
{
public:
    // The passphrase as bytes that are wiped after use. By default passphrase()'s text, which is
    // wiped once converted; an implementation that reads bytes overrides it to skip the QString.
    [[nodiscard]] virtual std::optional<Secret> keyPassphrase(const QString &host, const QString &keyFile);

    // Answers shared by every session asking through this interaction: one question per key.
    [[nodiscard]] PassphraseCache &passphrases() { return m_passphrases; }
    // Unknown host keys met under HostKeyPolicy::Review, answered all at once.
    [[nodiscard]] HostKeyReview &hostKeys() { return m_hostKeys; }

private:
    PassphraseCache m_passphrases;
    HostKeyReview m_hostKeys;
};

// Asks the questions of `prompts` (the window's dialogs) and keeps what sessions share.
class PromptedInteraction final : public SshInteraction
{
public:
    explicit PromptedInteraction(std::shared_ptr<OperatorPrompts> prompts) : m_prompts(std::move(prompts)) {}

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
// OpenSSH does. It never meets an unknown host key: headless, those are refused or, with
// --accept-new-host-keys, written.
// The program's answer is read from a pipe of our own into a Secret: no Qt buffer holds it.
class AskpassInteraction final : public SshInteraction
{
public:
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
