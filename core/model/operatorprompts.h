#pragma once

#include <QString>

#include <optional>

namespace greenlight {

// Questions only a person can answer while a host is reached: a key's passphrase, a server's
// prompt (unknown host keys are reviewed all at once instead: HostKeyReview). Asked on SSH worker threads, which block until the answer
// comes, so implementations are thread-safe. The window answers with dialogs (GuiInteraction);
// the headless CLI through an askpass program. Answers are never logged.
class OperatorPrompts
{
public:
    virtual ~OperatorPrompts() = default;
    // The passphrase of an encrypted private key; nothing to give up.
    [[nodiscard]] virtual std::optional<QString> passphrase(const QString &host, const QString &keyFile) = 0;
    // A keyboard-interactive or password prompt from the server.
    [[nodiscard]] virtual std::optional<QString> answer(const QString &host, const QString &prompt, bool echo) = 0;
};

} // namespace greenlight
