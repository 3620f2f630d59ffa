#pragma once

// What `greenlight --help` and `--version` say, printed from the verb table (cli/verbtable.h).

#include <QString>

namespace greenlight {

// The whole usage: the window, every verb with its one-line summary, help and version, exit codes.
[[nodiscard]] QString usageText();
// "greenlight 0.1.0" and the Qt and libssh this process runs with (read at run time).
[[nodiscard]] QString versionText(const QString &version);
// "unknown command 'deplyo'; did you mean 'deploy'?" (or without the suggestion).
[[nodiscard]] QString unknownCommand(const QString &word);

} // namespace greenlight
