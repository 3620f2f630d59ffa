#pragma once

#include "common/colour.h"
#include "common/result.h"

#include <QList>
#include <QString>

namespace greenlight {

struct DeploymentConfig;
class RouterAdapter;
struct StageContext;

// One line of `greenlight plan`: what a run would do, where, nothing run.
struct PlanStep
{
    QString stage;
    QString where; // a host, the router host, "local", or empty
    QString what;  // the command line or the check
};

// What `plan()` knows: the deployment, the router's own words, and who is live.
struct PlanContext
{
    const DeploymentConfig &config;
    const RouterAdapter &router;
    Colour live;
    QString version;
    [[nodiscard]] Colour idle() const { return otherColour(live); }
};

// How a stage ended. On success `message` is what its timeline row says; on failure why it
// failed, for the operator (the sequence adds what became of the traffic).
struct StageResult
{
    ErrorCode code = ErrorCode::None;
    QString message;

    [[nodiscard]] bool ok() const { return code == ErrorCode::None; }
    [[nodiscard]] static StageResult done(QString note = {}) { return {ErrorCode::None, std::move(note)}; }
    // A failure always carries a code (ErrorCode::Failed when the cause gave none).
    [[nodiscard]] static StageResult failed(ErrorCode code, QString why)
    {
        return {code == ErrorCode::None ? ErrorCode::Failed : code, std::move(why)};
    }
};

// One stage of a deployment (or the hooks at a stage boundary). The same object says what it
// would do (`greenlight plan`) and does it, so the plan cannot drift from the run. `run` emits
// the stage's steps and log lines; the sequence emits the stage's own start and end.
class Stage
{
public:
    virtual ~Stage() = default;

    // The timeline's name, the deployment file's name ("test_traffic", "before_shift").
    [[nodiscard]] virtual QString name() const = 0;
    // What the stage's timeline row says while it runs.
    [[nodiscard]] virtual QString intent(const StageContext &) const { return {}; }
    [[nodiscard]] virtual QList<PlanStep> plan(const PlanContext &context) const = 0;
    [[nodiscard]] virtual StageResult run(StageContext &context) = 0;
    // Whether a failure here, once traffic moved, puts the traffic back (not after the new
    // colour is declared live: post-deploy hooks, the finish stage).
    [[nodiscard]] virtual bool restoresTrafficOnFailure() const { return true; }
};

} // namespace greenlight
