#include "faultsettings.h"

#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString errorRateKey = u"error_rate"_s;
const QString latencyKey = u"latency_ms"_s;
const QString healthKey = u"health"_s;
const QString chunkedKey = u"chunked"_s;
const QString resetKey = u"reset"_s;

bool validErrorRate(double value)
{
    return std::isfinite(value) && value >= 0.0 && value <= 1.0;
}

QString latencyRange()
{
    return u"an integer between 0 and %1"_s.arg(FaultSettings::maxLatencyMs);
}

} // namespace

QJsonObject FaultSettings::toJson() const
{
    return QJsonObject{
        {errorRateKey, errorRate},
        {latencyKey, latencyMs},
        {healthKey, healthy ? u"ok"_s : u"fail"_s},
        {chunkedKey, chunked},
    };
}

QByteArray FaultSettings::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<FaultSettings> FaultSettings::fromJson(const QJsonObject &object, QString *error)
{
    FaultSettings settings;
    if (const QJsonValue value = object.value(errorRateKey); !value.isUndefined()) {
        if (!value.isDouble() || !validErrorRate(value.toDouble())) {
            *error = u"error_rate must be a number between 0 and 1"_s;
            return std::nullopt;
        }
        settings.errorRate = value.toDouble();
    }
    if (const QJsonValue value = object.value(latencyKey); !value.isUndefined()) {
        const double number = value.toDouble(-1.0);
        if (!value.isDouble() || number != std::floor(number) || number < 0
            || number > maxLatencyMs) {
            *error = u"latency_ms must be "_s + latencyRange();
            return std::nullopt;
        }
        settings.latencyMs = static_cast<int>(number);
    }
    if (const QJsonValue value = object.value(healthKey); !value.isUndefined()) {
        const QString health = value.toString();
        if (health != u"ok" && health != u"fail") {
            *error = uR"(health must be "ok" or "fail")"_s;
            return std::nullopt;
        }
        settings.healthy = health == u"ok";
    }
    if (const QJsonValue value = object.value(chunkedKey); !value.isUndefined()) {
        if (!value.isBool()) {
            *error = u"chunked must be true or false"_s;
            return std::nullopt;
        }
        settings.chunked = value.toBool();
    }
    return settings;
}

FaultSettings::QueryResult FaultSettings::applyQuery(const QUrlQuery &query)
{
    QueryResult result;
    const auto fail = [&result](const QString &message) {
        result.ok = false;
        result.changed = false;
        result.error = message;
        return result;
    };

    const auto items = query.queryItems(QUrl::FullyDecoded);
    FaultSettings updated = *this;
    // reset=1 clears everything first, wherever it appears; other knobs then apply on top.
    for (const auto &[key, value] : items) {
        if (key != resetKey)
            continue;
        if (value == u"1" || value == u"true") {
            updated = FaultSettings{};
            result.changed = true;
        } else if (value != u"0" && value != u"false") {
            return fail(u"invalid reset '%1': expected 1"_s.arg(value));
        }
    }
    for (const auto &[key, value] : items) {
        bool ok = false;
        if (key == resetKey) {
            continue;
        } else if (key == errorRateKey) {
            const double rate = value.toDouble(&ok);
            if (!ok || !validErrorRate(rate))
                return fail(u"invalid error_rate '%1': expected a number between 0 and 1"_s.arg(value));
            updated.errorRate = rate;
        } else if (key == latencyKey) {
            const int latency = value.toInt(&ok);
            if (!ok || latency < 0 || latency > maxLatencyMs)
                return fail(u"invalid latency_ms '%1': expected "_s.arg(value) + latencyRange());
            updated.latencyMs = latency;
        } else if (key == healthKey) {
            if (value != u"ok" && value != u"fail")
                return fail(u"invalid health '%1': expected ok or fail"_s.arg(value));
            updated.healthy = value == u"ok";
        } else if (key == chunkedKey) {
            if (value != u"1" && value != u"0")
                return fail(u"invalid chunked '%1': expected 1 or 0"_s.arg(value));
            updated.chunked = value == u"1";
        } else {
            return fail(u"unknown parameter '%1': expected error_rate, latency_ms, health, chunked or reset"_s.arg(key));
        }
        result.changed = true;
    }
    *this = updated;
    return result;
}
