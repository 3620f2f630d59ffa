#include "routeradapter.h"

#include <algorithm>

namespace greenlight {

Result<RouterState> RouterAdapter::readState(const CancelToken &cancel)
{
    const QMutexLocker lock(&m_mutex);
    return readRouter(cancel);
}

Result<QString> RouterAdapter::frontendAddress(const QString &, const CancelToken &)
{
    return QString();
}

Result<RouterState> RouterAdapter::shift(Colour colour, int percent, const CancelToken &cancel)
{
    const QMutexLocker lock(&m_mutex);
    percent = std::clamp(percent, 0, 100);
    if (const Status applied = applyShift(colour, percent, cancel); !applied)
        return Result<RouterState>::failure(applied.error(), ErrorCode::RefusedByRouter);
    Result<RouterState> after = readRouter(cancel);
    if (!after)
        return after;
    if (!after->carries(colour, percent))
        return Result<RouterState>::failure(QStringLiteral("%1 %2 after asking for %3 %4%")
                                                .arg(readBackSays(), after->describe(), colourName(colour)).arg(percent),
                                            ErrorCode::RefusedByRouter);
    return after;
}

} // namespace greenlight
