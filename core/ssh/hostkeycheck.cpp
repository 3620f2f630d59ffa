#include "hostkeycheck.h"

#include "ssh/knownhostswriter.h"
#include "ssh/libsshhandles.h"
#include "ssh/sshinteraction.h"

#include <QDir>
#include <QFile>
#include <QStringList>


namespace greenlight {

QString HostKeyCheck::fingerprint(ssh_key key)
{
    unsigned char *hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return QStringLiteral("(unknown)");
    char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    const QString out = QStringLiteral("%1 %2").arg(QString::fromUtf8(ssh_key_type_to_char(ssh_key_type(key))), QString::fromUtf8(text));
    ssh_string_free_char(text);
    ssh_clean_pubkey_hash(&hash);
    return out;
}

QString HostKeyCheck::knownHostsPath() const
{
    // What libssh actually uses: the deployment file's, ssh_config's UserKnownHostsFile, or the default.
    char *path = nullptr;
    if (ssh_options_get(m_session, SSH_OPTIONS_KNOWNHOSTS, &path) == SSH_OK && path) {
        const QString out = QString::fromLocal8Bit(path);
        ssh_string_free_char(path);
        return out.startsWith(QLatin1String("~/")) ? QDir::homePath() + out.mid(1) : out;
    }
    return m_target.knownHostsFile.isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh/known_hosts") : m_target.knownHostsFile;
}

int HostKeyCheck::port() const
{
    unsigned int port = 22;
    ssh_options_get_port(m_session, &port);
    return static_cast<int>(port);
}

QString HostKeyCheck::address() const
{
    char *host = nullptr;
    if (ssh_options_get(m_session, SSH_OPTIONS_HOST, &host) != SSH_OK || !host)
        return m_target.address;
    const QString out = QString::fromUtf8(host);
    ssh_string_free_char(host);
    return out;
}

QString HostKeyCheck::expectedFingerprint() const
{
    // libssh does not hand back the entry that mismatched, so read known_hosts ourselves;
    // ssh_known_hosts_parse_line matches plain, bracketed-port and hashed (|1|) entries.
    const QString host = port() == 22 ? address() : QStringLiteral("[%1]:%2").arg(address(), QString::number(port()));
    const QByteArray hostUtf8 = host.toUtf8();
    QFile file(knownHostsPath());
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(unreadable: %1)").arg(file.errorString());
    QStringList found;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        ssh_knownhosts_entry *entry = nullptr;
        if (ssh_known_hosts_parse_line(hostUtf8.constData(), line.constData(), &entry) == SSH_OK && entry) {
            if (entry->publickey)
                found << QStringLiteral("%1 (line %2)").arg(fingerprint(entry->publickey), QString::number(lineNumber));
            ssh_knownhosts_entry_free(entry);
        }
    }
    return found.isEmpty() ? QStringLiteral("(no entry found)") : found.join(QStringLiteral(", "));
}

HostKeyCheck::Unknown HostKeyCheck::unknownKeyRule() const
{
    // --accept-new-host-keys is this run's explicit word and wins; else ssh_config's
    // StrictHostKeyChecking, as OpenSSH reads it, except that "no" never lets a changed key
    // through here (it only means: write new keys); else the front end's way (review or refuse).
    if (m_target.hostKeyPolicy == HostKeyPolicy::AcceptNew)
        return Unknown::Write;
    const QString strict = m_settings.strictHostKeyChecking;
    if (strict == QLatin1String("yes"))
        return Unknown::RefuseByConfig;
    if (strict == QLatin1String("accept-new") || strict == QLatin1String("no"))
        return Unknown::Write;
    if (m_target.hostKeyPolicy == HostKeyPolicy::Review && m_target.interaction)
        return Unknown::Review;
    return Unknown::Refuse;
}

