#pragma once

// What the headless verbs share: the options every verb takes and reading them.

#include "config/deploymentconfig.h"
#include "ssh/sshtypes.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <optional>

namespace greenlight {

class DeploymentController;

struct Common
{
    std::optional<DeploymentConfig> config;
    bool json = false;
    HostKeyPolicy policy = HostKeyPolicy::Strict;
};

// --config, --json, --accept-new-host-keys, --help.
void addCommonOptions(QCommandLineParser &parser);
// Parses `args` and loads the deployment file; nothing (after saying why on `err`) on failure.
[[nodiscard]] std::optional<Common> parseCommon(QCommandLineParser &parser, const QStringList &args, QTextStream &err);
// Connects, reads the router once and returns the live colour; nothing when traffic is split
// or the router cannot be read, `why` saying which. Changes nothing.
[[nodiscard]] std::optional<Colour> readLiveColour(DeploymentController &controller, QString &why);

} // namespace greenlight
