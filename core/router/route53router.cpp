#include "route53router.h"

#include "dns/dnsmessage.h"
#include "router/awsreply.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace greenlight {

namespace {
constexpr int kPollMs = 1000; // between two get-change calls (each takes ~0.7 s itself)
const QString kBlueId = QStringLiteral("blue");
const QString kGreenId = QStringLiteral("green");

// Route 53 answers a CNAME target with a final dot whether or not it was written with one.
bool sameValue(const QString &a, const QString &b)
{
    const QString ca = dns::canonicalName(a);
    return ca.isEmpty() ? a == b : ca == dns::canonicalName(b);
}
} // namespace

Route53Router::Route53Router(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_cli(config.router.aws, &pool, lane), m_aws(config.router.aws), m_blueHosts(config.blue.hosts), m_greenHosts(config.green.hosts)
{
}

QString Route53Router::describe() const
{
    return QStringLiteral("Route 53 weighted records %1 %2 in hosted zone %3 (AWS CLI)").arg(m_aws.recordName, m_aws.recordType, m_aws.hostedZoneId);
}

QString Route53Router::changeBatch(const ColourWeights &weights) const
{
    const auto change = [this](const QString &id, int weight, const QString &value) {
        const QJsonObject set{{QStringLiteral("Name"), m_aws.recordName},
                              {QStringLiteral("Type"), m_aws.recordType},
                              {QStringLiteral("SetIdentifier"), id},
                              {QStringLiteral("Weight"), weight},
                              {QStringLiteral("TTL"), m_aws.recordTtl},
                              {QStringLiteral("ResourceRecords"), QJsonArray{QJsonObject{{QStringLiteral("Value"), value}}}}};
        return QJsonObject{{QStringLiteral("Action"), QStringLiteral("UPSERT")}, {QStringLiteral("ResourceRecordSet"), set}};
    };
    // One batch: Route 53 applies it whole or not at all.
    const QJsonObject batch{{QStringLiteral("Comment"), QStringLiteral("greenlight: blue %1 / green %2").arg(weights.blue).arg(weights.green)},
                            {QStringLiteral("Changes"), QJsonArray{change(kBlueId, weights.blue, m_aws.blueValue), change(kGreenId, weights.green, m_aws.greenValue)}}};
    return QString::fromUtf8(QJsonDocument(batch).toJson(QJsonDocument::Compact));
}

QStringList Route53Router::changeArgs(const ColourWeights &weights) const
{
    return {QStringLiteral("route53"), QStringLiteral("change-resource-record-sets"), QStringLiteral("--hosted-zone-id"), m_aws.hostedZoneId,
            QStringLiteral("--change-batch"), changeBatch(weights)};
}

QString Route53Router::weightCommand(Colour colour, int percent) const
{
    const Result<ColourWeights> weights = splitWeights(colour, percent, kMaxWeight);
    if (!weights)
        return QStringLiteral("(refused: %1)").arg(weights.error());
    return QStringLiteral("%1, then route53 get-change until INSYNC (at most %2 s)").arg(m_cli.commandLine(changeArgs(weights.value()))).arg(m_aws.changeTimeoutS);
}

Result<RouterState> Route53Router::readRouter(const CancelToken &cancel)
{
    const Result<QByteArray> out = m_cli.run({QStringLiteral("route53"), QStringLiteral("list-resource-record-sets"), QStringLiteral("--hosted-zone-id"),
                                              m_aws.hostedZoneId, QStringLiteral("--start-record-name"), m_aws.recordName,
                                              QStringLiteral("--start-record-type"), m_aws.recordType, QStringLiteral("--max-items"), QStringLiteral("20")},
                                             cancel);
    if (!out)
        return Result<RouterState>::failure(out.error(), out.code());
    const Result<QList<awsreply::WeightedRecord>> records = awsreply::route53Records(out.value(), m_aws.recordName, m_aws.recordType);
    if (!records)
        return Result<RouterState>::failure(records.error());
    qint64 blue = -1;
    qint64 green = -1;
    for (const awsreply::WeightedRecord &r : records.value()) {
        const bool isBlue = r.setIdentifier == kBlueId;
        if (!isBlue && r.setIdentifier != kGreenId) {
            if (r.weight != 0)
                return Result<RouterState>::failure(QStringLiteral("%1 %2 has a record \"%3\" (weight %4) besides blue and green: it takes traffic Greenlight does not steer")
                                                        .arg(m_aws.recordName, m_aws.recordType, r.setIdentifier.left(100))
                                                        .arg(r.weight));
            continue;
        }
        const QString &wanted = isBlue ? m_aws.blueValue : m_aws.greenValue;
        if (r.weight < 0 || r.values.size() != 1 || !sameValue(r.values.constFirst(), wanted))
            return Result<RouterState>::failure(QStringLiteral("the %1 record of %2 is not the weighted record the deployment file describes: it answers \"%3\"%4, the file says \"%5\"")
                                                    .arg(r.setIdentifier, m_aws.recordName, r.values.join(QStringLiteral(" ")).left(200),
                                                         r.weight < 0 ? QStringLiteral(" without a weight") : QString(), wanted));
        (isBlue ? blue : green) = r.weight;
    }
    if (blue < 0 || green < 0)
        return Result<RouterState>::failure(QStringLiteral("hosted zone %1 has no weighted %2 record %3 with SetIdentifier \"%4\"; create both (blue and green) first")
                                                .arg(m_aws.hostedZoneId, m_aws.recordType, m_aws.recordName, blue < 0 ? kBlueId : kGreenId));
    return stateFromColourWeights(m_blueHosts, m_greenHosts, blue, green, [](const QString &) { return QStringLiteral("no check"); });
}

Status Route53Router::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    const Result<ColourWeights> weights = splitWeights(colour, percent, kMaxWeight);
    if (!weights)
        return Status::failure(weights.error(), weights.code());
    const Result<QByteArray> out = m_cli.run(changeArgs(weights.value()), cancel);
    if (!out)
        return Status::failure(out.error(), out.code());
    const Result<awsreply::ChangeInfo> change = awsreply::route53Change(out.value());
    if (!change)
        return Status::failure(change.error(), ErrorCode::RefusedByRouter);
    if (change->status == QLatin1String("INSYNC"))
        return {};
    return waitInSync(change->id, cancel);
}

