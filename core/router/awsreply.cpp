#include "awsreply.h"

#include "config/jsonguard.h"
#include "dns/dnsmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace greenlight::awsreply {

namespace {

constexpr qsizetype kMaxReplyBytes = 1 << 20;

Result<QJsonObject> parse(const QByteArray &json, const char *call)
{
    const QString what = QLatin1String(call);
    if (json.size() > kMaxReplyBytes)
        return Result<QJsonObject>::failure(QStringLiteral("the answer to %1 is larger than %2 bytes").arg(what).arg(kMaxReplyBytes));
    // Bounded before parsing: nesting, entries, string lengths (the parser never recurses deep).
    if (ProblemList problems = JsonGuard::check(json); !problems.isEmpty()) {
        const ConfigProblem &p = problems.items().constFirst();
        return Result<QJsonObject>::failure(QStringLiteral("the answer to %1 is not JSON the AWS CLI prints: %2 at %3").arg(what, p.message, p.pointer));
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Result<QJsonObject>::failure(QStringLiteral("the answer to %1 is not a JSON object%2")
                                                .arg(what, error.error != QJsonParseError::NoError ? QStringLiteral(": ") + error.errorString() : QString()));
    return doc.object();
}

QString shortText(const QString &s)
{
    return s.size() > 200 ? s.left(200) + QStringLiteral("…") : s;
}

} // namespace

Result<QList<WeightedRecord>> route53Records(const QByteArray &json, const QString &name, const QString &type)
{
    const Result<QJsonObject> root = parse(json, "route53 list-resource-record-sets");
    if (!root)
        return Result<QList<WeightedRecord>>::failure(root.error());
    const QJsonValue sets = root->value(QLatin1String("ResourceRecordSets"));
    if (!sets.isArray())
        return Result<QList<WeightedRecord>>::failure(QStringLiteral("the answer to route53 list-resource-record-sets has no ResourceRecordSets list"));
    QList<WeightedRecord> out;
    for (const QJsonValue &v : sets.toArray()) {
        const QJsonObject set = v.toObject();
        // Route 53 answers names with a final dot and escapes some characters (\052 for *):
        // compared canonically.
        if (dns::canonicalName(set.value(QLatin1String("Name")).toString()) != name || set.value(QLatin1String("Type")).toString() != type)
            continue;
        WeightedRecord r;
        r.setIdentifier = set.value(QLatin1String("SetIdentifier")).toString();
        const QJsonValue weight = set.value(QLatin1String("Weight"));
        if (weight.isDouble()) {
            const double w = weight.toDouble();
            if (w < 0 || w > 255 || w != static_cast<double>(static_cast<qint64>(w)))
                return Result<QList<WeightedRecord>>::failure(QStringLiteral("record %1 (%2) has weight %3, outside Route 53's 0..255")
                                                                  .arg(name, shortText(r.setIdentifier)).arg(w));
            r.weight = static_cast<qint64>(w);
        }
        for (const QJsonValue &rr : set.value(QLatin1String("ResourceRecords")).toArray())
            r.values << rr.toObject().value(QLatin1String("Value")).toString();
        out << r;
    }
    return out;
}

Result<ChangeInfo> route53Change(const QByteArray &json)
{
    const Result<QJsonObject> root = parse(json, "route53 get-change");
    if (!root)
        return Result<ChangeInfo>::failure(root.error());
    const QJsonObject info = root->value(QLatin1String("ChangeInfo")).toObject();
    ChangeInfo c{info.value(QLatin1String("Id")).toString(), info.value(QLatin1String("Status")).toString()};
    if (c.id.isEmpty() || (c.status != QLatin1String("PENDING") && c.status != QLatin1String("INSYNC")))
        return Result<ChangeInfo>::failure(QStringLiteral("Route 53's answer has no ChangeInfo with an Id and a Status PENDING or INSYNC (Status \"%1\")")
                                               .arg(shortText(c.status)));
    return c;
}

Result<QHash<QString, qint64>> albForwardWeights(const QByteArray &json, const QString &listenerArn)
{
    using Out = Result<QHash<QString, qint64>>;
    const Result<QJsonObject> root = parse(json, "elbv2 describe-listeners");
    if (!root)
        return Out::failure(root.error());
    for (const QJsonValue &v : root->value(QLatin1String("Listeners")).toArray()) {
        const QJsonObject listener = v.toObject();
        if (listener.value(QLatin1String("ListenerArn")).toString() != listenerArn)
            continue;
        const QJsonArray actions = listener.value(QLatin1String("DefaultActions")).toArray();
        QHash<QString, qint64> weights;
        for (const QJsonValue &a : actions) {
            const QJsonObject action = a.toObject();
            if (action.value(QLatin1String("Type")).toString() != QLatin1String("forward"))
                continue;
            const QJsonArray groups = action.value(QLatin1String("ForwardConfig")).toObject().value(QLatin1String("TargetGroups")).toArray();
            // A forward to one group may come as TargetGroupArn alone: all traffic to it.
            if (groups.isEmpty() && action.value(QLatin1String("TargetGroupArn")).isString()) {
                weights.insert(action.value(QLatin1String("TargetGroupArn")).toString(), 1);
                continue;
            }
            for (const QJsonValue &g : groups) {
                const QJsonObject group = g.toObject();
                const QString arn = group.value(QLatin1String("TargetGroupArn")).toString();
                const QJsonValue weight = group.value(QLatin1String("Weight"));
                const double w = weight.isUndefined() ? 1 : weight.toDouble(-1);
                if (arn.isEmpty() || w < 0 || w > 999 || w != static_cast<double>(static_cast<qint64>(w)))
                    return Out::failure(QStringLiteral("the listener's forward action has a target group without an ARN or with a weight outside 0..999"));
                weights[arn] += static_cast<qint64>(w);
                if (weights.value(arn) > 999)
                    return Out::failure(QStringLiteral("the listener's forward action gives one target group more than 999 in all"));
            }
        }
        if (weights.isEmpty())
            return Out::failure(QStringLiteral("the listener %1 has no forward action among its default actions").arg(shortText(listenerArn)));
        return weights;
    }
    return Out::failure(QStringLiteral("elbv2 describe-listeners does not list the listener %1").arg(shortText(listenerArn)));
}

Result<QHash<QString, QString>> albTargetHealth(const QByteArray &json)
{
    using Out = Result<QHash<QString, QString>>;
    const Result<QJsonObject> root = parse(json, "elbv2 describe-target-health");
    if (!root)
        return Out::failure(root.error());
    const QJsonValue list = root->value(QLatin1String("TargetHealthDescriptions"));
    if (!list.isArray())
        return Out::failure(QStringLiteral("the answer to elbv2 describe-target-health has no TargetHealthDescriptions list"));
    QHash<QString, QString> out;
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject d = v.toObject();
        const QString id = d.value(QLatin1String("Target")).toObject().value(QLatin1String("Id")).toString();
        const QString state = d.value(QLatin1String("TargetHealth")).toObject().value(QLatin1String("State")).toString();
        if (id.isEmpty() || state.isEmpty())
            return Out::failure(QStringLiteral("elbv2 describe-target-health lists a target without an Id or a State"));
        out.insert(shortText(id), shortText(state));
    }
    return out;
}

