#include "result.h"

namespace greenlight {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None: return QStringLiteral("none");
    case ErrorCode::Failed: return QStringLiteral("failed");
    case ErrorCode::InvalidInput: return QStringLiteral("invalid-input");
    case ErrorCode::Unreachable: return QStringLiteral("unreachable");
    case ErrorCode::HostKey: return QStringLiteral("host-key");
    case ErrorCode::RefusedByRouter: return QStringLiteral("refused-by-router");
    case ErrorCode::SplitTraffic: return QStringLiteral("split-traffic");
    case ErrorCode::LockHeld: return QStringLiteral("lock-held");
    case ErrorCode::GateBreach: return QStringLiteral("gate-breach");
    case ErrorCode::NoData: return QStringLiteral("no-data");
    case ErrorCode::Aborted: return QStringLiteral("aborted");
    case ErrorCode::TimedOut: return QStringLiteral("timed-out");
    case ErrorCode::JournalFailure: return QStringLiteral("journal-failure");
    }
    return QStringLiteral("failed");
}

} // namespace greenlight
