#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace greenlight {

// Reads a deployment file at the boundary: only a regular file (a directory, device, FIFO or
// socket is refused before anything is read, and a FIFO can never block), and never more than
// configlimits::kMaxFileBytes + 1 bytes of it.
[[nodiscard]] Result<QByteArray> readConfigFile(const QString &path);

// "the file has 5242880 bytes; a deployment file may have at most 4 MiB (4194304 bytes)"
[[nodiscard]] QString fileTooLargeMessage(qint64 size);

} // namespace greenlight
