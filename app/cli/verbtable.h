#pragma once

// The one table of the headless verbs: each verb's name, one-line summary, options (declared on
// a VerbArgs, with their defaults) and examples. `greenlight --help`, `VERB --help`, the man
// page and the shell completions are all printed from it, so none can drift from what the
// verbs accept.

#include "cli/verbargs.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

struct VerbSpec
{
    QString name;
    QString summary; // one sentence
    void (*declare)(VerbArgs &args); // the verb's options and positionals
    QStringList examples; // whole command lines after `greenlight `
};

struct ExitCodeSpec
{
    int code;
    QString name;    // the CliRunner::ExitCode it is
    QString meaning; // one sentence
};

[[nodiscard]] const QList<VerbSpec> &verbTable();
[[nodiscard]] const VerbSpec *verbSpec(const QString &name);
[[nodiscard]] QStringList verbNames();
[[nodiscard]] bool isVerb(const QString &word);
// The verb's command line as the table declares it (summary and examples included).
[[nodiscard]] VerbArgs argsFor(const QString &verb);
// Every exit code of `greenlight`, one meaning each.
[[nodiscard]] const QList<ExitCodeSpec> &exitCodeTable();

} // namespace greenlight
