#pragma once

// Every object `greenlight --json` prints, one function per `type`: each always carries the
// same fields (an absent value is "" or null, never a missing key), as docs/cli-json.md
// documents them with a JSON Schema each (tst_clijson checks every line against it).

#include "model/fleetsnapshot.h"
#include "model/hoststatus.h"
#include "model/pipelineevent.h"
#include "model/recoveryreport.h"

#include <QJsonObject>
#include <QTextStream>

namespace greenlight {

struct CommandResult;
struct DeploymentConfig;
struct PlanStep;

// One compact line on `out`, flushed.
void printJsonLine(QTextStream &out, const QJsonObject &object);

[[nodiscard]] QJsonObject eventJson(const PipelineEvent &e);      // stage, step, note
[[nodiscard]] QJsonObject logJson(const QString &host, const QString &tag, OutputStream stream, const QString &line); // log
[[nodiscard]] QJsonObject resultJson(const QString &operation, const PipelineOutcome &o);                          // result
[[nodiscard]] QJsonObject errorJson(const QString &command, int exitCode, const QString &message);                 // error
// status: `sshOf` gives each host's SSH state (the router host's too).
[[nodiscard]] QJsonObject statusJson(const FleetSnapshot &f, const DeploymentConfig &config,
                                     const std::function<HostStatus(const QString &)> &sshOf);
[[nodiscard]] QJsonObject recoveryJson(const RecoveryReport &r); // running_deploy, dead_lock, interrupted_deploy
[[nodiscard]] QJsonObject execResultJson(int round, const CommandResult &r);                                   // exec_result
[[nodiscard]] QJsonObject execSkippedJson(int round, const QString &host);                                     // exec_result
[[nodiscard]] QJsonObject execRoundJson(int round, qsizetype hosts, qsizetype failed, qsizetype skipped, qint64 ms); // exec_round
[[nodiscard]] QJsonObject planJson(const QString &version, const QString &live, const QString &stage, const QString &where,
                                   const QString &what);                                                      // plan
[[nodiscard]] QJsonObject historyJson(const QJsonObject &record);                                             // history
[[nodiscard]] QJsonObject historyEndJson(const QString &journal, qsizetype shown, qsizetype recorded);        // history_end
[[nodiscard]] QJsonObject signalJson(const QString &signal, const QString &message);                           // signal
[[nodiscard]] QJsonObject validateJson(const QString &file, const DeploymentConfig *config, const QString &problems); // validate

} // namespace greenlight
