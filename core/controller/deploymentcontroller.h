#pragma once

#include "config/deploymentconfig.h"
#include "model/fleetsnapshot.h"
#include "model/newhostkey.h"
#include "model/pipelineevent.h"
#include "model/runrecord.h"
#include "pipeline/pipelinerun.h"
#include "pipeline/recoverycheck.h"
#include "ssh/fanout.h"
#include "ssh/sshtypes.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <optional>

class QTimer;

namespace greenlight {

class HostPool;
class Journal;
class MetricsHub;
class RemoteJournal;
class RouterAdapter;

// What the controller is doing. One change at a time; a rollback may start during any of them
// (it never waits for the pipeline).
enum class Activity { Idle, Deploying, Resuming, CleaningUp, RollingBack };

// The one object the window and the headless CLI both drive: it owns the SSH sessions, the
// router adapters, the journal and the metrics for one deployment file, and runs deploys and
// rollbacks on worker threads. Lives on the GUI (main) thread; never blocks it.
class DeploymentController final : public QObject
{
    Q_OBJECT
public:
    DeploymentController(DeploymentConfig config, HostKeyPolicy hostKeyPolicy, QObject *parent = nullptr);
    // `interaction` answers passphrase prompts and (HostKeyPolicy::Ask) unknown host keys.
    DeploymentController(DeploymentConfig config, HostKeyPolicy hostKeyPolicy, std::shared_ptr<SshInteraction> interaction,
                         QObject *parent = nullptr);
    ~DeploymentController() override;

    [[nodiscard]] const DeploymentConfig &config() const { return m_config; }
    [[nodiscard]] HostPool &pool() { return *m_pool; }
    [[nodiscard]] MetricsHub &metrics() { return *m_metrics; }
    [[nodiscard]] Journal &journal() { return *m_journal; }
    [[nodiscard]] const RouterAdapter &router() const { return *m_pipelineRouter; }
    [[nodiscard]] const FleetSnapshot &fleet() const { return m_fleet; }
    [[nodiscard]] HostStatus hostStatus(const QString &host) const;
    [[nodiscard]] Activity activity() const { return m_activity; }

    // Opens every session, checks for a deploy that was cut short (recoveryChecked), and
    // refreshes the fleet every `refreshMs` (0: only on demand).
    void connectHosts(int refreshMs = 2000);
    void refresh();
    // Starts a deploy of `version` to the idle colour; false (and nothing starts) when busy.
    bool deploy(const QString &version, const DeployOptions &options = {});
    void abort();
    // Lets a deploy waiting at its manual promote gate shift traffic.
    void promote();
    // Never waits for a running deploy: cancels it and puts traffic back at once.
    bool rollback(const QString &reason, std::optional<Colour> target = std::nullopt);

    // `greenlight resume`: finishes (or, `undo`, undoes) a deploy that was cut short, once its
    // lock is dead; resumeFinished reports. False (nothing starts) when busy.
    bool resume(bool undo);

    // Cleans up the old colour of the last deploy once its warm window is over (`now`: at
    // once); cleanupFinished reports. False (nothing starts) when busy.
    bool cleanUp(bool now);

    // Reads the deploy lock's heartbeat and the journal again (recoveryChecked): after a deploy
    // was refused for a held lock, the window learns whether its holder is alive or dead.
    void recheckLock() { checkRecovery(false); }

    // The operator's answer to hostKeysToReview: the `trusted` keys are written by their hosts'
    // sessions as they connect again now; every other key of the review stays refused.
    void answerHostKeys(const QList<greenlight::NewHostKey> &trusted);
    [[nodiscard]] bool reviewingHostKeys() const { return !m_hostKeysShown.isEmpty(); }

    // Runs `command` on `hosts` (fan-out under `policy`), streaming lines through logLine
    // (tag "exec"); commandFinished reports every host's result.
    void runCommand(const QStringList &hosts, const QString &command, const FanoutPolicy &policy, int timeoutS);

