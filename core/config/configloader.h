#pragma once

#include "common/result.h"
#include "config/deploymentconfig.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace greenlight {

struct ConfigProblem
{
    QString pointer; // JSON pointer of the offending value; empty for syntax errors
    int line = 0;
    int column = 0;
    QString message;
};

// Reads and validates a deployment file. Every problem names its JSON path and line;
// all problems are reported at once, not just the first.
class ConfigLoader final
{
public:
    [[nodiscard]] Result<DeploymentConfig> loadFile(const QString &path);
    [[nodiscard]] Result<DeploymentConfig> parse(const QByteArray &json, const QString &sourceName);
    [[nodiscard]] const QList<ConfigProblem> &problems() const { return m_problems; }

    [[nodiscard]] static QString formatProblem(const QString &sourceName, const ConfigProblem &problem);

private:
    QList<ConfigProblem> m_problems;
};

} // namespace greenlight
