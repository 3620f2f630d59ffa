#pragma once

#include "common/result.h"
#include "ssh/sshresolved.h"
#include "ssh/sshtypes.h"

namespace greenlight {

// Computes a host's effective SSH settings with OpenSSH's own semantics: `ssh -G [-F file]
// ALIAS` (Host blocks matched against the alias in file order, first value wins, Match,
// Include, tokens), run with a deadline and its output read as hostile text. Without
// OpenSSH's client it falls back to libssh's parser, with a warning (libssh 0.10 matches
// Host lines after a HostName against the HostName, and reads less). Then the deployment
// file's explicit fields are applied on top, and ProxyJump's hops are resolved the same way.
class SshConfigResolver final
{
public:
    static constexpr int kTimeoutMs = 5000;
    static QString defaultProgram() { return QStringLiteral("/usr/bin/ssh"); }

    explicit SshConfigResolver(QString sshProgram = defaultProgram()) : m_program(std::move(sshProgram)) {}

    [[nodiscard]] Result<ResolvedSsh> resolve(const SshTarget &target) const;

private:
    [[nodiscard]] Result<ResolvedSsh> lookUp(const SshTarget &target, const QString &alias) const;
    [[nodiscard]] Result<ResolvedSsh> runSshG(const SshTarget &target, const QString &alias) const;
    [[nodiscard]] Result<ResolvedSsh> viaLibssh(const SshTarget &target, const QString &alias) const;
    [[nodiscard]] Status resolveJumps(const SshTarget &target, ResolvedSsh &settings, int depth) const;
    void finish(const SshTarget &target, const QString &alias, ResolvedSsh &settings) const;

    QString m_program;
};

} // namespace greenlight
