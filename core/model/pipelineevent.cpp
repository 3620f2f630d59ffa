#include "pipelineevent.h"

namespace greenlight {

QString stepStateName(StepState state)
{
    switch (state) {
    case StepState::Pending: return QStringLiteral("pending");
    case StepState::Running: return QStringLiteral("running");
    case StepState::Succeeded: return QStringLiteral("succeeded");
    case StepState::Failed: return QStringLiteral("failed");
    case StepState::Skipped: return QStringLiteral("skipped");
    case StepState::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace greenlight
