#pragma once

#include "common/result.h"
#include "config/deploymentconfig.h"
#include "ssh/hostpool.h"

namespace greenlight {

class Journal;

// Appends the journal's new lines to its copy on the router host, so the audit trail lives
// where every operator's deployments meet, not only on one laptop. Blocking; worker threads.
class JournalShipper final
{
public:
    JournalShipper(HostPool &pool, const DeploymentConfig &config, Lane lane);
    [[nodiscard]] Status ship(Journal &journal);
    [[nodiscard]] QString remotePath() const { return m_path; }

private:
    HostPool &m_pool;
    QString m_host;
    QString m_path;
    Lane m_lane;
};

} // namespace greenlight
