#pragma once

#include "common/colour.h"

#include <QString>

namespace greenlight {

// A deployment file's command with {version}, {host} and {colour} replaced in one pass, each
// value shell-quoted once: a value is never searched for placeholders again (a version
// "x{host}y" stays itself). Unknown placeholders are left as written.
[[nodiscard]] QString expandCommand(const QString &pattern, const QString &version, const QString &host, Colour colour);

} // namespace greenlight
