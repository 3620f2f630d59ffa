#pragma once

#include "common/colour.h"
#include "common/httpvia.h"
#include "config/awsrouterconfig.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>
#include <QStringList>

#include <array>
#include <optional>

namespace greenlight {

struct SshSettings
{
    QString user;            // empty: from ~/.ssh/config or the local user
    QString identityFile;    // empty: agent and default identities
    QString knownHostsFile;  // empty: ~/.ssh/known_hosts
    int connectTimeoutS = 10;
    int keepaliveS = 15;
    bool connectTimeoutSet = false; // written in the file: wins over ssh_config's ConnectTimeout
    bool keepaliveSet = false;      // written in the file: wins over ssh_config's ServerAliveInterval
    bool useSshConfig = true; // read ~/.ssh/config
    QString sshConfigFile;    // another ssh_config to read instead of ~/.ssh/config
};

struct HostConfig
{
    QString name;
    QString address;
    int port = 0;  // 0: from ~/.ssh/config, else 22
    QString user; // overrides SshSettings::user when set
    HttpVia httpVia = HttpVia::Auto; // how its HTTP checks reach it
};

struct EnvironmentConfig
{
    Colour colour = Colour::Blue;
    QStringList hosts;
    int appPort = 80;
    QString appScheme = QStringLiteral("http"); // "https": every host check speaks TLS to app_port
    QString healthPath = QStringLiteral("/health");
    QString versionPath = QStringLiteral("/version");
    QString requestsPath;   // optional: answers how many requests the host has served (a counter)
    QString versionCommand; // prints the deployed version on the host
    QString deployCommand;  // placeholders {version} {host} {colour}, shell-quoted on use

    // A host's app at `path`: app_scheme://address:app_port/path.
    [[nodiscard]] QUrl appUrl(const QString &address, const QString &path) const;
};

enum class RouterType { Haproxy, Nginx, Command, Pdns, Rfc2136, Route53, Alb, Beanstalk };

struct RouterConfig
{
    RouterType type = RouterType::Haproxy;
    QString host;          // the host (from /hosts) that runs the router
    QString backend = QStringLiteral("app"); // HAProxy backend, or nginx upstream, of the service
    QString frontendUrl;   // where clients reach the service through the router
    int liveWeight = 100;  // weight of a server on the live colour
    QString lockPath;      // the deploy lock on the router host; empty: .greenlight/locks/<name>.lock
    QString journalPath;   // the journal's copy on the router host; empty: .greenlight/journal/<name>.jsonl
    // HAProxy
    QString adminSocket;   // runtime API socket path on the router host
    // nginx: Greenlight owns the upstream file and rewrites it whole on every change.
    QString upstreamFile;
    QStringList upstreamDirectives; // extra lines inside the upstream block, e.g. "keepalive 32"
    QString testCommand = QStringLiteral("nginx -t");
    QString reloadCommand = QStringLiteral("nginx -s reload");
    QString pidFile = QStringLiteral("/run/nginx.pid"); // the master's pid: a reload is confirmed by its new workers
    QString accessLog;     // optional: nginx: a log in the "greenlight" format (counters, upstream times); HAProxy: `option httplog` lines (upstream times)
    // A custom command router
    QString readCommand;   // prints "<host or colour> <weight> [status]" lines
    QString setCommand;    // placeholders {colour} {percent} {blue_percent} {green_percent}
    // DNS routers (pdns, rfc2136): the authoritative server, asked for every read-back.
    QString dnsServer;     // an IP address
    int dnsPort = 53;
    QString zone;          // canonical, "shop.example.com."
    QString recordName;    // canonical, "www.shop.example.com."
    int ttl = 60;
    // How long after a switch clients may still be sent to the old colour (DNS answers held by
    // resolvers): the old colour is not cleaned up before. Default ttl × 2; 0 for the routers
    // that move traffic themselves.
    int drainS = 0;
    // pdns: the HTTP API; the key from a file or an environment variable, read when used.
    QString apiUrl;        // "http://127.0.0.1:8081"
    QString apiKeyFile;
    QString apiKeyEnv;
    bool pickHashed = true; // pickwhashed (a client sticks to a colour) or pickwrandom
    // rfc2136: nsupdate with a TSIG key, all at once.
    bool recordCname = true; // CNAME (blue_target / green_target) or A (the colours' host addresses)
    QString blueTarget;    // canonical CNAME targets
    QString greenTarget;
    QString tsigKeyFile;
    QString nsupdateCommand = QStringLiteral("nsupdate");
    // route53, alb, beanstalk: the AWS CLI.
    AwsRouterConfig aws;

