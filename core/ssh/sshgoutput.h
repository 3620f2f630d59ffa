#pragma once

#include "common/result.h"
#include "ssh/sshresolved.h"

#include <QByteArrayView>

namespace greenlight::sshgoutput {

inline constexpr qsizetype kMaxBytes = 256 * 1024; // ssh -G prints about 5 KB
inline constexpr qsizetype kMaxLineBytes = 8192;
inline constexpr int kMaxIdentityFiles = 64;
inline constexpr int kMaxKnownHostsFiles = 16;
inline constexpr int kMaxJumps = 8;

// What `ssh -G HOST` printed, read as hostile text: bounded, one "keyword value" per line,
// control characters refused, the keywords Greenlight uses checked (port 1–65535, yes/no
// flags, at most kMaxJumps hops…), every other keyword ignored. hostname, user and port must
// be there, once. Paths are left as printed (see expandTokens).
[[nodiscard]] Result<ResolvedSsh> parse(QByteArrayView output);

// One ProxyJump hop: "[user@]host[:port]", "[user@][v6addr]:port" or "ssh://[user@]host[:port]".
struct JumpSpec
{
    QString user; // empty: from the hop's own ssh_config
    QString host;
    int port = 0; // 0: from the hop's own ssh_config
};
[[nodiscard]] Result<JumpSpec> parseJump(const QString &spec);

// What an ssh_config path may contain: a leading ~, %d (home) %u (local user) %h (host name)
// %r (remote user) %p (port) %n (the alias) %%; any other %x is left as written.
struct TokenValues
{
    QString home;
    QString localUser;
    QString alias;
};
[[nodiscard]] QString expandTokens(const QString &path, const ResolvedSsh &settings, const TokenValues &values);

} // namespace greenlight::sshgoutput
