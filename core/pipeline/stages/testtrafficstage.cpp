#include "testtrafficstage.h"

#include "metrics/percentile.h"
#include "http/httpcheck.h"
#include "ssh/hosthttp.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/waits.h"

#include <QElapsedTimer>

namespace greenlight {

QString TestTrafficStage::intent(const StageContext &context) const
{
    return QStringLiteral("%1 requests a host and path, straight to %2 (no user traffic)")
        .arg(QString::number(m_config.requests), colourName(context.idle()));
}

QList<PlanStep> TestTrafficStage::plan(const PlanContext &context) const
{
    const Colour idle = context.idle();
    const EnvironmentConfig &env = context.config.environment(idle);
    QList<PlanStep> steps;
    for (const QString &host : env.hosts) {
        steps << PlanStep{name(), host,
                          QStringLiteral("%1 GETs of %2 on http://%3:%4; at most %5 % errors%6")
                              .arg(QString::number(m_config.requests), m_config.paths.join(QStringLiteral(", ")),
                                   context.config.host(host)->address, QString::number(env.appPort),
                                   QString::number(m_config.maxErrorRate * 100),
                                   m_config.maxP95Ms > 0 ? QStringLiteral(", p95 at most %1 ms").arg(m_config.maxP95Ms) : QString())};
    }
    if (!m_config.smokeCommand.isEmpty())
        steps << PlanStep{name(), m_config.host.isEmpty() ? QStringLiteral("local") : m_config.host,
                          QStringLiteral("smoke test: %1 (GL_TARGET_URLS set to %2's hosts)").arg(m_config.smokeCommand, colourName(idle))};
    return steps;
}

QString TestTrafficStage::sendRequests(const HostConfig &host, const EnvironmentConfig &env, const CancelToken &cancel,
                                       QString &reading) const
{
    QList<double> latencies;
    int errors = 0;
    QString firstError;
    QString via; // the path the answers took ("direct", "over SSH")
    for (const QString &path : m_config.paths) {
        for (int i = 0; i < m_config.requests && !cancel.isCancelled(); ++i) {
            const Result<HttpReply> r = hostHttpGet(host.name, env.appUrl(host.address, path), kHttpTimeoutMs, cancel);
            if (r)
                via = r->via;
            if (r && r->status < 500 && r->status != 0) {
                latencies << r->elapsedMs;
            } else {
                ++errors;
                if (firstError.isEmpty())
                    firstError = QStringLiteral("%1: %2").arg(path, r ? QStringLiteral("HTTP %1").arg(r->status) : r.error());
            }
        }
    }
    const auto total = static_cast<double>(latencies.size() + errors);
    const double errorRate = total > 0 ? errors / total : 1.0;
    const double p95 = percentile(latencies, 0.95);
    reading = QStringLiteral("%1 requests, %2 errors (%3 %), p95 %4 ms")
                  .arg(QString::number(static_cast<int>(total)), QString::number(errors), QString::number(errorRate * 100, 'f', 1),
                       QString::number(p95, 'f', 0));
    if (!via.isEmpty())
        reading += QStringLiteral(" (%1)").arg(via);
    if (errorRate > m_config.maxErrorRate)
        return QStringLiteral("error rate %1 % above %2 % (first: %3)")
            .arg(QString::number(errorRate * 100, 'f', 1), QString::number(m_config.maxErrorRate * 100), firstError);
    if (m_config.maxP95Ms > 0 && p95 > m_config.maxP95Ms)
        return QStringLiteral("p95 %1 ms above %2 ms").arg(QString::number(p95, 'f', 0), QString::number(m_config.maxP95Ms));
    return {};
}

StageResult TestTrafficStage::run(StageContext &context)
{
    const QString stage = name();
    const Colour idle = context.idle();
    const EnvironmentConfig &env = context.config.environment(idle);
    QStringList urls;
    for (const QString &name : env.hosts) {
        const std::optional<HostConfig> host = context.config.host(name);
        urls << QStringLiteral("http://%1:%2").arg(host->address, QString::number(env.appPort));
        // Each host gets `retries` more tries when its requests miss the limits.
        for (int attempt = 0; attempt <= m_config.retries; ++attempt) {
            const QString step = attempt == 0 ? QStringLiteral("requests") : QStringLiteral("requests (retry %1)").arg(attempt);
            context.report.step(stage, step, name, StepState::Running);
            QElapsedTimer hostClock;
            hostClock.start();
            QString reading;
            const QString why = sendRequests(*host, env, context.cancel, reading);
            if (context.cancel.isCancelled())
                return StageResult::failed(ErrorCode::Aborted, QStringLiteral("aborted; traffic was not moved"));
            context.report.step(stage, step, name, why.isEmpty() ? StepState::Succeeded : StepState::Failed,
                                why.isEmpty() ? reading : QStringLiteral("%1: %2").arg(why, reading), hostClock.elapsed());
            if (why.isEmpty())
                break;
            if (attempt == m_config.retries)
                return StageResult::failed(ErrorCode::Failed, QStringLiteral("%1 on %2: %3; traffic was not moved").arg(colourName(idle), name, why));
            (void)pause(kRetryPauseMs, context.cancel);
        }
    }
    if (!m_config.smokeCommand.isEmpty()) {
        QHash<QString, QString> variables = context.hookVariables(stage);
        variables.insert(QStringLiteral("GL_TARGET_URLS"), urls.join(QLatin1Char(' ')));
        if (const Status smoke = context.runCommand(stage, QStringLiteral("smoke test"),
                                                    HookConfig{m_config.smokeCommand, m_config.host, m_config.timeoutS}, variables);
            !smoke)
            return StageResult::failed(smoke.code(), QStringLiteral("smoke test failed (%1); traffic was not moved").arg(smoke.error()));
    }
    return StageResult::done();
}

} // namespace greenlight
