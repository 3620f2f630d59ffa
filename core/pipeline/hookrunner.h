#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/deploymentconfig.h"

#include <QHash>
#include <QString>

#include <functional>

namespace greenlight {

class HostPool;

// Runs deploy hooks: on the operator's machine (a local process) or on a host over SSH, each
// with GL_DEPLOYMENT, GL_VERSION, GL_FROM_COLOUR, GL_TO_COLOUR, GL_HOSTS, GL_OPERATOR and
// GL_STAGE set. Values reach the remote shell quoted: a version is never executed.
class HookRunner final
{
public:
    using LineSink = std::function<void(const QString &where, const QString &line)>;

    HookRunner(HostPool &pool, QHash<QString, QString> variables) : m_pool(pool), m_variables(std::move(variables)) {}

    // One hook, to completion or its deadline; the message says where and why it failed.
    [[nodiscard]] Status run(const HookConfig &hook, const CancelToken &cancel, const LineSink &onLine);

private:
    [[nodiscard]] Status runLocally(const HookConfig &hook, const CancelToken &cancel, const LineSink &onLine);
    [[nodiscard]] Status runOnHost(const HookConfig &hook, const CancelToken &cancel);

    HostPool &m_pool;
    QHash<QString, QString> m_variables;
};

} // namespace greenlight
