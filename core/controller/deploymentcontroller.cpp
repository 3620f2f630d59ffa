#include "deploymentcontroller.h"

#include "common/queuedhandoff.h"
#include "common/versiontext.h"
#include "journal/journal.h"
#include "journal/journalshipper.h"
#include "journal/remotejournal.h"
#include "http/httpcheck.h"
#include "ssh/hosthttp.h"
#include "metrics/metricshub.h"
#include "metrics/requestcounter.h"
#include "pipeline/cleanuprun.h"
#include "pipeline/commandtemplate.h"
#include "pipeline/deploylock.h"
#include "pipeline/deploysignal.h"
#include "pipeline/pipelinerun.h"
#include "pipeline/resumerun.h"
#include "pipeline/rollback.h"
#include "router/routerfactory.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <utility>

namespace greenlight {

namespace {
constexpr int kVersionReadMs = 3000;
constexpr int kHostHttpReadMs = 500; // a host's health or request counter, read with every refresh (DNS routers)
constexpr int kShutdownGraceMs = 3000;
constexpr std::chrono::seconds kPromoteConfirm{10}; // a few heartbeats of the running deploy
constexpr int kRecoveryFollowMs = 3000;
constexpr int kJournalFollowMs = 3000;               // how often the router host's journal is read for runs started elsewhere              // how often a deploy running elsewhere is looked at again
}

QList<SshTarget> DeploymentController::sshTargets(const DeploymentConfig &config, HostKeyPolicy policy,
                                                 const std::shared_ptr<SshInteraction> &interaction)
{
    QList<SshTarget> targets;
    for (const HostConfig &h : config.hosts) {
        SshTarget t;
        t.hostName = h.name;
        t.address = h.address;
        t.port = h.port;
        t.user = h.user.isEmpty() ? config.ssh.user : h.user;
        t.identityFile = config.ssh.identityFile;
        t.knownHostsFile = config.ssh.knownHostsFile;
        t.connectTimeoutS = config.ssh.connectTimeoutS;
        t.keepaliveS = config.ssh.keepaliveS;
        t.connectTimeoutSet = config.ssh.connectTimeoutSet;
        t.keepaliveSet = config.ssh.keepaliveSet;
        t.useSshConfig = config.ssh.useSshConfig;
        t.sshConfigFile = config.ssh.sshConfigFile;
        t.hostKeyPolicy = policy;
        t.interaction = interaction;
        t.httpVia = h.httpVia;
        targets << t;
    }
    return targets;
}

DeploymentController::DeploymentController(DeploymentConfig config, HostKeyPolicy hostKeyPolicy, QObject *parent)
    : DeploymentController(std::move(config), hostKeyPolicy, nullptr, parent)
{
}

DeploymentController::DeploymentController(DeploymentConfig config, HostKeyPolicy hostKeyPolicy,
                                           std::shared_ptr<SshInteraction> interaction, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_interaction(interaction)
{
    qRegisterMetaType<FleetSnapshot>();
    qRegisterMetaType<PipelineEvent>();
    qRegisterMetaType<PipelineOutcome>();
    qRegisterMetaType<FanoutResult>();
    qRegisterMetaType<RecoveryReport>();
    qRegisterMetaType<RunRecord>();
    qRegisterMetaType<QList<NewHostKey>>();
    m_workers.setMaxThreadCount(4);
    m_pool = new HostPool(sshTargets(m_config, hostKeyPolicy, interaction), {m_config.router.host}, this);
    m_journal = std::make_unique<Journal>(m_config.journalPath.isEmpty() ? Journal::defaultPath(m_config.name)
                                                                               : m_config.journalPath);
    m_pipelineRouter = makeRouter(*m_pool, m_config, Lane::Work);
    m_controlRouter = makeRouter(*m_pool, m_config, Lane::Control);
    m_metrics = new MetricsHub(m_config, this);
    m_refreshTimer = new QTimer(this);
    connect(m_refreshTimer, &QTimer::timeout, this, &DeploymentController::refresh);
    m_remoteJournal = std::make_unique<RemoteJournal>(*m_pool, m_config, Lane::Control);
    m_journalTimer = new QTimer(this);
    connect(m_journalTimer, &QTimer::timeout, this, &DeploymentController::followJournal);
    connect(m_pool, &HostPool::hostStatusChanged, this, [this](const QString &host, const HostStatus &status) {
        Q_EMIT hostStatusChanged(host, status);
        offerHostKeyReview();
    });
    connect(m_pool, &HostPool::outputLine, this, &DeploymentController::logLine);
}

DeploymentController::~DeploymentController()
{
    m_deployCancel.cancel();
    m_shutdown.cancel();
    // Give a rollback or a journal append a moment to finish (each has its own deadline),
    // then cut whatever is left.
    m_workers.waitForDone(kShutdownGraceMs);
    if (m_rollbackThread)
        m_rollbackThread->wait(kShutdownGraceMs);
    m_pool->cancelAll();
    m_workers.waitForDone();
    if (m_rollbackThread)
        m_rollbackThread->wait();
}

void DeploymentController::offerHostKeyReview()
{
    if (!m_interaction || !m_hostKeysShown.isEmpty())
        return;
    const QList<NewHostKey> keys = m_interaction->hostKeys().pending();
    if (keys.isEmpty())
        return;
    for (const HostConfig &h : m_config.hosts) {
        const HostState state = m_pool->status(h.name).state;
        if (state == HostState::Disconnected || state == HostState::Connecting || state == HostState::Authenticating)
            return; // not tried yet, or trying: its key may be new too (one review, not one per host)
    }
    m_hostKeysShown = keys;
    Q_EMIT hostKeysToReview(keys);
}

void DeploymentController::answerHostKeys(const QList<NewHostKey> &trusted)
{
    if (!m_interaction)
        return;
    m_interaction->hostKeys().answer(std::exchange(m_hostKeysShown, {}), trusted);
    if (!trusted.isEmpty())
        m_pool->connectAll(); // the trusted hosts connect now (behind a trusted jump host, their own keys come next)
    offerHostKeyReview();
}

HostStatus DeploymentController::hostStatus(const QString &host) const
{
    return m_pool->status(host);
}

void DeploymentController::connectHosts(int refreshMs)
{
    m_pool->connectAll();
    refresh();
    checkRecovery(refreshMs > 0);
    if (refreshMs > 0) {
        m_refreshTimer->start(refreshMs);
        followJournal();
        m_journalTimer->start(kJournalFollowMs);
    }
}

void DeploymentController::followJournal()
{
    if (m_following.exchange(true))
        return;
    m_workers.start([this] {
        const Result<QList<QJsonObject>> read = m_remoteJournal->poll(m_shutdown);
        QList<RunRecord> records;
        if (read) {
            for (const QJsonObject &o : read.value()) {
                if (o.value(QLatin1String("deployment")).toString() != m_config.name)
                    continue;
                RunRecord r = runRecordFrom(o);
                r.begunHere = m_journal->begunHere(r.runId);
                records << r;
            }
        }
        const QString error = read ? QString() : read.error();
        postQueued(this, [this, records, error] {
            m_following = false;
            if (!error.isEmpty()) {
                if (!std::exchange(m_followFailed, true))
                    Q_EMIT journalFollowFailed(error);
                return;
            }
            m_followFailed = false;
            if (!records.isEmpty())
                Q_EMIT journalRecords(records);
        });
    });
}

void DeploymentController::checkRecovery(bool followRunning)
{
    m_workers.start([this, followRunning] {
        const RecoveryReport report = RecoveryCheck(m_config, *m_pool, *m_controlRouter, *m_journal).run(CancelToken());
        publishWarmWindow(JournalReading::Background); // first: it has arrived once recoveryChecked has
        postQueued(this, [this, report, followRunning] {
            Q_EMIT recoveryChecked(report);
            // A deploy running elsewhere is followed until it ends or its heartbeat stops: the
            // window then shows what it left, never a guess.
            if (followRunning && report.running && m_activity != Activity::Deploying && m_activity != Activity::Resuming)
                QTimer::singleShot(kRecoveryFollowMs, this, [this] { checkRecovery(true); });
        });
    });
}

FleetSnapshot DeploymentController::readFleet()
{
    FleetSnapshot fleet;
    QList<QPair<int, QFuture<CommandResult>>> reads;
    for (const EnvironmentConfig *env : {&m_config.blue, &m_config.green}) {
        for (const QString &name : env->hosts) {
            HostSnapshot h;
            h.name = name;
            h.address = m_config.host(name)->address;
            h.colour = env->colour;
            CommandRequest request;
            request.command = expandCommand(env->versionCommand, {}, name, env->colour);
            request.timeout = std::chrono::milliseconds(kVersionReadMs);
            reads.append({static_cast<int>(fleet.hosts.size()), m_pool->run(name, request)});
            fleet.hosts << h;
        }
    }
    const Result<RouterState> router = m_controlRouter->readState(CancelToken());
    fleet.routerOk = router.ok();
    if (router) {
        fleet.router = router.value();
        for (HostSnapshot &h : fleet.hosts) {
            h.weight = fleet.router.servers.value(h.name).weight;
            h.routerStatus = fleet.router.servers.value(h.name).status;
        }
        askHostsWhatTheRouterDoesNot(fleet);
    } else {
        fleet.routerError = router.error();
    }
    // A host busy with a long step answers later; keep what we knew rather than wait.
    QElapsedTimer clock;
    clock.start();
    for (auto &[index, future] : reads) {
        while (!future.isFinished() && clock.elapsed() < kVersionReadMs + 500)
            QThread::msleep(5);
        HostSnapshot &h = fleet.hosts[index];
        if (!future.isFinished()) {
            h.versionError = QStringLiteral("busy");
            continue;
        }
        const CommandResult r = future.result();
        if (r.ok())
            h.version = QString::fromUtf8(r.stdoutTail).trimmed();
        else
            h.versionError = r.summary();
    }
    fleet.readAt = QDateTime::currentDateTimeUtc();
    return fleet;
}

void DeploymentController::askHostsWhatTheRouterDoesNot(FleetSnapshot &fleet)
{
    // A router that checks nothing ("no check": DNS) cannot say a host is healthy: the host's own
    // health check does, so a rollback onto it is offered only when it answers. A router that
    // counts nothing per server: the hosts' own counters, where they have one, show a colour at
    // 0 % still draining. A host that does not answer its counter keeps its last count (nothing
    // would read as a reset, and its next answer as a burst). Only the refresh worker, one at a
    // time, touches m_hostRequestCounts.
    const bool counted = m_config.router.countsRequests();
    for (HostSnapshot &h : fleet.hosts) {
        const EnvironmentConfig &env = m_config.environment(h.colour);
        if (h.routerStatus == QLatin1String("no check")) {
            const Result<HttpReply> health = hostHttpGet(h.name, env.appUrl(h.address, env.healthPath), kHostHttpReadMs);
            h.healthy = health && health->status == 200;
        }
        if (!counted && !env.requestsPath.isEmpty()) {
            if (const Result<qint64> count = readRequestCount(m_config, h.name, kHostHttpReadMs))
                m_hostRequestCounts.insert(h.name, count.value());
            if (m_hostRequestCounts.contains(h.name))
                h.requestsServed = m_hostRequestCounts.value(h.name);
        }
    }
}

void DeploymentController::publishWarmWindow(JournalReading reading)
{
    // A background reading may be older than a change begun meanwhile: one taken before a deploy
    // wrote its first record says the colour before the *previous* deploy, and a close or Ctrl+R
    // would then aim at that colour. So it counts only if no change began or ended between the
    // read and its arrival and none runs then; a change's own worker reads after its records.
    const quint64 epoch = m_changeEpoch.load();
    // The journal grows without bound: it is read here, on a worker, never on the GUI thread.
    const std::optional<Journal::WarmWindow> warm = m_journal->lastWarmWindow(m_config.name);
    const QString colour = warm ? warm->colour : QString();
    const QDateTime until = warm ? warm->until : QDateTime();
    const QString previous = m_journal->colourBeforeLastDeploy();
    postQueued(this, [this, colour, until, previous, reading, epoch] {
        if (reading == JournalReading::Background && (epoch != m_changeEpoch.load() || m_activity != Activity::Idle))
            return;
        Q_EMIT warmWindowChanged(colour, until);
        Q_EMIT colourBeforeLastDeployRead(previous);
    });
}

void DeploymentController::feedRouterCounters(const FleetSnapshot &fleet)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Colour colour : {Colour::Blue, Colour::Green}) {
        const RouterState::Counts counts = fleet.router.colourCounts(colour);
        m_metrics->addRouterCounters(colour, now, counts.requests, counts.errors5xx);
        m_metrics->addTrafficLatencies(colour, now, fleet.router.colourUpstreamMs(colour));
        std::optional<qint64> served;
        for (const HostSnapshot &h : fleet.hosts) {
            if (h.colour == colour && h.requestsServed)
                served = served.value_or(0) + *h.requestsServed;
        }
        if (served)
            m_metrics->addHostCounts(colour, now, *served);
    }
}

