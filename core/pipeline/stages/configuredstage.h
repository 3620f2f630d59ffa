#pragma once

#include "config/deploymentconfig.h"
#include "pipeline/stages/stage.h"

namespace greenlight {

// A stage of the deployment file's pipeline: its settings from the file, and its name from
// their kind (the file's own name for it).
class ConfiguredStage : public Stage
{
public:
    explicit ConfiguredStage(const StageConfig &config) : m_config(config) {}

    [[nodiscard]] QString name() const final { return stageKindName(m_config.kind); }

protected:
    const StageConfig &m_config;
};

} // namespace greenlight