    [[nodiscard]] static QList<SshTarget> sshTargets(const DeploymentConfig &config, HostKeyPolicy policy,
                                                     const std::shared_ptr<SshInteraction> &interaction = {});

Q_SIGNALS:
    void fleetChanged(const greenlight::FleetSnapshot &fleet);
    void hostStatusChanged(const QString &host, const greenlight::HostStatus &status);
    // HostKeyPolicy::Review: the new host keys met while connecting, all at once, once every
    // host has tried (none is still connecting); answerHostKeys answers.
    void hostKeysToReview(const QList<greenlight::NewHostKey> &keys);
    void logLine(const QString &host, const QString &tag, greenlight::OutputStream stream, const QString &line);
    void pipelineEvent(const greenlight::PipelineEvent &event);
    void deployFinished(const greenlight::PipelineOutcome &outcome);
    void rollbackFinished(const greenlight::PipelineOutcome &outcome);
    void cleanupFinished(const greenlight::PipelineOutcome &outcome);
    void resumeFinished(const greenlight::PipelineOutcome &outcome);
    // The colour the last deploy left warm for rollback, and until when (invalid: no deadline);
    // an empty colour: none. Sent after connecting, after each deploy and after each clean-up.
    void warmWindowChanged(const QString &colour, const QDateTime &until);
    // The colour that was live before the last deploy, as the journal records it (what a
    // rollback without a target goes back to); empty: no deploy recorded. Sent with the above.
    void colourBeforeLastDeployRead(const QString &colour);
    void activityChanged(greenlight::Activity activity);
    void recoveryChecked(const greenlight::RecoveryReport &report);
    void promoteSent(const QString &error); // empty when the running deploy got it
    void commandFinished(const greenlight::FanoutResult &result, qint64 elapsedMs);
    // New records of this deployment in the router host's copy of the journal (every operator's
    // runs, this process's flagged begunHere), oldest first; followed every few seconds.
    void journalRecords(const QList<greenlight::RunRecord> &records);
    // The copy could not be read (once per failure streak): the history may be behind.
    void journalFollowFailed(const QString &why);

private:
    // From a worker thread: a pipeline event, queued to the receivers on the main thread.
    void sendEvent(const PipelineEvent &event);
    FleetSnapshot readFleet();
    // Looks for a deploy running elsewhere or cut short (recoveryChecked); `followRunning`:
    // looks again every few seconds while one runs.
    void checkRecovery(bool followRunning);
    // Idle → `change`; false (nothing starts) when anything runs.
    [[nodiscard]] bool beginChange(Activity change);
    // The worker of `change` ended (also when a rollback interrupted it).
    void endChange(Activity change);
    void setActivity(Activity activity);
    // Reads the warm window from the journal (worker threads only) and sends warmWindowChanged.
    // AfterChange: by a change's worker once its records are written, always sent. Background:
    // sent only if no change began or ended meanwhile (see the definition).
    enum class JournalReading { AfterChange, Background };
    void publishWarmWindow(JournalReading reading);
    // The router's per-server counters, summed per colour, for the charts' error rate.
    void feedRouterCounters(const FleetSnapshot &fleet);
    void askHostsWhatTheRouterDoesNot(FleetSnapshot &fleet);
    void finishRollback(const PipelineOutcome &outcome);
    // Sends hostKeysToReview when keys wait and no host is still connecting.
    void offerHostKeyReview();
    // Reads what the router host's copy of the journal gained (on a worker) and sends it.
    void followJournal();

    DeploymentConfig m_config;
    std::shared_ptr<SshInteraction> m_interaction; // may be null (headless)
    QList<NewHostKey> m_hostKeysShown;              // sent by hostKeysToReview, not yet answered
    HostPool *m_pool = nullptr;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<RouterAdapter> m_pipelineRouter; // Work lane
    std::unique_ptr<RouterAdapter> m_controlRouter;  // Control lane: rollback and status reads
    MetricsHub *m_metrics = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QTimer *m_journalTimer = nullptr;
    std::unique_ptr<RemoteJournal> m_remoteJournal; // Control lane; used by one worker at a time
    std::atomic_bool m_following = false;
    bool m_followFailed = false;
    FleetSnapshot m_fleet;
    std::atomic_bool m_refreshing = false;
    QHash<QString, qint64> m_hostRequestCounts; // the refresh worker's last count per host (askHostsWhatTheRouterDoesNot)
    Activity m_activity = Activity::Idle;
    std::atomic<quint64> m_changeEpoch = 0; // bumped by every change of m_activity (publishWarmWindow)
    // While rolling back: the change the rollback interrupted, until its worker ends. Nothing
    // new starts before it has (its lock release and journal end are still to come).
    Activity m_interrupted = Activity::Idle;
    CancelToken m_deployCancel;
    CancelToken m_shutdown; // cancelled by the destructor: background reads give up
    QThreadPool m_workers; // deploys, fleet reads, commands; drained before destruction
    QPointer<QThread> m_rollbackThread; // its own thread: a rollback never queues behind other work
};

} // namespace greenlight