void DeploymentController::refresh()
{
    if (m_refreshing.exchange(true))
        return;
    m_workers.start([this] {
        FleetSnapshot fleet = readFleet();
        postQueued(this, [this, fleet]() mutable {
            // Keep last known versions of hosts that were busy.
            for (HostSnapshot &h : fleet.hosts) {
                if (h.versionError == QLatin1String("busy")) {
                    for (const HostSnapshot &old : std::as_const(m_fleet.hosts)) {
                        if (old.name == h.name)
                            h.version = old.version;
                    }
                }
            }
            m_fleet = fleet;
            m_refreshing = false;
            if (fleet.routerOk)
                feedRouterCounters(fleet);
            Q_EMIT fleetChanged(m_fleet);
        });
    });
}

void DeploymentController::sendEvent(const PipelineEvent &event)
{
    const QueuedHandOff handOff(thread());
    Q_EMIT pipelineEvent(event);
}

bool DeploymentController::deploy(const QString &version, const DeployOptions &options)
{
    if (!versionProblem(version).isEmpty() || !beginChange(Activity::Deploying))
        return false;
    const CancelToken cancel = m_deployCancel;
    m_workers.start([this, version, cancel, options] {
        PipelineRun run(m_config, *m_pool, *m_pipelineRouter, *m_journal,
                        [this](const PipelineEvent &e) { sendEvent(e); }, cancel, options);
        const PipelineOutcome outcome = run.execute(version);
        publishWarmWindow(JournalReading::AfterChange);
        postQueued(this, [this, outcome] {
            endChange(Activity::Deploying);
            Q_EMIT deployFinished(outcome);
            refresh();
        });
    });
    return true;
}

