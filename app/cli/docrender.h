#pragma once

// The man page and the shell completions, rendered from the verb table (cli/verbtable.h) by
// greenlight-docgen at build time, so they cannot drift from what the verbs accept.

#include <QString>

namespace greenlight {

[[nodiscard]] QString manPage(const QString &version, const QString &date);
[[nodiscard]] QString bashCompletion();
[[nodiscard]] QString zshCompletion();

} // namespace greenlight
