#pragma once

#include "common/result.h"
#include "ssh/sshtypes.h"

struct ssh_session_struct;
struct ssh_key_struct;

namespace greenlight {

// Checks a connected session's host key against known_hosts, as strictly as OpenSSH:
// a changed key or a key of another type is always refused, naming both fingerprints.
class HostKeyCheck final
{
public:
    HostKeyCheck(ssh_session_struct *session, const SshTarget &target) : m_session(session), m_target(target) {}
    [[nodiscard]] Status run();

    [[nodiscard]] static QString fingerprint(ssh_key_struct *key);

private:
    [[nodiscard]] QString knownHostsPath() const;
    [[nodiscard]] QString expectedFingerprint() const;
    [[nodiscard]] int port() const;        // after ssh_config
    [[nodiscard]] QString address() const; // after ssh_config (HostName)

    ssh_session_struct *m_session;
    const SshTarget &m_target;
};

} // namespace greenlight
