#pragma once

#include "config/deploymentconfig.h"

#include <QStringList>

namespace greenlight {

class RouterAdapter;

// Every command, host and router change a deploy would make, in order, nothing run
// (`greenlight plan`). Built from the same expansions the pipeline uses.
class DeployPlan final
{
public:
    struct Step
    {
        QString stage;
        QString where;  // a host, the router, or empty
        QString what;   // the command line or the check
    };

    [[nodiscard]] static QList<Step> build(const DeploymentConfig &config, const RouterAdapter &router, Colour live,
                                           const QString &version);
};

} // namespace greenlight