bool DeploymentController::beginChange(Activity change)
{
    if (m_activity != Activity::Idle)
        return false;
    m_deployCancel = CancelToken();
    setActivity(change);
    return true;
}

void DeploymentController::endChange(Activity change)
{
    if (m_activity == change)
        setActivity(Activity::Idle);
    else if (m_activity == Activity::RollingBack && m_interrupted == change)
        m_interrupted = Activity::Idle;
}

void DeploymentController::setActivity(Activity activity)
{
    if (m_activity == activity)
        return;
    m_activity = activity;
    ++m_changeEpoch;
    Q_EMIT activityChanged(activity);
}

bool DeploymentController::cleanUp(bool now)
{
    if (!beginChange(Activity::CleaningUp))
        return false;
    const CancelToken cancel = m_deployCancel;
    m_workers.start([this, now, cancel] {
        CleanupRun run(m_config, *m_pool, *m_pipelineRouter, *m_journal,
                       [this](const PipelineEvent &e) { sendEvent(e); }, cancel);
        const PipelineOutcome outcome = run.execute(now);
        publishWarmWindow(JournalReading::AfterChange);
        postQueued(this, [this, outcome] {
            endChange(Activity::CleaningUp);
            Q_EMIT cleanupFinished(outcome);
            refresh();
        });
    });
    return true;
}

