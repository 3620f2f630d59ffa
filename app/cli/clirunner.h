#pragma once

#include "common/result.h"

#include <QFile>
#include <QStringList>
#include <QTextStream>

namespace greenlight {

// The headless verbs: the same core objects the window drives, on QCoreApplication.
// Exit codes: 0 done; 1 the operation failed (state reported, traffic left serving);
// 2 usage or deployment-file error; 3 hosts or router unreachable; 4 another deployment holds
// the lock; 130 interrupted.
class CliRunner final
{
public:
    enum ExitCode { Ok = 0, Failed = 1, Usage = 2, Unreachable = 3, Locked = 4, Interrupted = 130 };

    CliRunner();

    [[nodiscard]] static bool isVerb(const QString &word);
    [[nodiscard]] int run(const QStringList &arguments);

private:
    int validate(const QStringList &args);
    int status(const QStringList &args);
    int deploy(const QStringList &args);
    int rollback(const QStringList &args);
    int cleanup(const QStringList &args);
    int lab(const QStringList &args);
    int exec(const QStringList &args);
    int plan(const QStringList &args);
    int history(const QStringList &args);
    int signalDeploy(const QStringList &args, bool promote);
    int usage(const QString &problem = {});
    // The exit code of a failure, chosen from its code (never from its text).
    [[nodiscard]] static int exitCodeFor(ErrorCode code);

    // Unbuffered file descriptors: a line printed and flushed reaches a pipe at once.
    QFile m_outFile;
    QFile m_errFile;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace greenlight
