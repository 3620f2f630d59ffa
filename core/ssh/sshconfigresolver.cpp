#include "sshconfigresolver.h"

#include "ssh/resolutioncache.h"
#include "ssh/sshgoutput.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <libssh/libssh.h>

#include <array>
#include <mutex>

#include <pwd.h>
#include <unistd.h>

namespace greenlight {

namespace {

// Looked up once, with the reentrant call: sessions resolve on threads of their own, and
// getpwuid's answer lives in a buffer they would share.
QString localUser()
{
    static const QString name = [] {
        passwd entry{};
        passwd *found = nullptr;
        std::array<char, 4096> buffer{};
        if (::getpwuid_r(::geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found)
            return QString::fromLocal8Bit(found->pw_name);
        return qEnvironmentVariable("USER");
    }();
    return name;
}

QString optionText(ssh_session session, ssh_options_e option)
{
    char *value = nullptr;
    if (ssh_options_get(session, option, &value) != SSH_OK || !value)
        return {};
    const QString out = QString::fromLocal8Bit(value);
    ssh_string_free_char(value);
    return out;
}

struct SessionDeleter
{
    void operator()(ssh_session s) const { ssh_free(s); }
};

// An alias handed to ssh or libssh as an argument: never an option, never a second word.
bool usableAlias(const QString &alias)
{
    if (alias.isEmpty() || alias.size() > 255 || alias.startsWith(QLatin1Char('-')))
        return false;
    for (const QChar c : alias) {
        if (c.isSpace() || c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

} // namespace

Result<ResolvedSsh> SshConfigResolver::resolve(const SshTarget &target) const
{
    Result<ResolvedSsh> found = lookUp(target, target.address);
    if (!found)
        return found;
    ResolvedSsh settings = std::move(found).value();
    // The deployment file's explicit fields win over ssh_config.
    if (target.port > 0)
        settings.port = target.port;
    if (!target.user.isEmpty())
        settings.user = target.user;
    if (target.connectTimeoutSet || settings.connectTimeoutS <= 0)
        settings.connectTimeoutS = target.connectTimeoutS;
    if (target.keepaliveSet || settings.serverAliveIntervalS <= 0)
        settings.serverAliveIntervalS = target.keepaliveS;
    finish(target, target.address, settings);
    if (Status s = resolveJumps(target, settings, 0); !s)
        return Result<ResolvedSsh>::failure(s.error(), s.code());
    return settings;
}

// Paths made absolute, and the deployment file's key and known_hosts (which apply to the
// jump hosts as well).
void SshConfigResolver::finish(const SshTarget &target, const QString &alias, ResolvedSsh &settings) const
{
    const sshgoutput::TokenValues values{QDir::homePath(), localUser(), alias};
    if (!target.identityFile.isEmpty()) {
        settings.identityFiles = {target.identityFile};
        settings.identitiesOnly = true;
    } else {
        for (QString &file : settings.identityFiles)
            file = sshgoutput::expandTokens(file, settings, values);
    }
    if (!target.knownHostsFile.isEmpty()) {
        settings.userKnownHostsFiles = {target.knownHostsFile};
    } else {
        for (QString &file : settings.userKnownHostsFiles)
            file = sshgoutput::expandTokens(file, settings, values);
        if (settings.userKnownHostsFiles.isEmpty())
            settings.userKnownHostsFiles = {QDir::homePath() + QStringLiteral("/.ssh/known_hosts")};
    }
}

Status SshConfigResolver::resolveJumps(const SshTarget &target, ResolvedSsh &settings, int depth) const
{
    if (settings.proxyJump.isEmpty())
        return {};
    if (depth >= sshgoutput::kMaxJumps)
        return Status::failure(QStringLiteral("ProxyJump of %1 nests more than %2 deep").arg(settings.alias).arg(sshgoutput::kMaxJumps),
                               ErrorCode::InvalidInput);
    std::vector<ResolvedSsh> chain;
    for (qsizetype i = 0; i < settings.proxyJump.size(); ++i) {
        const Result<sshgoutput::JumpSpec> spec = sshgoutput::parseJump(settings.proxyJump.at(i));
        if (!spec)
            return Status::failure(spec.error(), ErrorCode::InvalidInput);
        Result<ResolvedSsh> hop = lookUp(target, spec->host);
        if (!hop)
            return Status::failure(QStringLiteral("jump host %1 of %2: %3").arg(spec->host, settings.alias, hop.error()), hop.code());
        ResolvedSsh resolved = std::move(hop).value();
        if (!spec->user.isEmpty())
            resolved.user = spec->user;
        if (spec->port > 0)
            resolved.port = spec->port;
        resolved.connectTimeoutS = settings.connectTimeoutS;
        resolved.serverAliveIntervalS = settings.serverAliveIntervalS;
        finish(target, spec->host, resolved);
        if (i == 0) {
            // As OpenSSH: only the first hop's own ProxyJump (or ProxyCommand) is followed;
            // the later hops are reached from the one before them.
            if (Status s = resolveJumps(target, resolved, depth + 1); !s)
                return s;
            for (ResolvedSsh &inner : resolved.jumps)
                chain.push_back(std::move(inner));
            resolved.jumps.clear();
        } else {
            resolved.proxyCommand.clear();
        }
        resolved.proxyJump.clear();
        settings.warnings += resolved.warnings;
        resolved.warnings.clear();
        chain.push_back(std::move(resolved));
    }
    if (chain.size() > static_cast<std::size_t>(sshgoutput::kMaxJumps))
        return Status::failure(QStringLiteral("%1 is behind more than %2 jump hosts").arg(settings.alias).arg(sshgoutput::kMaxJumps),
                               ErrorCode::InvalidInput);
    settings.jumps = std::move(chain);
    settings.warnings.removeDuplicates();
    return {};
}

Result<ResolvedSsh> SshConfigResolver::lookUp(const SshTarget &target, const QString &alias) const
{
    if (!usableAlias(alias))
        return Result<ResolvedSsh>::failure(QStringLiteral("\"%1\" cannot be a host name (empty, a space, or a leading '-')").arg(alias.left(300)),
                                            ErrorCode::InvalidInput);
    if (!target.useSshConfig) {
        ResolvedSsh settings;
        settings.alias = alias;
        settings.hostName = alias;
        settings.user = localUser();
        settings.source = QStringLiteral("deployment file");
        return settings;
    }
    const QString key = QStringList{m_program, target.sshConfigFile, alias}.join(QLatin1Char('\n'));
    Result<ResolvedSsh> out = ResolutionCache::instance().get(key, [&] {
        return QFileInfo(m_program).isExecutable() ? runSshG(target, alias) : viaLibssh(target, alias);
    });
    if (!out)
        return out;
    ResolvedSsh settings = std::move(out).value();
    settings.alias = alias;
    return settings;
}

Result<ResolvedSsh> SshConfigResolver::runSshG(const SshTarget &target, const QString &alias) const
{
    QStringList arguments{QStringLiteral("-G")};
    if (!target.sshConfigFile.isEmpty())
        arguments << QStringLiteral("-F") << target.sshConfigFile;
    arguments << QStringLiteral("--") << alias;
    QProcess ssh;
    ssh.setStandardInputFile(QProcess::nullDevice());
    bool started = false;
    {
        // One start at a time (a start takes about a millisecond; the runs overlap): Qt starts a
        // process vfork-style, and ThreadSanitizer reports two threads starting at once (the
        // child's dup3 against the other thread's pipe2 in its shared file-descriptor records).
        static std::mutex starting;
        std::lock_guard lock(starting);
        ssh.start(m_program, arguments);
        started = ssh.waitForStarted(kTimeoutMs);
    }
    const auto failed = [&](const QString &why) {
        return Result<ResolvedSsh>::failure(QStringLiteral("cannot resolve %1 with %2 -G%3: %4")
                                                .arg(alias, m_program,
                                                     target.sshConfigFile.isEmpty() ? QString() : QStringLiteral(" -F ") + target.sshConfigFile,
                                                     why),
                                            ErrorCode::InvalidInput);
    };
    if (!started)
        return failed(ssh.errorString());
    QByteArray output;
    // Read as it comes (bounded), so a large answer cannot stall the program on a full pipe.
    const QDeadlineTimer deadline(kTimeoutMs);
    while (ssh.state() != QProcess::NotRunning && !deadline.hasExpired() && output.size() <= sshgoutput::kMaxBytes) {
        ssh.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
        output += ssh.readAllStandardOutput();
    }
    if (ssh.state() != QProcess::NotRunning) {
        ssh.kill();
        ssh.waitForFinished(1000);
        return failed(output.size() > sshgoutput::kMaxBytes ? QStringLiteral("it printed more than %1 bytes").arg(sshgoutput::kMaxBytes)
                                                            : QStringLiteral("no answer within %1 s").arg(kTimeoutMs / 1000));
    }
    output += ssh.readAllStandardOutput();
    if (ssh.exitStatus() != QProcess::NormalExit || ssh.exitCode() != 0) {
        const QString err = QString::fromUtf8(ssh.readAllStandardError().left(2000)).trimmed().split(QLatin1Char('\n')).last();
        return failed(err.isEmpty() ? QStringLiteral("exit %1").arg(ssh.exitCode()) : err);
    }
    Result<ResolvedSsh> parsed = sshgoutput::parse(output);
    if (!parsed)
        return failed(parsed.error());
    return parsed;
}

Result<ResolvedSsh> SshConfigResolver::viaLibssh(const SshTarget &target, const QString &alias) const
{
    std::unique_ptr<ssh_session_struct, SessionDeleter> session(ssh_new());
    if (!session)
        return Result<ResolvedSsh>::failure(QStringLiteral("libssh could not create a session"));
    ssh_session s = session.get();
    const QByteArray host = alias.toUtf8();
    ssh_options_set(s, SSH_OPTIONS_HOST, host.constData());
    const QByteArray file = target.sshConfigFile.toLocal8Bit();
    if (ssh_options_parse_config(s, file.isEmpty() ? nullptr : file.constData()) != SSH_OK)
        return Result<ResolvedSsh>::failure(QStringLiteral("cannot read %1: %2")
                                                .arg(file.isEmpty() ? QStringLiteral("~/.ssh/config") : target.sshConfigFile,
                                                     QString::fromUtf8(ssh_get_error(s))),
                                            ErrorCode::InvalidInput);
    ResolvedSsh settings;
    settings.source = QStringLiteral("libssh");
    settings.warnings << QStringLiteral("%1 is not installed: ssh_config is read by libssh 0.10, which does not match Host "
                                        "blocks the way OpenSSH does and ignores Match and ProxyJump's own hops (see docs/config.md)")
                             .arg(m_program);
    settings.hostName = optionText(s, SSH_OPTIONS_HOST);
    settings.user = optionText(s, SSH_OPTIONS_USER);
    if (settings.user.isEmpty())
        settings.user = localUser();
    unsigned int port = 22;
    ssh_options_get_port(s, &port);
    settings.port = static_cast<int>(port);
    if (const QString identity = optionText(s, SSH_OPTIONS_IDENTITY); !identity.isEmpty())
        settings.identityFiles << identity;
    if (const QString known = optionText(s, SSH_OPTIONS_KNOWNHOSTS); !known.isEmpty())
        settings.userKnownHostsFiles << known;
    // libssh 0.10 turns ProxyJump into a ProxyCommand of `ssh -W`: kept as it is.
    settings.proxyCommand = optionText(s, SSH_OPTIONS_PROXYCOMMAND);
    return settings;
}

} // namespace greenlight
