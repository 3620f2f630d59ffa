#pragma once

#include "common/colour.h"
#include "common/result.h"

#include <QFile>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <optional>

namespace greenlight {

class DeploymentController;
class EventPrinter;
class VerbArgs;
struct Common;
struct PipelineOutcome;

// The headless verbs: the same core objects the window drives, on QCoreApplication.
// Exit codes (one meaning each; cli/verbtable.cpp's exitCodeTable says them): 0 done; 1 the
// operation failed (state reported, traffic left serving); 2 usage or deployment-file error;
// 3 hosts or router unreachable; 4 another deployment holds the lock; 5 traffic split;
// 130 interrupted. Every option is checked before anything connects.
class CliRunner final
{
public:
    enum ExitCode { Ok = 0, Failed = 1, Usage = 2, Unreachable = 3, Locked = 4, Split = 5, Interrupted = 130 };

    CliRunner();

    // `arguments`: the program, the verb, then the verb's words.
    [[nodiscard]] int run(const QStringList &arguments);

private:
    int validate(const QStringList &words);
    int status(const QStringList &words);
    int deploy(const QStringList &words);
    int rollback(const QStringList &words);
    int cleanup(const QStringList &words);
    int lab(const QStringList &words);
    int exec(const QStringList &words);
    int plan(const QStringList &words);
    int history(const QStringList &words);
    int signalDeploy(const QStringList &words, bool promote);
    int resume(const QStringList &words);
    int lock(const QStringList &words);

    // loadCommon, then says which deployment file was read when --config was not given
    // (stdout; with --json a `config` line).
    [[nodiscard]] Result<Common> load(const VerbArgs &args);
    void announceConfig(const QString &path, const QString &source, bool json);
    // Parses `words`: the exit code to stop with (help printed: 0; a problem: 2), or nothing
    // when the verb goes on.
    [[nodiscard]] std::optional<int> begin(VerbArgs &args, const QStringList &words);
    // Says what is wrong with the command line (with `hint`, where its help is) and returns 2.
    [[nodiscard]] int refuse(const VerbArgs &args, const QString &problem, bool hint = true);
    // Says why the verb failed on stderr (with --json, an `error` line on stdout too) and
    // returns `code`.
    [[nodiscard]] int fail(const VerbArgs &args, int code, const QString &problem);
    // Runs one change (`start` begins it) until the controller reports it through `finished`,
    // printing its events; Ctrl+C aborts it. The exit code, or nothing when it did not start.
    [[nodiscard]] std::optional<int> followChange(DeploymentController &controller, EventPrinter &printer, const QString &what,
                                                  void (DeploymentController::*finished)(const PipelineOutcome &),
                                                  const std::function<bool()> &start);
    // After reading the fleet: the one colour whose hosts all run `version` (InvalidInput: both do).
    [[nodiscard]] Result<Colour> colourRunning(DeploymentController &controller, const QString &version);
    // The exit code of a failure, chosen from its code (never from its text).
    [[nodiscard]] static int exitCodeFor(ErrorCode code);

    // Unbuffered file descriptors: a line printed and flushed reaches a pipe at once.
    QFile m_outFile;
    QFile m_errFile;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace greenlight
