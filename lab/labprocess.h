#pragma once

#include "lab/labaccount.h"

#include <QProcess>

namespace greenlight {

// Starts a lab process as the lab account, in its own process group (so teardown can end it
// and everything it spawned), set to receive SIGTERM if the lab's owner dies first; returns
// once the program runs.
[[nodiscard]] QProcess *startLabProcess(const LabAccount &account, const QString &program, const QStringList &arguments,
                                        const QString &logFile, QObject *parent);

// SIGTERM to the process's group (the process and whatever it spawned that stayed in its
// group), waits for it, then SIGKILL to stragglers after `graceMs`.
void endProcessGroup(QProcess *process, int graceMs = 2000);
// How long a lab server may take to start.
inline constexpr int kLabStartTimeoutMs = 10000;
// The last lines of a log, joined on one line for an error message.
[[nodiscard]] QString fileTail(const QString &path, int lines = 5);
// True when something accepts TCP connections at address:port (waits at most 200 ms).
[[nodiscard]] bool portAccepts(const QString &address, int port);

// SIGTERM to one pid (read from a pid file), then SIGKILL after `graceMs`.
void endPid(qint64 pid, int graceMs = 2000);

} // namespace greenlight
