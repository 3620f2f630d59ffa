#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/awsrouterconfig.h"
#include "ssh/hostpool.h"

#include <QByteArray>
#include <QStringList>

namespace greenlight {

// The AWS CLI, run on the operator's machine (or over SSH on `run_on`, a bastion whose CLI and
// credentials are used) with the router's profile, region and endpoint.
// Credentials stay the CLI's business: Greenlight passes none and reads none, so none can reach
// the journal or `plan`. Every call has a deadline and honours the cancel token; a failed call's
// error quotes what the CLI printed.
class AwsCli final
{
public:
    // `pool` and `lane` carry the calls to `run_on`; unused when it is empty.
    AwsCli(AwsRouterConfig config, HostPool *pool = nullptr, Lane lane = Lane::Control);

    // The global options (--output json, --profile, --region, --endpoint-url), then `args`.
    [[nodiscard]] QStringList arguments(const QStringList &args) const;
    // The command line as a shell would take it, for `greenlight plan` and messages.
    [[nodiscard]] QString commandLine(const QStringList &args) const;
    // Runs the CLI; its standard output (JSON) when it exits 0.
    [[nodiscard]] Result<QByteArray> run(const QStringList &args, const CancelToken &cancel) const;
    // Sleeps `ms` unless cancelled first; false when cancelled.
    [[nodiscard]] static bool pause(int ms, const CancelToken &cancel);

    [[nodiscard]] const AwsRouterConfig &config() const { return m_config; }

private:
    [[nodiscard]] Result<QByteArray> runOnHost(const QStringList &args, const CancelToken &cancel) const;

    AwsRouterConfig m_config;
    HostPool *m_pool;
    Lane m_lane;
};

} // namespace greenlight
