#include "hostselection.h"

#include "cli/argtext.h"

namespace greenlight {

namespace {

const QStringList kKeywords = {QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("live"), QStringLiteral("idle"),
                               QStringLiteral("all")};

Result<HostSelection> refused(const QString &problem)
{
    return Result<HostSelection>::failure(QStringLiteral("--on: %1").arg(problem));
}

QStringList hostNames(const DeploymentConfig &config)
{
    QStringList names;
    for (const HostConfig &h : config.hosts)
        names << h.name;
    return names;
}

QString listed(const QStringList &names)
{
    constexpr qsizetype kShown = 12;
    QString text = names.mid(0, kShown).join(QStringLiteral(", "));
    if (names.size() > kShown)
        text += QStringLiteral(" and %1 more").arg(names.size() - kShown);
    return text;
}

} // namespace

Result<HostSelection> selectHosts(const QString &on, const DeploymentConfig &config)
{
    const QString expected = QStringLiteral("blue, green, live, idle, all, router, or host names separated by commas");
    HostSelection selection;
    // The router's host, which `all` (both colours) leaves out. Alone only: in a list, a name is a host's.
    if (on == QLatin1String("router")) {
        if (config.router.host.isEmpty())
            return refused(QStringLiteral("the router of %1 runs on no host").arg(config.sourcePath));
        selection.hosts << config.router.host;
        return selection;
    }
    if (on == QLatin1String("live") || on == QLatin1String("idle")) {
        selection.relative = on;
        return selection;
    }
    if (on == QLatin1String("all"))
        selection.hosts = config.blue.hosts + config.green.hosts;
    else if (const auto colour = colourFromName(on))
        selection.hosts = config.environment(*colour).hosts;
    if (kKeywords.contains(on)) {
        if (selection.hosts.isEmpty())
            return refused(QStringLiteral("%1 has no hosts in %2").arg(on, config.sourcePath));
        return selection;
    }
    const QStringList known = hostNames(config);
    const QStringList items = on.split(QLatin1Char(','));
    for (const QString &raw : items) {
        const QString item = raw.trimmed();
        if (item.isEmpty())
            return refused(QStringLiteral("empty host name in %1; expected %2").arg(shown(on), expected));
        if (kKeywords.contains(item))
            return refused(QStringLiteral("%1 names a group; give it alone (--on %2) or list host names").arg(shown(item), item));
        if (!config.host(item)) {
            const QString near = nearestWord(item, known);
            return refused(QStringLiteral("no host named %1 in %2%3; its hosts are %4")
                               .arg(shown(item), config.sourcePath,
                                    near.isEmpty() ? QString() : QStringLiteral(" (did you mean %1?)").arg(near), listed(known)));
        }
        if (selection.hosts.contains(item))
            return refused(QStringLiteral("host %1 is named twice in %2").arg(shown(item), shown(on)));
        selection.hosts << item;
    }
    return selection;
}

} // namespace greenlight
