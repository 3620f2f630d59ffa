#pragma once

// What `greenlight --help` says: the verbs, their synopses, and the window's own options.

#include <QString>
#include <QStringList>

namespace greenlight {

struct VerbInfo
{
    QString name;
    QString synopsis; // what follows `greenlight VERB` (a new line goes on under its start)
    QString summary;  // one sentence
};

[[nodiscard]] const QList<VerbInfo> &verbs();
[[nodiscard]] QStringList verbNames();
[[nodiscard]] bool isVerb(const QString &word);
[[nodiscard]] const VerbInfo *verbInfo(const QString &name);
// The synopsis with its continuation lines indented by `indent` spaces.
[[nodiscard]] QString synopsisLines(const VerbInfo &verb, int indent);

// The whole usage: every verb, the window, help and version, exit codes.
[[nodiscard]] QString usageText();
// "unknown command 'deplyo'; did you mean 'deploy'?" (or without the suggestion).
[[nodiscard]] QString unknownCommand(const QString &word);

} // namespace greenlight
