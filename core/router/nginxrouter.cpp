#include "nginxrouter.h"

#include "common/shellquote.h"
#include "router/routercommand.h"

namespace greenlight {

namespace {
constexpr std::chrono::milliseconds kReadTimeout{5000};
constexpr std::chrono::milliseconds kSwitchTimeout{20000};
} // namespace

NginxRouter::NginxRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_pool(pool), m_router(config.router), m_servers(nginxupstream::servers(config)), m_lane(lane)
{
    if (!m_router.accessLog.isEmpty())
        m_log.emplace(m_router.accessLog);
}

QString NginxRouter::describe() const
{
    return QStringLiteral("nginx upstream %1 on %2 (%3)").arg(m_router.backend, m_router.host, m_router.upstreamFile);
}

QString NginxRouter::readScript() const
{
    const QString script = QStringLiteral("cat -- %1 || exit 3\n").arg(shellQuote(m_router.upstreamFile));
    return m_log ? script + m_log->script() : script;
}

void NginxRouter::followAccessLog(const QByteArray &section)
{
    for (nginxupstream::Counts &c : m_counts)
        c.upstreamMs.clear(); // a read reports the times of the lines it read, once
    m_log->take(section, [this](const QByteArray &chunk) { return nginxupstream::countAccessLog(chunk, m_counts); });
}

Result<RouterState> NginxRouter::readRouter(const CancelToken &cancel)
{
    const Result<QByteArray> out = runOnRouter(m_pool, m_router.host, m_lane, QStringLiteral("reading nginx's upstream file"),
                                               readScript(), {}, kReadTimeout, cancel);
    if (!out)
        return Result<RouterState>::failure(out.error());
    const qsizetype marker = m_log ? out->lastIndexOf(AccessLogTail::marker()) : -1;
    const Result<RouterState> parsed = nginxupstream::parse(marker < 0 ? out.value() : out->left(marker), m_router.backend, m_servers);
    if (!parsed)
        return Result<RouterState>::failure(QStringLiteral("nginx on %1, %2: %3").arg(m_router.host, m_router.upstreamFile, parsed.error()));
    RouterState state = parsed.value();
    if (marker >= 0) {
        followAccessLog(out->mid(marker + AccessLogTail::marker().size()));
        for (const nginxupstream::Server &s : std::as_const(m_servers)) {
            const nginxupstream::Counts c = m_counts.value(s.address);
            state.servers[s.host].totalRequests = c.requests;
            state.servers[s.host].errors5xx = c.errors5xx;
            if (!c.upstreamMs.isEmpty())
                state.upstreamMs.insert(s.host, c.upstreamMs);
        }
    }
    return state;
}

QString NginxRouter::switchScript() const
{
    // stdin is the new file. Written beside the live one and renamed into place; if nginx -t
    // or the reload fails, the previous file goes back before anything else reads it.
    // It ignores hang-ups and TERM: once started it finishes, so a cancelled deploy never leaves
    // a renamed but untested file behind.
    // `nginx -s reload` only signals the master. The switch is done once the master runs new
    // workers and every old one is "shutting down" (it no longer accepts connections).
    return QStringLiteral(
               "trap '' HUP INT TERM PIPE\n"
               "f=%1 pidfile=%4\n"
               "new=\"$f.greenlight-new\" old=\"$f.greenlight-previous\"\n"
               "workers() { for s in /proc/[0-9]*/stat; do read -r p c st pp rest < \"$s\" 2>/dev/null && [ \"$pp\" = \"$master\" ] && echo \"$p\"; done; }\n"
               "cat > \"$new\" || { echo \"cannot write $new\" >&2; exit 1; }\n"
               "had=0; if [ -e \"$f\" ]; then cp -p -- \"$f\" \"$old\" || exit 1; had=1; fi\n"
               "restore() { if [ $had = 1 ]; then mv -f -- \"$old\" \"$f\"; else rm -f -- \"$f\"; fi; }\n"
               "mv -f -- \"$new\" \"$f\" || exit 1\n"
               "if ! out=$( { %2; } 2>&1); then restore\n"
               "  printf 'nginx rejected the new upstream file (the previous one is back, nothing reloaded): %s\\n' \"$out\" >&2; exit 3; fi\n"
               "master=$(cat -- \"$pidfile\" 2>/dev/null) || master=''\n"
               "before=\" $(workers | tr '\\n' ' ') \"\n"
               "if ! out=$( { %3; } 2>&1); then restore\n"
               "  printf 'nginx did not reload (the previous file is back): %s\\n' \"$out\" >&2; exit 4; fi\n"
               "rm -f -- \"$old\"\n"
               "if [ -z \"$master\" ]; then echo \"cannot read nginx's pid file $pidfile: the reload is not confirmed\" >&2; sleep 1; exit 0; fi\n"
               "i=0\n"
               "while [ $i -lt 200 ]; do\n"
               "  settled=1 fresh=0\n"
               "  for w in $before; do\n"
               "    if [ -r /proc/$w/cmdline ] && ! tr '\\0' ' ' < /proc/$w/cmdline | grep -q 'shutting down'; then settled=0; fi\n"
               "  done\n"
               "  for w in $(workers); do case $before in *\" $w \"*) ;; *) fresh=1 ;; esac; done\n"
               "  if [ $settled = 1 ] && [ $fresh = 1 ]; then exit 0; fi\n"
               "  sleep 0.025; i=$((i + 1))\n"
               "done\n"
               "echo \"nginx was signalled to reload but did not replace its workers within 5 s; see its error log\" >&2; exit 5\n")
        .arg(shellQuote(m_router.upstreamFile), m_router.testCommand, m_router.reloadCommand, shellQuote(m_router.pidFile));
}

QString NginxRouter::weightCommand(Colour colour, int percent) const
{
    QStringList weights;
    const QByteArray file = nginxupstream::render(m_router.backend, m_servers, m_router.upstreamDirectives, colour, percent,
                                                  m_router.liveWeight);
    for (const QByteArray &line : file.split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (text.startsWith(QLatin1String("server ")))
            weights << text.section(QLatin1Char(';'), 0, 0).mid(7);
    }
    return QStringLiteral("write %1 (%2); %3; %4")
        .arg(m_router.upstreamFile, weights.join(QStringLiteral(", ")), m_router.testCommand, m_router.reloadCommand);
}

Status NginxRouter::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    const QByteArray file = nginxupstream::render(m_router.backend, m_servers, m_router.upstreamDirectives, colour, percent,
                                                  m_router.liveWeight);
    const Result<QByteArray> out = runOnRouter(m_pool, m_router.host, m_lane, QStringLiteral("nginx switch"), switchScript(), file,
                                               kSwitchTimeout, cancel);
    if (!out)
        return Status::failure(out.error());
    return {};
}

QString NginxRouter::readBackSays() const
{
    return QStringLiteral("nginx's upstream file reads");
}

} // namespace greenlight
