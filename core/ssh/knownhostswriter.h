#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QString>

#include <functional>

struct ssh_key_struct;

namespace greenlight::knownhosts {

// How known_hosts names a host: "host" on port 22, else "[host]:port".
[[nodiscard]] QString hostPattern(const QString &host, int port);
// The hashed form of a pattern, as `ssh-keygen -H` writes it: "|1|base64(salt)|base64(HMAC-SHA1(salt, pattern))".
[[nodiscard]] QString hashedPattern(const QString &pattern, QByteArrayView salt);

// Appends one accepted key for host:port to `path` (hashed when `hash`), once: every writer
// (thread or process) holds an flock on the file, and `alreadyKnown` is asked again under it, so a host reached by several sessions at once
// (the router: its work lane, its control lane, a jump tunnel) is written once. The file and
// its folder are made (0600 / 0700) when missing.
[[nodiscard]] Status append(const QString &path, const QString &host, int port, ssh_key_struct *key, bool hash,
                            const std::function<bool()> &alreadyKnown);

} // namespace greenlight::knownhosts
