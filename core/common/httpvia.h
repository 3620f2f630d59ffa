#pragma once

#include <QString>

namespace greenlight {

// How a host's HTTP checks (verify, test traffic, the gates' and charts' probes) reach its app:
// straight to its address, through a direct-tcpip forward on an SSH session to the host, or
// (Auto) direct when a TCP connect to address:app_port succeeds within a second, else SSH.
enum class HttpVia { Auto, Direct, Ssh };

[[nodiscard]] inline QString httpViaName(HttpVia via)
{
    switch (via) {
    case HttpVia::Direct:
        return QStringLiteral("direct");
    case HttpVia::Ssh:
        return QStringLiteral("ssh");
    case HttpVia::Auto:
        break;
    }
    return QStringLiteral("auto");
}

} // namespace greenlight