Status HostKeyCheck::unknownKey(ssh_key key, const QString &where, const QString &presented)
{
    switch (unknownKeyRule()) {
    case Unknown::Write:
        return write(key, where);
    case Unknown::RefuseByConfig:
        return Status::failure(QStringLiteral("unknown host key for %1 (%2): %3 is not in %4, and ssh_config says StrictHostKeyChecking yes. "
                                              "Verify the fingerprint and add it (e.g. connect once with `ssh`), or change that setting.")
                                   .arg(m_target.hostName, where, presented, knownHostsPath()),
                               ErrorCode::HostKey);
    case Unknown::Review: {
        const NewHostKey met{m_target.hostName, where, presented, knownHostsPath(), m_settings.hashKnownHosts};
        switch (m_target.interaction->hostKeys().consult(met)) {
        case HostKeyReview::Verdict::Trusted:
            return write(key, where);
        case HostKeyReview::Verdict::Declined:
            return Status::failure(QStringLiteral("unknown host key for %1 (%2): %3 was not trusted in the review of new host keys")
                                       .arg(m_target.hostName, where, presented),
                                   ErrorCode::HostKey);
        case HostKeyReview::Verdict::Pending:
            break;
        }
        return Status::failure(QStringLiteral("new host key for %1 (%2): %3 waits for the review of new host keys")
                                   .arg(m_target.hostName, where, presented),
                               ErrorCode::HostKey);
    }
    case Unknown::Refuse:
        break;
    }
    return Status::failure(QStringLiteral("unknown host key for %1 (%2): %3 is not in %4. "
                                          "Verify the fingerprint, then accept it (--accept-new-host-keys).")
                               .arg(m_target.hostName, where, presented, knownHostsPath()),
                           ErrorCode::HostKey);
}

Status HostKeyCheck::write(ssh_key key, const QString &where)
{
    // Asked again under the writers' lock: another session to the same host may have just written it.
    const auto known = [this] {
        const ssh_known_hosts_e state = ssh_session_is_known_server(m_session);
        return state != SSH_KNOWN_HOSTS_UNKNOWN && state != SSH_KNOWN_HOSTS_NOT_FOUND;
    };
    const Status written = knownhosts::append(knownHostsPath(), address(), port(), key, m_settings.hashKnownHosts, known);
    if (!written)
        return Status::failure(QStringLiteral("cannot record the host key of %1 in %2: %3").arg(m_target.hostName, knownHostsPath(), written.error()),
                               ErrorCode::HostKey);
    if (ssh_session_is_known_server(m_session) != SSH_KNOWN_HOSTS_OK)
        return Status::failure(QStringLiteral("the host key of %1 (%2) was recorded in %3 but does not read back as known; "
                                              "check that file for another key of %2")
                                   .arg(m_target.hostName, where, knownHostsPath()),
                               ErrorCode::HostKey);
    return {};
}

Status HostKeyCheck::run()
{
    ssh_key rawKey = nullptr;
    if (ssh_get_server_publickey(m_session, &rawKey) != SSH_OK)
        return Status::failure(QStringLiteral("%1 sent no host key").arg(m_target.hostName));
    SshKeyHandle key(rawKey);
    const QString presented = fingerprint(key.get());
    const QString where = QStringLiteral("[%1]:%2").arg(address(), QString::number(port()));

    switch (ssh_session_is_known_server(m_session)) {
    case SSH_KNOWN_HOSTS_OK:
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
        return Status::failure(QStringLiteral("HOST KEY CHANGED for %1 (%2): expected %3, presented %4. "
                                              "Someone may be intercepting the connection. Refusing to connect; "
                                              "if the change is legitimate, remove the old entry for %2 from %5.")
                                   .arg(m_target.hostName, where, expectedFingerprint(), presented, knownHostsPath()));
    case SSH_KNOWN_HOSTS_OTHER:
        return Status::failure(QStringLiteral("HOST KEY TYPE CHANGED for %1 (%2): known_hosts holds %3, the server presented %4. "
                                              "Refusing to connect; check the entry for %2 in %5.")
                                   .arg(m_target.hostName, where, expectedFingerprint(), presented, knownHostsPath()));
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        return unknownKey(key.get(), where, presented);
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return Status::failure(QStringLiteral("cannot check the host key of %1 against %2: %3")
                               .arg(m_target.hostName, knownHostsPath(), QString::fromUtf8(ssh_get_error(m_session))));
}

} // namespace greenlight
