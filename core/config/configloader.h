#pragma once

#include "common/result.h"
#include "config/deploymentconfig.h"
#include "config/problemlist.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace greenlight {

// Reads and validates a deployment file. Every problem names its JSON path and line; all
// problems are reported at once (up to configlimits::kMaxProblems), not just the first.
// The boundary for hostile input: any file is refused or accepted in well under a second,
// within the limits of config/configlimits.h, and no input throws, crashes or hangs.
class ConfigLoader final
{
public:
    [[nodiscard]] Result<DeploymentConfig> loadFile(const QString &path);
    [[nodiscard]] Result<DeploymentConfig> parse(const QByteArray &json, const QString &sourceName);
    [[nodiscard]] const QList<ConfigProblem> &problems() const { return m_problems; }

    [[nodiscard]] static QString formatProblem(const QString &sourceName, const ConfigProblem &problem);

private:
    Result<DeploymentConfig> failure(const QString &sourceName, qsizetype dropped) const;

    QList<ConfigProblem> m_problems;
};

} // namespace greenlight
