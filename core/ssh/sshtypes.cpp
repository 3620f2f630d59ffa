#include "sshtypes.h"

#include <QStringList>

namespace greenlight {

static QString lastLine(const QByteArray &bytes)
{
    const QStringList lines = QString::fromUtf8(bytes).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

QString CommandResult::summary() const
{
    if (error != CommandError::None)
        return QStringLiteral("%1: %2").arg(host, errorMessage);
    if (!exitSignal.isEmpty())
        return QStringLiteral("%1: killed by signal %2").arg(host, exitSignal);
    if (exitCode == 0)
        return QStringLiteral("%1: ok (%2 ms)").arg(host, QString::number(durationMs));
    QString detail = lastLine(stderrTail);
    if (detail.isEmpty())
        detail = lastLine(stdoutTail);
    return detail.isEmpty() ? QStringLiteral("%1: exit %2").arg(host, QString::number(exitCode))
                            : QStringLiteral("%1: exit %2: %3").arg(host, QString::number(exitCode), detail);
}

} // namespace greenlight
