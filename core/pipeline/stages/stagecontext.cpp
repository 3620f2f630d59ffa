#include "stagecontext.h"

#include "journal/journal.h"
#include "pipeline/hookrunner.h"
#include "pipeline/runreporter.h"
#include "pipeline/waits.h"

#include <QElapsedTimer>

namespace greenlight {

QHash<QString, QString> StageContext::hookVariables(const QString &stage) const
{
    return {{QStringLiteral("GL_DEPLOYMENT"), config.name},
            {QStringLiteral("GL_VERSION"), version},
            {QStringLiteral("GL_FROM_COLOUR"), colourName(live)},
            {QStringLiteral("GL_TO_COLOUR"), colourName(idle())},
            {QStringLiteral("GL_HOSTS"), config.environment(idle()).hosts.join(QLatin1Char(' '))},
            {QStringLiteral("GL_OPERATOR"), Journal::operatorName()},
            {QStringLiteral("GL_STAGE"), stage}};
}

Status StageContext::runCommand(const QString &stage, const QString &step, const HookConfig &command,
                                const QHash<QString, QString> &variables)
{
    const QString where = command.host.isEmpty() ? QStringLiteral("local") : command.host;
    // The command line says what runs, unless the step is named by it already (a hook).
    report.step(stage, step, where, StepState::Running, step == command.command ? QString() : command.command);
    QElapsedTimer clock;
    clock.start();
    HookRunner runner(pool, variables);
    const Status ran = runner.run(command, cancel, [&](const QString &, const QString &line) { report.log(stage, step, where, line); });
    report.step(stage, step, where, ran ? StepState::Succeeded : StepState::Failed, ran.error(), clock.elapsed());
    return ran;
}

QString StageContext::cancelledOr(const QString &message) const
{
    return cancel.isCancelled() ? stopMessage(cancel.reason()) : message;
}

} // namespace greenlight
