#include "verifystage.h"

#include "http/httpcheck.h"
#include "ssh/hosthttp.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/waits.h"

#include <QElapsedTimer>

#include <future>

namespace greenlight {

namespace {
constexpr qsizetype kVerifyParallel = 16; // hosts verified at once
} // namespace

QString VerifyStage::intent(const StageContext &context) const
{
    return QStringLiteral("health %1 and version on %2").arg(context.config.environment(context.idle()).healthPath, colourName(context.idle()));
}

QList<PlanStep> VerifyStage::plan(const PlanContext &context) const
{
    const EnvironmentConfig &env = context.config.environment(context.idle());
    QList<PlanStep> steps;
    for (const QString &host : env.hosts) {
        const HttpVia via = context.config.host(host)->httpVia;
        const QString path = via == HttpVia::Ssh ? QStringLiteral(", over SSH") : via == HttpVia::Direct ? QStringLiteral(", direct") : QString();
        steps << PlanStep{name(), host,
                          QStringLiteral("GET http://%1:%2%3 answers 200 and %4 answers \"%5\" (within %6 s%7)")
                              .arg(context.config.host(host)->address, QString::number(env.appPort), env.healthPath, env.versionPath,
                                   context.version, QString::number(m_config.timeoutS), path)};
    }
    return steps;
}

VerifyStage::HostVerdict VerifyStage::checkHost(const HostConfig &host, const EnvironmentConfig &env, const QString &version,
                                                qint64 budgetMs, const CancelToken &cancel)
{
    QElapsedTimer clock;
    clock.start();
    HostVerdict verdict;
    while (!cancel.isCancelled()) {
        const int budget = static_cast<int>(std::min<qint64>(kHttpTimeoutMs, std::max<qint64>(budgetMs - clock.elapsed(), 1)));
        const Result<HttpReply> health = hostHttpGet(host.name, env.appUrl(host.address, env.healthPath), budget, cancel);
        verdict.via = health ? health->via : QString();
        if (!health)
            verdict.why = health.error();
        else if (health->status != 200)
            verdict.why = QStringLiteral("%1 answered HTTP %2 (%3)").arg(env.healthPath, QString::number(health->status), health->via);
        else {
            const Result<HttpReply> v = hostHttpGet(host.name, env.appUrl(host.address, env.versionPath), budget, cancel);
            verdict.via = v ? v->via : QString();
            if (!v)
                verdict.why = v.error();
            else if (v->status != 200)
                verdict.why = QStringLiteral("%1 answered HTTP %2 (%3)").arg(env.versionPath, QString::number(v->status), v->via);
            else if (v->bodyText() != version)
                verdict.why = QStringLiteral("serves version \"%1\", expected \"%2\" (%3)").arg(v->bodyText(), version, v->via);
            else
                return {QString(), v->via};
        }
        if (clock.elapsed() + kRetryPauseMs >= budgetMs)
            return verdict;
        (void)pause(kRetryPauseMs, cancel);
    }
    return {stopMessage(cancel.reason()), verdict.via};
}

StageResult VerifyStage::run(StageContext &context)
{
    const QString stage = name();
    const Colour idle = context.idle();
    const EnvironmentConfig &env = context.config.environment(idle);
    QElapsedTimer clock;
    clock.start();
    const qint64 deadline = static_cast<qint64>(m_config.timeoutS) * 1000;
    // Each check runs on its own thread; events are sent from this one, in host order.
    struct Check
    {
        QString host;
        std::future<HostVerdict> verdict;
    };
    QStringList failed;
    for (qsizetype first = 0; first < env.hosts.size(); first += kVerifyParallel) {
        QElapsedTimer waveClock;
        waveClock.start();
        std::vector<Check> wave;
        for (const QString &name : env.hosts.mid(first, kVerifyParallel)) {
            context.report.step(stage, QStringLiteral("health"), name, StepState::Running);
            const qint64 budget = std::max<qint64>(deadline - clock.elapsed(), 1);
            wave.push_back({name, std::async(std::launch::async, &VerifyStage::checkHost, *context.config.host(name), std::cref(env),
                                             context.version, budget, context.cancel)});
        }
        for (Check &check : wave) {
            const HostVerdict verdict = check.verdict.get();
            const QString &why = verdict.why;
            context.report.step(stage, QStringLiteral("health"), check.host, why.isEmpty() ? StepState::Succeeded : StepState::Failed,
                                why.isEmpty() ? QStringLiteral("healthy, serving %1 (%2)").arg(context.version, verdict.via) : why,
                                waveClock.elapsed());
            if (!why.isEmpty())
                failed << QStringLiteral("%1: %2").arg(check.host, why);
        }
    }
    if (failed.isEmpty())
        return StageResult::done();
    return StageResult::failed(ErrorCode::Failed, QStringLiteral("%1 is not healthy; traffic was not moved. %2")
                                                      .arg(colourName(idle), failed.join(QStringLiteral("; "))));
}

} // namespace greenlight