bool DeploymentController::resume(bool undo)
{
    if (!beginChange(Activity::Resuming))
        return false;
    const CancelToken cancel = m_deployCancel;
    m_workers.start([this, undo, cancel] {
        const PipelineOutcome outcome = ResumeRun(m_config, *m_pool, *m_pipelineRouter, *m_journal,
                                                  [this](const PipelineEvent &e) { sendEvent(e); }, cancel)
                                            .execute(undo);
        publishWarmWindow(JournalReading::AfterChange);
        postQueued(this, [this, outcome] {
            endChange(Activity::Resuming);
            Q_EMIT resumeFinished(outcome);
            refresh();
        });
    });
    return true;
}

void DeploymentController::abort()
{
    m_deployCancel.cancel();
}

void DeploymentController::promote()
{
    m_workers.start([this] {
        DeployLock lock(*m_pool, m_config.router.host, m_config.name, m_config.router.lockPath, Lane::Control);
        // Confirmed: the running deploy (here or anywhere) reads it within a heartbeat.
        const Result<QString> sent = DeploySignal(lock).send(DeployLock::Signal::Promote, kPromoteConfirm, CancelToken());
        postQueued(this, [this, sent] { Q_EMIT promoteSent(sent.error()); });
    });
}

bool DeploymentController::rollback(const QString &reason, std::optional<Colour> target)
{
    if (m_activity == Activity::RollingBack)
        return false;
    m_interrupted = m_activity;
    m_deployCancel.cancel(); // the running change stops; rollback does not wait for it
    setActivity(Activity::RollingBack);
    m_rollbackThread = QThread::create([this, reason, target] {
        Rollback rollback(m_config, *m_controlRouter, *m_journal, [this](const PipelineEvent &e) { sendEvent(e); });
        const PipelineOutcome outcome = rollback.execute(target, reason);
        postQueued(this, [this, outcome] { finishRollback(outcome); });
        // Traffic is safe and the operator told; now the record goes to the router host too.
        if (const Status shipped = JournalShipper(*m_pool, m_config, Lane::Control).ship(*m_journal); !shipped)
            qWarning("greenlight: %s", qPrintable(shipped.error()));
    });
    m_rollbackThread->setObjectName(QStringLiteral("rollback"));
    connect(m_rollbackThread, &QThread::finished, m_rollbackThread, &QObject::deleteLater);
    m_rollbackThread->start();
    return true;
}

void DeploymentController::runCommand(const QStringList &hosts, const QString &command, const FanoutPolicy &policy, int timeoutS)
{
    m_workers.start([this, hosts, command, policy, timeoutS] {
        QElapsedTimer clock;
        clock.start();
        const FanoutResult result = Fanout(*m_pool, policy).run(hosts, [&](const QString &) {
            CommandRequest request;
            request.command = command;
            request.timeout = std::chrono::seconds(timeoutS);
            request.tag = QStringLiteral("exec");
            return request;
        });
        const qint64 elapsed = clock.elapsed();
        postQueued(this, [this, result, elapsed] { Q_EMIT commandFinished(result, elapsed); });
    });
}

void DeploymentController::finishRollback(const PipelineOutcome &outcome)
{
    // Back to the change the rollback interrupted while its worker winds down, else idle.
    setActivity(std::exchange(m_interrupted, Activity::Idle));
    Q_EMIT rollbackFinished(outcome);
    refresh();
}

} // namespace greenlight