    // True when changes are made from the operator's machine (an API, nsupdate), not on `host`.
    [[nodiscard]] bool changedFromHere() const;
    // True when the router counts each server's requests (HAProxy; nginx with `access_log`).
    [[nodiscard]] bool countsRequests() const;
    // The TTL of the DNS answer a switch changes: pdns/rfc2136 `ttl`, route53 `record_ttl`,
    // beanstalk 60 (Elastic Beanstalk's CNAMEs); 0 for the routers that move traffic themselves.
    [[nodiscard]] int dnsTtl() const;
};

[[nodiscard]] QString routerTypeName(RouterType type);
[[nodiscard]] std::optional<RouterType> routerTypeFromName(const QString &name);

// In pipeline order.
enum class StageKind { Migrate, Deploy, Verify, TestTraffic, Shift, Bake, Finish };

struct StageConfig
{
    StageKind kind = StageKind::Deploy;
    int timeoutS = 60;
    int retries = 0;
    // Deploy: how the step fans out over the colour's hosts.
    int maxParallel = 0;      // 0: every host of a batch at once
    int batchPercent = 100;   // rolling batches, e.g. 25: a quarter of the hosts at a time
    bool continueOnFailure = false; // false: a failed batch stops the next ones
    QList<int> weights; // Shift: percentages of traffic on the new colour, ending at 100
    int bakeS = 0;      // Shift: watch the gates this long after each step but the last; Bake: how long
    int noDataGraceS = 10;      // Shift, Bake: how long the router's counters may stay unreadable before the watch fails closed
    bool manualPromote = false; // Shift: wait for an operator's promote before the first weight moves
    int promoteTimeoutS = 3600; // Shift: how long to wait for it
    // Migrate: a command (local, or on `host`) run once per version, after `backupCommand`
    // succeeded; recorded on the router host so that no later deploy or rollback runs it again.
    QString command;
    QString backupCommand;
    QString host;
    // TestTraffic: requests straight to every host of the new colour, before any user sees it.
    int requests = 20;                 // per host and path
    QStringList paths{QStringLiteral("/")};
    double maxErrorRate = 0;           // a fraction: 0 = every request must succeed
    int maxP95Ms = 0;                  // 0: no latency limit
    QString smokeCommand;              // optional, with GL_TARGET_URLS; local, or on `host`
    // Finish: keep the old colour running for a rollback window, then clean it up.
    int keepWarmS = 0;
    QString cleanupCommand;            // on each host of the old colour; {host} {colour} placeholders
};

// A metric gate: while traffic is on the new colour, `metric` above `threshold` over the last
// `windowS` seconds (with at least `minSamples` samples) for `consecutive` checks in a row
// rolls the deploy back automatically.
struct GateConfig
{
    enum class Metric { ErrorRate, P50Ms, P95Ms, P99Ms };
    // Which latencies a latency gate judges: the router's per-request upstream times (its
    // access log), the gate's own probes, or both (each window with enough samples must pass).
    // Error-rate gates judge probes and routed requests together and take no `source`.
    enum class Source { Both, Traffic, Probes };
    Metric metric = Metric::ErrorRate;
    Source source = Source::Both;
    double threshold = 0.01; // error rate: a fraction (0.01 = 1 %); latency: milliseconds
    int windowS = 60;
    int minSamples = 20;
    int consecutive = 3;
};

// A command run around a deploy, with GL_* variables describing it (Kamal-style hooks).
struct HookConfig
{
    QString command;
    QString host;      // a host from /hosts; empty: on the operator's machine
    int timeoutS = 60;
};

struct DeploymentConfig
{
    QString sourcePath;
    QString name;
    QString journalPath; // empty: <XDG data>/greenlight/journal/<name>.jsonl
    QString tlsCaFile;   // optional: PEM CA certificates https checks trust beside the system's (HttpCheck::trustCertificates)
    SshSettings ssh;
    QList<HostConfig> hosts;
    EnvironmentConfig blue;
    EnvironmentConfig green;
    RouterConfig router;
    QList<StageConfig> pipeline;
    QList<GateConfig> gates;
    QList<HookConfig> preDeployHooks;  // after the lock, before anything changes; a failure stops the deploy
    QList<HookConfig> postDeployHooks; // after the new colour took all traffic (and baked)
    // Lifecycle hooks at every stage boundary: "before_deploy", "after_shift", … (stage names
    // as in `pipeline`). Before traffic moved a failure stops the deploy; after, it rolls back.
    QHash<QString, QList<HookConfig>> stageHooks;

    [[nodiscard]] const EnvironmentConfig &environment(Colour c) const { return c == Colour::Blue ? blue : green; }
    [[nodiscard]] std::optional<HostConfig> host(const QString &hostName) const;
    [[nodiscard]] std::optional<Colour> colourOfHost(const QString &hostName) const;
    [[nodiscard]] QStringList allHostNames() const;
    [[nodiscard]] const StageConfig *stage(StageKind kind) const;
};

// The one table of stage names: the deployment file's, the timeline's, the journal's, `plan`'s.
[[nodiscard]] QString stageKindName(StageKind kind);
// Every stage, in the order a pipeline runs them (and a deployment file must list them).
inline constexpr std::array<StageKind, 7> kStageKinds{StageKind::Migrate, StageKind::Deploy, StageKind::Verify, StageKind::TestTraffic,
                                                      StageKind::Shift, StageKind::Bake, StageKind::Finish};
// Their names, in that order.
[[nodiscard]] QStringList stageKindNames();
[[nodiscard]] QString gateMetricName(GateConfig::Metric metric);
[[nodiscard]] QString gateSourceName(GateConfig::Source source); // "both", "traffic", "probes"

} // namespace greenlight
