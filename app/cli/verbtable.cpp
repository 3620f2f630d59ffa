#include "verbtable.h"

#include "cli/clicommon.h"
#include "lab/lab.h"

namespace greenlight {

namespace {

void declareStatus(VerbArgs &args)
{
    addCommonOptions(args);
}

void declareDeploy(VerbArgs &args)
{
    addCommonOptions(args);
    args.addFlag(QStringLiteral("force-unlock"), QStringLiteral("Break a dead deploy lock (no heartbeat for 10 s); a live one is never broken."));
    args.setPositionals(QStringLiteral("VERSION"), QStringLiteral("The version to deploy to the idle colour (any printable text)."), 1, 1,
                        QStringLiteral("greenlight deploy 2.0.0 --config FILE"));
}

void declareRollback(VerbArgs &args)
{
    addCommonOptions(args);
    args.addChoice(QStringLiteral("to"), QStringLiteral("COLOUR"),
                   QStringLiteral("The colour to send all traffic to (default: the one live before the last deploy)."),
                   {QStringLiteral("blue"), QStringLiteral("green")});
    args.addText(QStringLiteral("to-version"), QStringLiteral("VERSION"),
                 QStringLiteral("Send all traffic to the colour whose hosts all run VERSION (instead of --to)."),
                 QStringLiteral("the version one colour runs"));
    args.addText(QStringLiteral("reason"), QStringLiteral("TEXT"), QStringLiteral("Why, for the journal (history shows it)."),
                 QStringLiteral("printable text on one line"), QStringLiteral("requested from the command line"));
}

void declareLock(VerbArgs &args)
{
    addCommonOptions(args);
    args.addText(QStringLiteral("holder"), QStringLiteral("TOKEN"),
                 QStringLiteral("release: the holder's token, as `lock status` shows it; the lock is released only if it still holds it."),
                 QStringLiteral("the token of the lock's holder"));
    args.addFlag(QStringLiteral("force"), QStringLiteral("release: whoever holds it (still only a dead lock)."));
    args.setPositionals(QStringLiteral("ACTION"),
                        QStringLiteral("status: who holds the deploy lock on the router host, and whether its deploy is alive. "
                                       "release: lets go of a dead lock (no heartbeat for 10 s); a live one is never released."),
                        1, 1, QStringLiteral("greenlight lock status --config FILE"));
}

void declareCleanup(VerbArgs &args)
{
    addCommonOptions(args);
    args.addFlag(QStringLiteral("now"), QStringLiteral("Clean up before the warm window is over (no rollback to that colour after)."));
}

void declarePlan(VerbArgs &args)
{
    addCommonOptions(args);
    args.setPositionals(QStringLiteral("VERSION"), QStringLiteral("The version a deploy would bring (any printable text)."), 1, 1,
                        QStringLiteral("greenlight plan 2.0.0 --config FILE"));
}

void declareHistory(VerbArgs &args)
{
    addCommonOptions(args);
    args.addNumber(QStringLiteral("limit"), QStringLiteral("N"), QStringLiteral("Show the newest N entries."), 1, 100000,
                   QStringLiteral("a whole number of entries"), 20);
}

void declareResume(VerbArgs &args)
{
    addCommonOptions(args);
    args.addFlag(QStringLiteral("undo"), QStringLiteral("Put all traffic back on the colour that served before, and close the cut-short deploy."));
}

void declareExec(VerbArgs &args)
{
    addCommonOptions(args);
    args.addText(QStringLiteral("on"), QStringLiteral("WHERE"), QStringLiteral("Where to run."),
                 QStringLiteral("blue, green, live, idle, all (both colours, not the router's host), router (the router's host), "
                                "or host names separated by commas"),
                 QStringLiteral("all"));
    args.addNumber(QStringLiteral("parallel"), QStringLiteral("N"), QStringLiteral("Commands in flight at once."), 0, 1000,
                   QStringLiteral("a whole number of hosts"), 0, QStringLiteral("0: all at once"));
    args.addNumber(QStringLiteral("batch-percent"), QStringLiteral("P"), QStringLiteral("Rolling batches of this share of the hosts."), 1, 100,
                   QStringLiteral("a whole percentage"), 100);
    args.addFlag(QStringLiteral("continue"), QStringLiteral("Run the next batches even when one failed."));
    args.addNumber(QStringLiteral("timeout"), QStringLiteral("S"), QStringLiteral("Deadline of the command on each host."), 1, 86400,
                   QStringLiteral("whole seconds"), 60);
    args.addNumber(QStringLiteral("repeat"), QStringLiteral("N"), QStringLiteral("Run N times on the same open sessions, timing each round."),
                   1, 1000, QStringLiteral("a whole number of rounds"), 1);
    args.setPositionals(QStringLiteral("COMMAND"), QStringLiteral("The command line to run on each host (after --)."), 1, -1,
                        QStringLiteral("greenlight exec --config FILE --on live -- uptime"));
}

void declareValidate(VerbArgs &args)
{
    args.addText(QStringLiteral("config"), QStringLiteral("FILE"), QStringLiteral("The deployment file (instead of FILE)."),
                 QStringLiteral("the path of a deployment file"), {}, QStringLiteral("c"));
    args.addFlag(QStringLiteral("json"), QStringLiteral("One JSON object on stdout: the file's summary, or every problem."));
    args.setPositionals(QStringLiteral("FILE"), QStringLiteral("The deployment file to check."), 0, 1,
                        QStringLiteral("greenlight validate deploy.json"));
}

void declareLab(VerbArgs &args)
{
    args.addNumber(QStringLiteral("hosts-per-colour"), QStringLiteral("N"), QStringLiteral("Hosts in each colour."), 1, 64,
                   QStringLiteral("a whole number of hosts"), 2);
    args.addNumber(QStringLiteral("rps"), QStringLiteral("N"), QStringLiteral("Synthetic requests a second through the router."), 0, 1000,
                   QStringLiteral("whole requests a second"), 10, QStringLiteral("0: no traffic"));
    args.addChoice(QStringLiteral("router"), QStringLiteral("TYPE"),
                   QStringLiteral("The router: command is HAProxy driven by two scripts; pdns (PowerDNS) and rfc2136 (BIND) answer a name "
                                  "the traffic resolves."),
                   labRouterNames(), QStringLiteral("haproxy"));
}

} // namespace

const QList<VerbSpec> &verbTable()
{
    static const QList<VerbSpec> table = {
        {QStringLiteral("status"), QStringLiteral("Reads the router and every host, and reports a running or cut-short deploy."), declareStatus,
         {QStringLiteral("status --config shop.json"), QStringLiteral("status --config shop.json --json")}},
        {QStringLiteral("deploy"), QStringLiteral("Deploys VERSION to the idle colour, verifies it and shifts traffic to it."), declareDeploy,
         {QStringLiteral("deploy 2.0.0 --config shop.json"), QStringLiteral("deploy 2.0.0 --config shop.json --force-unlock")}},
        {QStringLiteral("rollback"), QStringLiteral("Puts all traffic back on the colour that was live before the last deploy."), declareRollback,
         {QStringLiteral("rollback --config shop.json --reason \"errors after 2.0.0\""), QStringLiteral("rollback --config shop.json --to blue"),
          QStringLiteral("rollback --to-version 1.4.2")}},
        {QStringLiteral("cleanup"), QStringLiteral("Cleans up the old colour once its warm window is over (--now: before)."), declareCleanup,
         {QStringLiteral("cleanup --config shop.json"), QStringLiteral("cleanup --config shop.json --now")}},
        {QStringLiteral("plan"), QStringLiteral("Prints every command and router change a deploy of VERSION would make; runs nothing."), declarePlan,
         {QStringLiteral("plan 2.0.0 --config shop.json")}},
        {QStringLiteral("history"), QStringLiteral("Deploys, switches and rollbacks from the journal, with who and why."), declareHistory,
         {QStringLiteral("history --config shop.json --limit 5")}},
        {QStringLiteral("promote"), QStringLiteral("Lets a deploy waiting at its manual promote gate shift traffic."), declareStatus,
         {QStringLiteral("promote --config shop.json")}},
        {QStringLiteral("abort"), QStringLiteral("Stops the running deploy, from any machine, and waits until it put traffic back."), declareStatus,
         {QStringLiteral("abort --config shop.json")}},
        {QStringLiteral("resume"), QStringLiteral("Finishes a deploy that was cut short, from where the router says traffic is (--undo: puts it back)."),
         declareResume, {QStringLiteral("resume --config shop.json"), QStringLiteral("resume --config shop.json --undo")}},
        {QStringLiteral("exec"), QStringLiteral("Runs COMMAND on the hosts chosen by --on, in rolling batches."), declareExec,
         {QStringLiteral("exec --config shop.json --on live -- uptime"),
          QStringLiteral("exec --config shop.json --on b1,g1 --timeout 10 -- systemctl is-active shop"),
          QStringLiteral("exec --on router -- systemctl reload haproxy")}},
        {QStringLiteral("lock"), QStringLiteral("Shows the deploy lock on the router host (status), or lets go of a dead one (release)."), declareLock,
         {QStringLiteral("lock status --config shop.json"), QStringLiteral("lock release --config shop.json --holder TOKEN"),
          QStringLiteral("lock release --config shop.json --force")}},
        {QStringLiteral("validate"), QStringLiteral("Checks a deployment file; names every problem by JSON path and line."), declareValidate,
         {QStringLiteral("validate shop.json"), QStringLiteral("validate shop.json --json")}},
        {QStringLiteral("lab"), QStringLiteral("Starts a local lab (sshd hosts, a router, demo backends) and prints its deployment file."), declareLab,
         {QStringLiteral("lab"), QStringLiteral("lab --router nginx --hosts-per-colour 3")}},
    };
    return table;
}

const VerbSpec *verbSpec(const QString &name)
{
    for (const VerbSpec &v : verbTable()) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

QStringList verbNames()
{
    QStringList names;
    for (const VerbSpec &v : verbTable())
        names << v.name;
    return names;
}

bool isVerb(const QString &word)
{
    return verbSpec(word) != nullptr;
}

VerbArgs argsFor(const QString &verb)
{
    VerbArgs args(verb);
    if (const VerbSpec *spec = verbSpec(verb)) {
        spec->declare(args);
        args.describe(spec->summary, spec->examples);
    }
    return args;
}

const QList<ExitCodeSpec> &exitCodeTable()
{
    static const QList<ExitCodeSpec> table = {
        {0, QStringLiteral("ok"), QStringLiteral("Done.")},
        {1, QStringLiteral("failed"), QStringLiteral("The operation failed; the message says where traffic is (a failed deploy leaves it on the live colour or puts it back).")},
        {2, QStringLiteral("usage"), QStringLiteral("A usage error or an invalid deployment file (every problem named by JSON path and line).")},
        {3, QStringLiteral("unreachable"), QStringLiteral("Hosts or router unreachable, or a host key refused; nothing changed.")},
        {4, QStringLiteral("locked"), QStringLiteral("Another deployment holds the deploy lock (the message names who).")},
        {5, QStringLiteral("split"), QStringLiteral("Traffic is split between the colours, so there is no live colour to act from (rollback --to puts it on one); nothing changed.")},
        {130, QStringLiteral("interrupted"), QStringLiteral("Interrupted by Ctrl+C or SIGTERM (a deploy is aborted and traffic that moved is put back).")},
    };
    return table;
}

} // namespace greenlight
