#pragma once

#include "config/deploymentconfig.h"
#include "config/objectreader.h"

namespace greenlight {

// The AWS routers' keys of /router (route53, alb, beanstalk), read by the config reader: each key
// is read whatever the type, so a key of another type is named ("applies only to ...") when the
// file's type is one Greenlight knows (`typeKnown`).
void readAwsRouterKeys(ObjectReader &r, const nlohmann::json &object, RouterConfig &c, bool typeKnown);

// What only the whole file shows: a beanstalk router swaps CNAMEs, so it cannot take weighted
// steps (`weightsPointer` is the shift stage's /pipeline/N/weights, empty when the file has none).
void checkAwsRouter(const DeploymentConfig &config, const QString &weightsPointer, ProblemList &problems);

} // namespace greenlight
