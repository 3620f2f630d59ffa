#pragma once

#include "common/result.h"
#include "ssh/sshresolved.h"
#include "ssh/sshtypes.h"

struct ssh_session_struct;
struct ssh_key_struct;

namespace greenlight {

// Checks a connected session's host key against known_hosts, as strictly as OpenSSH:
// a changed key or a key of another type is always refused, naming both fingerprints. An
// unknown key is written (--accept-new-host-keys, or StrictHostKeyChecking accept-new/no in
// ssh_config), waits for the operator's review (the window), or is refused (headless, or
// StrictHostKeyChecking yes). A written key is written once, hashed when the resolved
// HashKnownHosts says so.
class HostKeyCheck final
{
public:
    // `settings`: the resolved ones (HashKnownHosts decides how an accepted key is written).
    HostKeyCheck(ssh_session_struct *session, const SshTarget &target, const ResolvedSsh &settings)
        : m_session(session), m_target(target), m_settings(settings)
    {
    }
    [[nodiscard]] Status run();

    [[nodiscard]] static QString fingerprint(ssh_key_struct *key);

private:
    // What becomes of a key known_hosts does not hold.
    enum class Unknown { Write, Review, Refuse, RefuseByConfig };
    [[nodiscard]] Unknown unknownKeyRule() const;
    [[nodiscard]] Status unknownKey(ssh_key_struct *key, const QString &where, const QString &presented);
    [[nodiscard]] Status write(ssh_key_struct *key, const QString &where);
    [[nodiscard]] QString knownHostsPath() const;
    [[nodiscard]] QString expectedFingerprint() const;
    [[nodiscard]] int port() const;        // after ssh_config
    [[nodiscard]] QString address() const; // after ssh_config (HostName)

    ssh_session_struct *m_session;
    const SshTarget &m_target;
    const ResolvedSsh &m_settings;
};

} // namespace greenlight
