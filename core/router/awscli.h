#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/awsrouterconfig.h"

#include <QByteArray>
#include <QStringList>

namespace greenlight {

// The AWS CLI, run on the operator's machine with the router's profile, region and endpoint.
// Credentials stay the CLI's business: Greenlight passes none and reads none, so none can reach
// the journal or `plan`. Every call has a deadline and honours the cancel token; a failed call's
// error quotes what the CLI printed.
class AwsCli final
{
public:
    explicit AwsCli(AwsRouterConfig config);

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
    AwsRouterConfig m_config;
};

} // namespace greenlight
