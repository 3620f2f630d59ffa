#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace greenlight::agentprobe {

// How many keys the ssh-agent at $SSH_AUTH_SOCK holds, asked the way ssh-add -l asks
// (SSH2_AGENTC_REQUEST_IDENTITIES), bounded in time: for the "what was tried" of an
// authentication failure, never for a decision.
struct Answer
{
    std::optional<int> keys; // none: no agent, or it did not answer
    QString description;     // "agent: 2 keys", "agent: none (SSH_AUTH_SOCK is not set)", …
};
[[nodiscard]] Answer ask(int timeoutMs = 2000);

// The key count of an SSH2_AGENT_IDENTITIES_ANSWER: the agent's reply, read as hostile bytes
// (its first 9 bytes suffice: length, type, count). None when it is not that answer.
[[nodiscard]] std::optional<int> identityCount(QByteArrayView reply);

} // namespace greenlight::agentprobe
