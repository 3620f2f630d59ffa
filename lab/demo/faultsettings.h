#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <optional>

// The fault knobs of one demo backend. Default-constructed means "no faults".
struct FaultSettings final
{
    static constexpr int maxLatencyMs = 600'000;

    double errorRate = 0.0; // probability in [0, 1] that / and /version answer 500
    int latencyMs = 0;      // delay added to /, /version and /health
    bool healthy = true;    // false: /health answers 503
    bool chunked = false;   // true: /, /version and /health answer with Transfer-Encoding: chunked

    friend bool operator==(const FaultSettings &, const FaultSettings &) = default;

    [[nodiscard]] bool isDefault() const { return *this == FaultSettings{}; }

    // {"error_rate": 0.25, "latency_ms": 100, "health": "ok", "chunked": false}
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] QByteArray toJsonBytes() const;

    // Missing keys keep their defaults, unknown keys are ignored; wrong types or
    // out-of-range values fail with a message in *error.
    [[nodiscard]] static std::optional<FaultSettings> fromJson(const QJsonObject &object,
                                                               QString *error);

    struct QueryResult final
    {
        bool ok = true;
        bool changed = false; // the query set or reset at least one knob
        QString error;        // names the offending parameter when !ok
    };

    // Applies error_rate, latency_ms, health, chunked and reset=1 from a /__lab/faults query.
    // All-or-nothing: on error *this is left untouched.
    [[nodiscard]] QueryResult applyQuery(const QUrlQuery &query);
};