Status Route53Router::waitInSync(const QString &changeId, const CancelToken &cancel) const
{
    const QDeadlineTimer deadline(std::chrono::seconds(m_aws.changeTimeoutS));
    // Bounded by the deadline; every pause wakes on the cancel token.
    for (int poll = 1;; ++poll) {
        if (!AwsCli::pause(static_cast<int>(std::min<qint64>(kPollMs, deadline.remainingTime())), cancel))
            return Status::failure(QStringLiteral("cancelled while waiting for Route 53 change %1 to be INSYNC").arg(changeId), ErrorCode::Aborted);
        const Result<QByteArray> out = m_cli.run({QStringLiteral("route53"), QStringLiteral("get-change"), QStringLiteral("--id"), changeId}, cancel);
        if (!out)
            return Status::failure(out.error(), out.code());
        const Result<awsreply::ChangeInfo> change = awsreply::route53Change(out.value());
        if (!change)
            return Status::failure(change.error(), ErrorCode::RefusedByRouter);
        if (change->status == QLatin1String("INSYNC"))
            return {};
        if (deadline.hasExpired())
            return Status::failure(QStringLiteral("Route 53 change %1 is still %2 after %3 s (%4 polls); the records may still change: check with `greenlight status`")
                                       .arg(changeId, change->status)
                                       .arg(m_aws.changeTimeoutS)
                                       .arg(poll),
                                   ErrorCode::TimedOut);
    }
}

QString Route53Router::readBackSays() const
{
    return QStringLiteral("Route 53 reports");
}

} // namespace greenlight
