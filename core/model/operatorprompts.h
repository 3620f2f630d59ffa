#pragma once

#include <QString>

#include <optional>

namespace greenlight {

// Questions only a person can answer while hosts are reached: an unknown host key, a key's
// passphrase, a server's prompt. Asked on SSH worker threads, which block until the answer
// comes, so implementations are thread-safe. The window answers with dialogs (GuiInteraction);
// the headless CLI through an askpass program. Answers are never logged.
class OperatorPrompts
{
public:
    virtual ~OperatorPrompts() = default;
    // An unknown host key: true to trust it (it is then recorded in known_hosts).
    [[nodiscard]] virtual bool confirmHostKey(const QString &host, const QString &address, const QString &fingerprint) = 0;
    // The passphrase of an encrypted private key; nothing to give up.
    [[nodiscard]] virtual std::optional<QString> passphrase(const QString &host, const QString &keyFile) = 0;
    // A keyboard-interactive or password prompt from the server.
    [[nodiscard]] virtual std::optional<QString> answer(const QString &host, const QString &prompt, bool echo) = 0;
};

} // namespace greenlight
