#pragma once

#include "common/result.h"
#include "ssh/sshresolved.h"
#include "ssh/sshtypes.h"

#include <QStringList>

struct ssh_session_struct;
struct ssh_key_struct;

namespace greenlight {

// The client side of SSH authentication, in OpenSSH's order: ssh-agent's keys (unless
// IdentitiesOnly, or the deployment file names the key), then every identity file of the
// resolved settings that exists — its public half offered first, so a passphrase is asked
// only for a key the server would take, once per key per process (PassphraseCache) — then,
// only if the server offers them and someone can answer, keyboard-interactive and password.
// A failure lists what was tried. Nothing typed is stored or logged.
class SshAuthenticator final
{
public:
    SshAuthenticator(ssh_session_struct *session, const SshTarget &target, const ResolvedSsh &settings)
        : m_session(session), m_target(target), m_settings(settings)
    {
    }
    [[nodiscard]] Status run();

private:
    [[nodiscard]] int tryAgent();
    [[nodiscard]] int tryIdentityFile(const QString &file);
    [[nodiscard]] int loadEncrypted(const QString &file, ssh_key_struct **key);
    [[nodiscard]] int tryKeyboardInteractive();
    [[nodiscard]] int tryPassword();
    [[nodiscard]] QString lastError() const;
    [[nodiscard]] Status failure() const;

    ssh_session_struct *m_session;
    const SshTarget &m_target;
    const ResolvedSsh &m_settings;
    QStringList m_tried; // "agent: 2 keys", "file ~/.ssh/id_ed25519 (refused)", …
    QString m_why;       // the most telling reason, first in the message
};

} // namespace greenlight
