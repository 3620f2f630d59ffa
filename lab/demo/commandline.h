#pragma once

#include "trafficgenerator.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

struct ServeCommand final
{
    QHostAddress address;
    quint16 port = 0;
    QString version;
    QString host;
    QString stateDir;
    std::optional<qint64> ownerPid;
};

struct TrafficCommand final
{
    TrafficOptions options;
    std::optional<qint64> ownerPid;
};

// greenlight-demo's two sub-commands, parsed with QCommandLineParser.
struct CommandLine final
{
    static constexpr int usageExitCode = 64; // EX_USAGE

    enum class Kind { Serve, Traffic, Help, Error };

    Kind kind = Kind::Error;
    ServeCommand serve;
    TrafficCommand traffic;
    QString error; // when Kind::Error

    // arguments as from QCoreApplication::arguments() (program name first).
    [[nodiscard]] static CommandLine parse(const QStringList &arguments);
    [[nodiscard]] static QString usage();
};
