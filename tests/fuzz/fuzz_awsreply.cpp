// libFuzzer target: what the AWS CLI prints (--output json) for the calls the AWS routers read:
// route53 list-resource-record-sets and get-change, elbv2 describe-listeners and
// describe-target-health, elasticbeanstalk describe-environments. One input is given to every
// reader. An accepted answer holds only values in the services' ranges.
#include "fuzzcheck.h"
#include "router/awsreply.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    const QByteArray json(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    const auto records = awsreply::route53Records(json, QStringLiteral("www.shop.test."), QStringLiteral("CNAME"));
    fuzz::checkRefusal(records);
    if (records) {
        for (const awsreply::WeightedRecord &r : records.value())
            fuzz::check(r.weight >= -1 && r.weight <= 255, "a record's weight is absent or within Route 53's 0..255");
    }
    const auto change = awsreply::route53Change(json);
    fuzz::checkRefusal(change);
    if (change)
        fuzz::check(!change->id.isEmpty() && (change->status == QLatin1String("PENDING") || change->status == QLatin1String("INSYNC")),
                    "an accepted change has an id and a known status");
    const auto forward = awsreply::albForwardWeights(json, QStringLiteral("arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/shop/1/2"));
    fuzz::checkRefusal(forward);
    if (forward) {
        fuzz::check(!forward->isEmpty(), "an accepted forward action has target groups");
        for (const qint64 w : forward.value())
            fuzz::check(w >= 0 && w <= 999, "forward weights are within ELBv2's 0..999");
    }
    const auto health = awsreply::albTargetHealth(json);
    fuzz::checkRefusal(health);
    if (health) {
        for (auto it = health->cbegin(); it != health->cend(); ++it)
            fuzz::check(!it.key().isEmpty() && !it.value().isEmpty() && it.key().size() <= 201 && it.value().size() <= 201,
                        "targets have a bounded id and state");
    }
    const auto envs = awsreply::beanstalkEnvironments(json);
    fuzz::checkRefusal(envs);
    if (envs) {
        for (auto it = envs->cbegin(); it != envs->cend(); ++it)
            fuzz::check(!it.key().isEmpty() && it->status.size() <= 201 && it->health.size() <= 201, "environments are named, with bounded statuses");
    }
    return 0;
}
