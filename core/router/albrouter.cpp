#include "albrouter.h"

#include "router/awsreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace greenlight {

AlbRouter::AlbRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_cli(config.router.aws, &pool, lane), m_aws(config.router.aws), m_blueHosts(config.blue.hosts), m_greenHosts(config.green.hosts)
{
    for (const HostConfig &h : config.hosts)
        m_addressOf.insert(h.name, h.address);
}

QString AlbRouter::describe() const
{
    return QStringLiteral("ALB listener %1 (AWS CLI)").arg(m_aws.listenerArn);
}

QString AlbRouter::defaultActions(const ColourWeights &weights) const
{
    QJsonObject forward{{QStringLiteral("TargetGroups"),
                         QJsonArray{QJsonObject{{QStringLiteral("TargetGroupArn"), m_aws.blueTargetGroupArn}, {QStringLiteral("Weight"), weights.blue}},
                                    QJsonObject{{QStringLiteral("TargetGroupArn"), m_aws.greenTargetGroupArn}, {QStringLiteral("Weight"), weights.green}}}}};
    forward.insert(QStringLiteral("TargetGroupStickinessConfig"),
                   m_aws.stickinessS > 0 ? QJsonObject{{QStringLiteral("Enabled"), true}, {QStringLiteral("DurationSeconds"), m_aws.stickinessS}}
                                         : QJsonObject{{QStringLiteral("Enabled"), false}});
    const QJsonArray actions{QJsonObject{{QStringLiteral("Type"), QStringLiteral("forward")}, {QStringLiteral("ForwardConfig"), forward}}};
    return QString::fromUtf8(QJsonDocument(actions).toJson(QJsonDocument::Compact));
}

QStringList AlbRouter::modifyArgs(const ColourWeights &weights) const
{
    return {QStringLiteral("elbv2"), QStringLiteral("modify-listener"), QStringLiteral("--listener-arn"), m_aws.listenerArn,
            QStringLiteral("--default-actions"), defaultActions(weights)};
}

QString AlbRouter::weightCommand(Colour colour, int percent) const
{
    const Result<ColourWeights> weights = splitWeights(colour, percent, kMaxWeight);
    if (!weights)
        return QStringLiteral("(refused: %1)").arg(weights.error());
    return m_cli.commandLine(modifyArgs(weights.value()));
}

Result<RouterState> AlbRouter::readRouter(const CancelToken &cancel)
{
    const Result<QByteArray> out = m_cli.run({QStringLiteral("elbv2"), QStringLiteral("describe-listeners"), QStringLiteral("--listener-arns"), m_aws.listenerArn}, cancel);
    if (!out)
        return Result<RouterState>::failure(out.error(), out.code());
    const Result<QHash<QString, qint64>> weights = awsreply::albForwardWeights(out.value(), m_aws.listenerArn);
    if (!weights)
        return Result<RouterState>::failure(weights.error());
    for (auto it = weights->cbegin(); it != weights->cend(); ++it) {
        if (it.value() > 0 && it.key() != m_aws.blueTargetGroupArn && it.key() != m_aws.greenTargetGroupArn)
            return Result<RouterState>::failure(QStringLiteral("the listener also forwards to target group %1 (weight %2), which is neither colour's")
                                                    .arg(it.key().left(200))
                                                    .arg(it.value()));
    }
    QHash<QString, QString> health;
    for (const QString &arn : {m_aws.blueTargetGroupArn, m_aws.greenTargetGroupArn}) {
        const Result<QByteArray> h = m_cli.run({QStringLiteral("elbv2"), QStringLiteral("describe-target-health"), QStringLiteral("--target-group-arn"), arn}, cancel);
        if (!h)
            return Result<RouterState>::failure(h.error(), h.code());
        const Result<QHash<QString, QString>> states = awsreply::albTargetHealth(h.value());
        if (!states)
            return Result<RouterState>::failure(states.error());
        health.insert(states.value());
    }
    // A host whose address is no target of its group has no check to report (instance targets
    // are named by instance id, not address).
    const auto statusOf = [&](const QString &host) {
        const QString state = health.value(m_addressOf.value(host));
        if (state.isEmpty())
            return QStringLiteral("no check");
        return state == QLatin1String("healthy") ? QStringLiteral("UP") : QStringLiteral("DOWN (%1)").arg(state);
    };
    return stateFromColourWeights(m_blueHosts, m_greenHosts, weights->value(m_aws.blueTargetGroupArn), weights->value(m_aws.greenTargetGroupArn), statusOf);
}

Status AlbRouter::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    const Result<ColourWeights> weights = splitWeights(colour, percent, kMaxWeight);
    if (!weights)
        return Status::failure(weights.error(), weights.code());
    // One call sets both weights: the listener never forwards to nothing.
    const Result<QByteArray> out = m_cli.run(modifyArgs(weights.value()), cancel);
    if (!out)
        return Status::failure(out.error(), out.code());
    return {};
}

QString AlbRouter::readBackSays() const
{
    return QStringLiteral("the ALB listener reports");
}

} // namespace greenlight
