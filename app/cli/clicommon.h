#pragma once

// What the headless verbs share: the options every verb on a deployment file takes, and reading them.

#include "common/result.h"
#include "config/deploymentconfig.h"
#include "ssh/sshtypes.h"

#include <optional>

namespace greenlight {

class DeploymentController;
class VerbArgs;

struct Common
{
    DeploymentConfig config;
    bool json = false;
    HostKeyPolicy policy = HostKeyPolicy::Strict;
    QString configPath;
    QString configSource; // "option" (--config), "cwd" (./greenlight.json) or "environment" ($GREENLIGHT_CONFIG)
};

// The deployment file a verb reads when --config is not given: ./greenlight.json, then
// $GREENLIGHT_CONFIG.
inline constexpr const char *kDefaultConfigFile = "greenlight.json";
inline constexpr const char *kConfigVariable = "GREENLIGHT_CONFIG";
struct ConfigChoice
{
    QString path;   // empty: none found
    QString source; // "option", "cwd" or "environment"
};
// `option`: --config's value, empty when not given.
[[nodiscard]] ConfigChoice chooseConfig(const QString &option);

// --config (-c), --json, --accept-new-host-keys.
void addCommonOptions(VerbArgs &args);
// After a successful parse: the deployment file (--config, else the default) loaded, and the
// common flags. Nothing connects.
[[nodiscard]] Result<Common> loadCommon(const VerbArgs &args);
// Why VERSION on the command line cannot be deployed or planned (empty when it can): the
// window's rules (common/versiontext.h), and not a command's name (`deploy deploy 1.0`).
[[nodiscard]] QString versionArgumentProblem(const QString &version);
// Connects, reads the router once and returns the live colour; nothing when traffic is split
// or the router cannot be read, `why` saying which. Changes nothing.
[[nodiscard]] std::optional<Colour> readLiveColour(DeploymentController &controller, QString &why);

} // namespace greenlight