Result<QHash<QString, BeanstalkEnvironment>> beanstalkEnvironments(const QByteArray &json)
{
    using Out = Result<QHash<QString, BeanstalkEnvironment>>;
    const Result<QJsonObject> root = parse(json, "elasticbeanstalk describe-environments");
    if (!root)
        return Out::failure(root.error());
    const QJsonValue list = root->value(QLatin1String("Environments"));
    if (!list.isArray())
        return Out::failure(QStringLiteral("the answer to elasticbeanstalk describe-environments has no Environments list"));
    QHash<QString, BeanstalkEnvironment> out;
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject e = v.toObject();
        BeanstalkEnvironment env{e.value(QLatin1String("EnvironmentName")).toString(), e.value(QLatin1String("CNAME")).toString(),
                                 shortText(e.value(QLatin1String("Status")).toString()), shortText(e.value(QLatin1String("Health")).toString())};
        if (env.name.isEmpty())
            return Out::failure(QStringLiteral("elasticbeanstalk describe-environments lists an environment without a name"));
        // A terminated environment keeps its name for a while: the live one wins.
        if (env.status == QLatin1String("Terminated") || env.status == QLatin1String("Terminating"))
            continue;
        out.insert(env.name, env);
    }
    return out;
}

} // namespace greenlight::awsreply
