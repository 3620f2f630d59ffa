#include "beanstalkrouter.h"

#include "router/awsreply.h"

#include <QDeadlineTimer>

namespace greenlight {

namespace {
constexpr int kPollMs = 1000; // between two describe-environments calls (each ~0.7 s itself)

QString bareName(QString cname)
{
    cname = cname.trimmed().toLower();
    while (cname.endsWith(QLatin1Char('.')))
        cname.chop(1);
    return cname;
}
} // namespace

BeanstalkRouter::BeanstalkRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_cli(config.router.aws, &pool, lane), m_aws(config.router.aws), m_blueHosts(config.blue.hosts), m_greenHosts(config.green.hosts),
      m_liveWeight(config.router.liveWeight)
{
}

QString BeanstalkRouter::describe() const
{
    return QStringLiteral("Elastic Beanstalk CNAME swap of %1 and %2 (live: %3, AWS CLI)").arg(m_aws.blueEnvironment, m_aws.greenEnvironment, m_aws.liveCname);
}

QStringList BeanstalkRouter::swapArgs() const
{
    return {QStringLiteral("elasticbeanstalk"), QStringLiteral("swap-environment-cnames"), QStringLiteral("--source-environment-name"), m_aws.blueEnvironment,
            QStringLiteral("--destination-environment-name"), m_aws.greenEnvironment};
}

QString BeanstalkRouter::weightCommand(Colour colour, int percent) const
{
    if (percent > 0 && percent < 100)
        return QStringLiteral("(refused: a beanstalk router swaps CNAMEs, all traffic at once, not %1 %)").arg(percent);
    const Colour live = percent >= 100 ? colour : otherColour(colour);
    return QStringLiteral("%1 (when %2 does not hold %3 already), then describe-environments until it does (at most %4 s)")
        .arg(m_cli.commandLine(swapArgs()), live == Colour::Blue ? m_aws.blueEnvironment : m_aws.greenEnvironment, m_aws.liveCname)
        .arg(m_aws.changeTimeoutS);
}

Result<BeanstalkRouter::Read> BeanstalkRouter::read(const CancelToken &cancel) const
{
    const Result<QByteArray> out = m_cli.run({QStringLiteral("elasticbeanstalk"), QStringLiteral("describe-environments"), QStringLiteral("--environment-names"),
                                              m_aws.blueEnvironment, m_aws.greenEnvironment},
                                             cancel);
    if (!out)
        return Result<Read>::failure(out.error(), out.code());
    const Result<QHash<QString, awsreply::BeanstalkEnvironment>> envs = awsreply::beanstalkEnvironments(out.value());
    if (!envs)
        return Result<Read>::failure(envs.error());
    for (const QString &name : {m_aws.blueEnvironment, m_aws.greenEnvironment}) {
        if (!envs->contains(name))
            return Result<Read>::failure(QStringLiteral("Elastic Beanstalk has no environment \"%1\"").arg(name));
    }
    const awsreply::BeanstalkEnvironment blue = envs->value(m_aws.blueEnvironment);
    const awsreply::BeanstalkEnvironment green = envs->value(m_aws.greenEnvironment);
    const QString live = bareName(m_aws.liveCname);
    std::optional<Colour> liveColour;
    if (bareName(blue.cname) == live)
        liveColour = Colour::Blue;
    else if (bareName(green.cname) == live)
        liveColour = Colour::Green;
    if (!liveColour)
        return Result<Read>::failure(QStringLiteral("neither environment holds the live CNAME %1: %2 has %3, %4 has %5")
                                         .arg(m_aws.liveCname, blue.name, blue.cname.left(200), green.name, green.cname.left(200)));
    const auto statusOf = [](const awsreply::BeanstalkEnvironment &e) {
        if (e.status == QLatin1String("Ready") && e.health == QLatin1String("Green"))
            return QStringLiteral("UP");
        return QStringLiteral("DOWN (%1, health %2)").arg(e.status, e.health.isEmpty() ? QStringLiteral("unknown") : e.health);
    };
    Read r;
    r.ready = blue.status == QLatin1String("Ready") && green.status == QLatin1String("Ready");
    r.statuses = QStringLiteral("%1 %2, %3 %4").arg(blue.name, blue.status, green.name, green.status);
    r.state.blueServers = m_blueHosts;
    r.state.greenServers = m_greenHosts;
    for (const QString &host : m_blueHosts)
        r.state.servers.insert(host, ServerState{host, *liveColour == Colour::Blue ? m_liveWeight : 0, statusOf(blue), 0, 0});
    for (const QString &host : m_greenHosts)
        r.state.servers.insert(host, ServerState{host, *liveColour == Colour::Green ? m_liveWeight : 0, statusOf(green), 0, 0});
    return r;
}

Result<RouterState> BeanstalkRouter::readRouter(const CancelToken &cancel)
{
    Result<Read> r = read(cancel);
    if (!r)
        return Result<RouterState>::failure(r.error(), r.code());
    return std::move(r).value().state;
}

Status BeanstalkRouter::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    if (percent > 0 && percent < 100)
        return Status::failure(QStringLiteral("a beanstalk router swaps CNAMEs, all traffic at once; %1 % was asked").arg(percent), ErrorCode::InvalidInput);
    const Colour live = percent >= 100 ? colour : otherColour(colour);
    const Result<Read> before = read(cancel);
    if (!before)
        return Status::failure(before.error(), before.code());
    // Already there (a rollback that finds the swap never happened): a swap would undo it.
    if (before->state.liveColour() == live)
        return {};
    if (!before->ready)
        return Status::failure(QStringLiteral("not swapping: an environment is not Ready (%1)").arg(before->statuses), ErrorCode::RefusedByRouter);
    const Result<QByteArray> swapped = m_cli.run(swapArgs(), cancel);
    if (!swapped)
        return Status::failure(swapped.error(), swapped.code());
    const QDeadlineTimer deadline(std::chrono::seconds(m_aws.changeTimeoutS));
    // Bounded by the deadline; every pause wakes on the cancel token.
    for (int poll = 1;; ++poll) {
        const Result<Read> now = read(cancel);
        if (!now)
            return Status::failure(now.error(), now.code());
        if (now->state.liveColour() == live && now->ready)
            return {};
        if (deadline.hasExpired())
            return Status::failure(QStringLiteral("the CNAME swap is not finished after %1 s (%2 reads: %3 holds %4; %5)")
                                       .arg(m_aws.changeTimeoutS)
                                       .arg(poll)
                                       .arg(now->state.liveColour() == Colour::Blue ? m_aws.blueEnvironment : m_aws.greenEnvironment, m_aws.liveCname, now->statuses),
                                   ErrorCode::TimedOut);
        if (!AwsCli::pause(static_cast<int>(std::min<qint64>(kPollMs, deadline.remainingTime())), cancel))
            return Status::failure(QStringLiteral("cancelled while waiting for the CNAME swap of %1 and %2").arg(m_aws.blueEnvironment, m_aws.greenEnvironment),
                                   ErrorCode::Aborted);
    }
}

QString BeanstalkRouter::readBackSays() const
{
    return QStringLiteral("Elastic Beanstalk reports");
}

} // namespace greenlight
