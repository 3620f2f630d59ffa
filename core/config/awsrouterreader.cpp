#include "awsrouterreader.h"

#include "dns/dnsmessage.h"

#include <QHostAddress>
#include <QUrl>

namespace greenlight {

namespace {

constexpr int kMaxStickinessS = 604800; // ELBv2's limit: 7 days

bool isIpv4(const QString &s)
{
    return QHostAddress(s).protocol() == QAbstractSocket::IPv4Protocol;
}

// The keys of one type: named when the file is of another type.
void onlyFor(ObjectReader &r, const nlohmann::json &object, bool applies, std::initializer_list<const char *> keys, const char *typeName)
{
    if (applies)
        return;
    for (const char *key : keys) {
        if (object.contains(key))
            r.problem(r.pointerOf(key), QStringLiteral("applies only to \"type\": \"%1\"").arg(QLatin1String(typeName)));
    }
}

void requireArn(ObjectReader &r, const char *key, const QString &value, const char *kind)
{
    if (!value.isEmpty() && (!value.startsWith(QLatin1String("arn:")) || !value.contains(QLatin1String(kind))))
        r.problem(r.pointerOf(key), QStringLiteral("expected an ELBv2 %1 ARN (\"arn:aws:elasticloadbalancing:…:%1/…\"), found \"%2\"")
                                        .arg(QLatin1String(kind), value));
}

} // namespace

void readAwsRouterKeys(ObjectReader &r, const nlohmann::json &object, RouterConfig &c, bool typeKnown)
{
    const bool route53 = c.type == RouterType::Route53;
    const bool alb = c.type == RouterType::Alb;
    const bool beanstalk = c.type == RouterType::Beanstalk;
    const bool aws = route53 || alb || beanstalk;
    AwsRouterConfig &a = c.aws;
    a.command = r.string("aws_command", false, a.command);
    a.profile = r.string("profile", false);
    a.region = r.string("region", false);
    a.endpointUrl = r.string("endpoint_url", false);
    a.runOn = r.string("run_on", false);
    a.changeTimeoutS = r.integer("change_timeout_s", 1, 3600, a.changeTimeoutS);
    a.hostedZoneId = r.string("hosted_zone_id", route53);
    const QString recordName = r.string("record_name", route53);
    a.blueValue = r.string("blue_value", route53);
    a.greenValue = r.string("green_value", route53);
    a.recordTtl = r.integer("record_ttl", 0, 2147483647, a.recordTtl);
    a.listenerArn = r.string("listener_arn", alb);
    a.blueTargetGroupArn = r.string("blue_target_group_arn", alb);
    a.greenTargetGroupArn = r.string("green_target_group_arn", alb);
    a.stickinessS = r.integer("stickiness_s", 0, kMaxStickinessS, a.stickinessS);
    a.blueEnvironment = r.string("blue_environment", beanstalk);
    a.greenEnvironment = r.string("green_environment", beanstalk);
    a.liveCname = r.string("live_cname", beanstalk);

    if (!typeKnown)
        return;
    onlyFor(r, object, aws, {"aws_command", "profile", "region", "endpoint_url", "run_on"}, "route53\", \"alb\" or \"beanstalk");
    onlyFor(r, object, route53 || beanstalk, {"change_timeout_s"}, "route53\" or \"beanstalk");
    onlyFor(r, object, route53, {"hosted_zone_id", "record_name", "blue_value", "green_value", "record_ttl"}, "route53");
    onlyFor(r, object, alb, {"listener_arn", "blue_target_group_arn", "green_target_group_arn", "stickiness_s"}, "alb");
    onlyFor(r, object, beanstalk, {"blue_environment", "green_environment", "live_cname"}, "beanstalk");
    if (!aws)
        return;

    if (!a.endpointUrl.isEmpty()) {
        const QUrl url(a.endpointUrl);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
            r.problem(r.pointerOf("endpoint_url"), QStringLiteral("expected an http:// or https:// URL, found \"%1\"").arg(a.endpointUrl));
    }
    for (const char *key : {"profile", "region"}) {
        const QString value = key[0] == 'p' ? a.profile : a.region;
        if (value.startsWith(QLatin1Char('-')) || value.contains(QLatin1Char(' ')))
            r.problem(r.pointerOf(key), QStringLiteral("\"%1\" is not a profile or region name").arg(value));
    }
    if (route53) {
        if (!a.hostedZoneId.isEmpty() && (a.hostedZoneId.startsWith(QLatin1Char('-')) || a.hostedZoneId.contains(QLatin1Char(' '))))
            r.problem(r.pointerOf("hosted_zone_id"), QStringLiteral("\"%1\" is not a hosted zone id").arg(a.hostedZoneId));
        a.recordName = dns::canonicalName(recordName);
        if (!recordName.isEmpty() && a.recordName.isEmpty())
            r.problem(r.pointerOf("record_name"), QStringLiteral("\"%1\" is not a DNS name").arg(recordName));
        const bool addresses = isIpv4(a.blueValue) && isIpv4(a.greenValue);
        a.recordType = addresses ? QStringLiteral("A") : QStringLiteral("CNAME");
        if (!addresses) {
            for (const char *key : {"blue_value", "green_value"}) {
                const QString value = key[0] == 'b' ? a.blueValue : a.greenValue;
                if (!value.isEmpty() && dns::canonicalName(value).isEmpty())
                    r.problem(r.pointerOf(key), QStringLiteral("expected a DNS name (a CNAME target), or IPv4 addresses in both values, found \"%1\"").arg(value));
            }
        }
        if (!a.blueValue.isEmpty() && a.blueValue == a.greenValue)
            r.problem(r.pointerOf("green_value"), QStringLiteral("the same as blue_value; the colours must differ"));
    }
    if (alb) {
        requireArn(r, "listener_arn", a.listenerArn, "listener");
        requireArn(r, "blue_target_group_arn", a.blueTargetGroupArn, "targetgroup");
        requireArn(r, "green_target_group_arn", a.greenTargetGroupArn, "targetgroup");
        if (!a.blueTargetGroupArn.isEmpty() && a.blueTargetGroupArn == a.greenTargetGroupArn)
            r.problem(r.pointerOf("green_target_group_arn"), QStringLiteral("the same as blue_target_group_arn; the colours must differ"));
    }
    for (const char *key : {"blue_environment", "green_environment"}) {
        const QString value = key[0] == 'b' ? a.blueEnvironment : a.greenEnvironment;
        if (beanstalk && (value.startsWith(QLatin1Char('-')) || value.contains(QLatin1Char(' '))))
            r.problem(r.pointerOf(key), QStringLiteral("\"%1\" is not an environment name").arg(value));
    }
    if (beanstalk && !a.blueEnvironment.isEmpty() && a.blueEnvironment == a.greenEnvironment)
        r.problem(r.pointerOf("green_environment"), QStringLiteral("the same as blue_environment; the colours must differ"));
}

void checkAwsRouter(const DeploymentConfig &config, const QString &weightsPointer, ProblemList &problems)
{
    if (const QString &host = config.router.aws.runOn; !host.isEmpty() && !config.host(host))
        problems.add(QStringLiteral("/router/run_on"), QStringLiteral("\"%1\" is not a host under /hosts").arg(host));
    if (config.router.type != RouterType::Beanstalk)
        return;
    const StageConfig *shift = config.stage(StageKind::Shift);
    if (shift && shift->weights != QList<int>{100})
        problems.add(weightsPointer.isEmpty() ? QStringLiteral("/pipeline") : weightsPointer,
                     QStringLiteral("a beanstalk router swaps the environments' CNAMEs, all traffic at once; use \"weights\": [100], "
                                    "or a route53 or alb router for steps"));
}

} // namespace greenlight
