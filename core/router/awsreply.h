#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

// What the AWS CLI prints (--output json) for the calls the AWS routers make, read into what they
// need. The CLI's output is outside text: each reader bounds it (size, nesting, entries) before
// parsing and refuses anything unexpected with a message (fuzzed: fuzz_awsreply).
namespace awsreply {

// One weighted record of a name in `list-resource-record-sets`.
struct WeightedRecord
{
    QString setIdentifier;
    qint64 weight = -1; // -1: the record has no weight
    QStringList values;
};
// The records named `name` (canonical, "www.example.com.") of type `type` in a
// `list-resource-record-sets` answer.
[[nodiscard]] Result<QList<WeightedRecord>> route53Records(const QByteArray &json, const QString &name, const QString &type);

// ChangeInfo of `change-resource-record-sets` and `get-change`: its Id and Status (PENDING, INSYNC).
struct ChangeInfo
{
    QString id;
    QString status;
};
[[nodiscard]] Result<ChangeInfo> route53Change(const QByteArray &json);

// The listener's forward action in `describe-listeners`: target group ARN → weight.
[[nodiscard]] Result<QHash<QString, qint64>> albForwardWeights(const QByteArray &json, const QString &listenerArn);
// `describe-target-health`: target id → state (healthy, unhealthy, draining, …).
[[nodiscard]] Result<QHash<QString, QString>> albTargetHealth(const QByteArray &json);

struct BeanstalkEnvironment
{
    QString name;
    QString cname;
    QString status; // Ready, Updating, …
    QString health; // Green, Yellow, Red, Grey
};
// `describe-environments`: the environments it lists, by name.
[[nodiscard]] Result<QHash<QString, BeanstalkEnvironment>> beanstalkEnvironments(const QByteArray &json);

} // namespace awsreply

} // namespace greenlight
