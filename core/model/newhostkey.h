#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace greenlight {

// A host key met for the first time (not in known_hosts), waiting for the operator's review.
// One per address and key: the router reached by several sessions is one entry.
struct NewHostKey
{
    QString host;        // the name in the deployment file (or the jump host's alias)
    QString address;     // "[address]:port", as known_hosts names it
    QString fingerprint; // "ssh-ed25519 SHA256:…"
    QString knownHostsFile; // where trusting it writes it
    bool hashed = false;    // written hashed (HashKnownHosts yes)

    [[nodiscard]] QString id() const { return address + QLatin1Char(' ') + fingerprint; }
    [[nodiscard]] QString keyType() const { return fingerprint.section(QLatin1Char(' '), 0, 0); }
    [[nodiscard]] QString sha256() const { return fingerprint.section(QLatin1Char(' '), 1); }
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::NewHostKey)
