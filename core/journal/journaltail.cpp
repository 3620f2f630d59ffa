#include "journaltail.h"

#include <QJsonDocument>

namespace greenlight {

QList<QJsonObject> JournalTail::feed(const QByteArray &chunk)
{
    QList<QJsonObject> records;
    qsizetype from = 0;
    while (from < chunk.size()) {
        const qsizetype newline = chunk.indexOf('\n', from);
        if (newline < 0) {
            if (!m_skipToNewline)
                m_partial += chunk.mid(from);
            if (m_partial.size() > kMaxLineBytes) {
                m_partial.clear();
                m_skipToNewline = true; // the rest of this line is skipped too
                ++m_skipped;
            }
            break;
        }
        const QByteArray piece = chunk.mid(from, newline - from);
        from = newline + 1;
        if (m_skipToNewline) {
            m_skipToNewline = false;
            continue;
        }
        const QByteArray line = m_partial + piece;
        m_partial.clear();
        if (line.trimmed().isEmpty())
            continue;
        if (line.size() > kMaxLineBytes) {
            ++m_skipped;
            continue;
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            ++m_skipped;
            continue;
        }
        records << doc.object();
    }
    return records;
}

namespace {
StepState stateFrom(const QString &name)
{
    for (const StepState s : {StepState::Pending, StepState::Running, StepState::Succeeded, StepState::Failed, StepState::Skipped,
                              StepState::Cancelled}) {
        if (stepStateName(s) == name)
            return s;
    }
    return StepState::Pending;
}
} // namespace

RunRecord runRecordFrom(const QJsonObject &o)
{
    const auto text = [&](const char *key) { return o.value(QLatin1String(key)).toString(); };
    RunRecord r;
    r.runId = text("run");
    r.operatorName = text("operator");
    r.time = QDateTime::fromString(text("time"), Qt::ISODateWithMs);
    const QString kind = text("kind");
    r.version = text("version");
    r.from = text("from");
    r.to = text("to");
    r.message = text("message");
    if (kind == QLatin1String("start")) {
        r.kind = RunRecord::Kind::Start;
    } else if (kind == QLatin1String("end")) {
        r.kind = RunRecord::Kind::End;
        r.succeeded = o.value(QLatin1String("succeeded")).toBool();
        r.rolledBack = o.value(QLatin1String("rolled_back")).toBool();
    } else if (kind == QLatin1String("switch")) {
        r.kind = RunRecord::Kind::Switch;
        r.reason = text("reason");
    } else if (kind == QLatin1String("warm")) {
        r.kind = RunRecord::Kind::Warm;
    } else if (kind == QLatin1String("stage") || kind == QLatin1String("step")) {
        r.kind = RunRecord::Kind::Event;
        r.event.kind = kind == QLatin1String("stage") ? PipelineEvent::Kind::Stage : PipelineEvent::Kind::Step;
        r.event.time = r.time;
        r.event.stage = text("stage");
        r.event.step = text("step");
        r.event.host = text("host");
        r.event.state = stateFrom(text("state"));
        r.event.message = r.message;
        r.event.durationMs = std::max<qint64>(0, o.value(QLatin1String("duration_ms")).toInteger());
    }
    return r;
}

} // namespace greenlight
