#include "jumphub.h"

namespace greenlight {

JumpHub &JumpHub::instance()
{
    static JumpHub hub;
    return hub;
}

Result<JumpHub::Stream> JumpHub::connect(const SshTarget &base, const ResolvedSsh &settings)
{
    if (settings.jumps.empty())
        return Result<Stream>::failure(QStringLiteral("%1 has no jump host").arg(settings.alias));
    // The last hop, reached through the ones before it.
    ResolvedSsh hop = settings.jumps.back();
    hop.jumps.assign(settings.jumps.begin(), settings.jumps.end() - 1);
    QString key = QStringLiteral("%1|%2|%3|%4").arg(int(base.hostKeyPolicy)).arg(quintptr(base.interaction.get()));
    key = key.arg(hop.identityFiles.join(QLatin1Char(',')), hop.userKnownHostsFiles.join(QLatin1Char(',')));
    for (const ResolvedSsh &j : settings.jumps)
        key += QLatin1Char('|') + j.endpoint();
    std::shared_ptr<JumpTunnel> tunnel;
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_tunnels.begin(); it != m_tunnels.end();)
            it = it->second.expired() ? m_tunnels.erase(it) : std::next(it);
        tunnel = m_tunnels[key].lock();
        if (!tunnel || !tunnel->usable()) {
            tunnel = std::make_shared<JumpTunnel>(base, hop);
            m_tunnels[key] = tunnel;
        }
    }
    Result<int> fd = tunnel->open(settings.hostName, settings.port);
    if (!fd)
        return Result<Stream>::failure(fd.error(), fd.code());
    return Stream{fd.value(), tunnel};
}

} // namespace greenlight
