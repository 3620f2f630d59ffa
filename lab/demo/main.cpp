// greenlight-demo: the demo backend (serve) and synthetic traffic source (traffic)
// used by Greenlight's local lab.
#include "commandline.h"
#include "demoserver.h"
#include "ownerwatch.h"
#include "pidfile.h"
#include "signalwatcher.h"
#include "trafficgenerator.h"

#include <QCoreApplication>
#include <QDir>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int listenFailedExitCode = 2;

void printLine(std::FILE *stream, const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

void printError(const QString &message)
{
    printLine(stderr, u"greenlight-demo: "_s + message);
}

// Hundreds of keep-alive connections may exceed a soft limit of 1024 descriptors.
void raiseFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// Quits the event loop on SIGTERM/SIGINT and when the owner process is gone.
bool watchForExit(SignalWatcher &signalWatcher, std::optional<qint64> ownerPid, QObject *context)
{
    QString error;
    if (!signalWatcher.install({SIGTERM, SIGINT}, &error)) {
        printError(error);
        return false;
    }
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, qApp, &QCoreApplication::quit);
    if (ownerPid) {
        auto *ownerWatch = new OwnerWatch(*ownerPid, context);
        QObject::connect(ownerWatch, &OwnerWatch::ownerGone, qApp, [](qint64 pid) {
            printError(u"owner process %1 is gone; exiting"_s.arg(pid));
            QCoreApplication::quit();
        });
        ownerWatch->start();
    }
    return true;
}

int runServe(const ServeCommand &command)
{
    QObject context;
    SignalWatcher signalWatcher;
    if (!watchForExit(signalWatcher, command.ownerPid, &context))
        return 1;
    raiseFileLimit();

    const QString listenText = command.address.protocol() == QAbstractSocket::IPv6Protocol
        ? u"[%1]:%2"_s.arg(command.address.toString()).arg(command.port)
        : u"%1:%2"_s.arg(command.address.toString()).arg(command.port);
    if (!QDir().mkpath(command.stateDir)) {
        printError(u"cannot create state directory %1"_s.arg(command.stateDir));
        return 1;
    }

    DemoServer server({command.host, command.version, command.stateDir});
    if (!server.faultsWarning().isEmpty())
        printError(u"warning: "_s + server.faultsWarning());
    if (!server.listen(command.address, command.port)) {
        printError(u"cannot listen on %1: %2"_s.arg(listenText, server.errorString()));
        return listenFailedExitCode;
    }

    PidFile pidFile(QDir(command.stateDir).filePath(u"backend.pid"_s));
    QString error;
    if (!pidFile.write(&error)) {
        printError(error);
        return 1;
    }
    printLine(stdout, u"greenlight-demo: serving %1 as %2 on %3:%4"_s.arg(
                          command.version, command.host, server.serverAddress().toString(),
                          QString::number(server.serverPort())));

    QCoreApplication::exec();

    server.close();
    pidFile.removeIfOwned();
    return 0;
}

int runTraffic(const TrafficCommand &command)
{
    QObject context;
    SignalWatcher signalWatcher;
    if (!watchForExit(signalWatcher, command.ownerPid, &context))
        return 1;

    TrafficGenerator generator(command.options);
    QObject::connect(&generator, &TrafficGenerator::report, qApp,
                     [](const QString &line) { printLine(stdout, line); });
    QObject::connect(&generator, &TrafficGenerator::finished, qApp, &QCoreApplication::quit);
    generator.start();
    QCoreApplication::exec();
    generator.stop(); // final summary when ended by a signal or the owner
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"greenlight-demo"_s);

    const CommandLine commandLine = CommandLine::parse(QCoreApplication::arguments());
    switch (commandLine.kind) {
    case CommandLine::Kind::Help:
        printLine(stdout, CommandLine::usage());
        return 0;
    case CommandLine::Kind::Error:
        printError(commandLine.error);
        printLine(stderr, CommandLine::usage());
        return CommandLine::usageExitCode;
    case CommandLine::Kind::Serve:
        return runServe(commandLine.serve);
    case CommandLine::Kind::Traffic:
        return runTraffic(commandLine.traffic);
    }
    return CommandLine::usageExitCode;
}
