#pragma once

#include "config/deploymentconfig.h"
#include "config/problemlist.h"

#include <nlohmann/json.hpp>

namespace greenlight {

// Reads a parsed deployment file against its schema. Every problem goes to `problems` with its
// JSON path (lines are added by the loader). Relative paths are resolved against baseDir.
// Private to the config loader.
[[nodiscard]] DeploymentConfig readDeploymentConfig(const nlohmann::json &root, const QString &baseDir, ProblemList &problems);

} // namespace greenlight
