#pragma once

#include "common/result.h"
#include "ssh/sshtypes.h"

struct ssh_session_struct;

namespace greenlight {

// The client side of SSH authentication, in OpenSSH's order: the configured identity file
// (asking for its passphrase if encrypted), else ssh-agent and the default identities; then,
// only if the server offers them and someone can answer, keyboard-interactive and password.
// Nothing typed is stored or logged.
class SshAuthenticator final
{
public:
    SshAuthenticator(ssh_session_struct *session, const SshTarget &target) : m_session(session), m_target(target) {}
    [[nodiscard]] Status run();

private:
    [[nodiscard]] int tryIdentityFile(QString &why);
    [[nodiscard]] int tryKeyboardInteractive();
    [[nodiscard]] int tryPassword();
    [[nodiscard]] QString user() const;
    [[nodiscard]] QString lastError() const;

    ssh_session_struct *m_session;
    const SshTarget &m_target;
};

} // namespace greenlight
