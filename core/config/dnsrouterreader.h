#pragma once

#include "config/deploymentconfig.h"
#include "config/objectreader.h"

#include <functional>

namespace greenlight {

// The DNS routers' keys of /router (pdns, rfc2136), read by the config reader: each key is read
// whatever the type, so a key of another type is named ("applies only to ...").
// `resolvePath` makes a key file's path relative to the deployment file.
void readDnsRouterKeys(ObjectReader &r, RouterConfig &c, const std::function<QString(const QString &)> &resolvePath);

// What only the whole file shows: the colours' host addresses must be IPv4 addresses where the
// record carries them, and an rfc2136 router cannot take weighted steps (`weightsPointer` is
// the shift stage's /pipeline/N/weights, empty when the file has none).
void checkDnsRouter(const DeploymentConfig &config, const QString &weightsPointer, ProblemList &problems);

} // namespace greenlight
