#include "usage.h"

#include "cli/argtext.h"

namespace greenlight {

const QList<VerbInfo> &verbs()
{
    static const QList<VerbInfo> table = {
        {QStringLiteral("status"), QStringLiteral("--config FILE [--json]"),
         QStringLiteral("Reads the router and every host, and reports a deploy that was cut short.")},
        {QStringLiteral("deploy"), QStringLiteral("VERSION --config FILE [--json] [--accept-new-host-keys] [--force-unlock]"),
         QStringLiteral("Deploys VERSION to the idle colour, verifies it and shifts traffic to it.")},
        {QStringLiteral("rollback"), QStringLiteral("--config FILE [--to blue|green] [--reason TEXT] [--json]"),
         QStringLiteral("Puts all traffic back on the colour that was live before the last deploy.")},
        {QStringLiteral("cleanup"), QStringLiteral("--config FILE [--now] [--json]"),
         QStringLiteral("Cleans up the old colour once its warm window is over (--now: before).")},
        {QStringLiteral("plan"), QStringLiteral("VERSION --config FILE [--json]"),
         QStringLiteral("Prints every command and router change a deploy of VERSION would make; runs nothing.")},
        {QStringLiteral("history"), QStringLiteral("--config FILE [--limit N] [--json]"),
         QStringLiteral("Deploys, switches and rollbacks from the journal, with who and why.")},
        {QStringLiteral("promote"), QStringLiteral("--config FILE"),
         QStringLiteral("Lets a deploy waiting at its manual promote gate shift traffic.")},
        {QStringLiteral("abort"), QStringLiteral("--config FILE"),
         QStringLiteral("Stops the running deploy, from any machine, and waits until it put traffic back.")},
        {QStringLiteral("resume"), QStringLiteral("--config FILE [--undo] [--json]"),
         QStringLiteral("Finishes a deploy that was cut short (its lock dead) from where the router says traffic is; --undo puts traffic back instead.")},
        {QStringLiteral("exec"),
         QStringLiteral("--config FILE [--on WHERE] [--parallel N] [--batch-percent P] [--continue]\n"
                        "[--timeout S] [--repeat N] -- COMMAND"),
         QStringLiteral("Runs COMMAND on the hosts chosen by --on (blue, green, live, idle, all, or host names).")},
        {QStringLiteral("validate"), QStringLiteral("FILE"),
         QStringLiteral("Checks a deployment file; names every problem by JSON path and line.")},
        {QStringLiteral("lab"), QStringLiteral("[--hosts-per-colour N] [--rps N] [--router haproxy|nginx|command]"),
         QStringLiteral("Starts a local lab (sshd hosts, a router, demo backends); Ctrl+C stops it.")},
    };
    return table;
}

QString synopsisLines(const VerbInfo &verb, int indent)
{
    QString text = verb.synopsis;
    return text.replace(QLatin1Char('\n'), QLatin1Char('\n') + QString(indent, QLatin1Char(' ')));
}

QStringList verbNames()
{
    QStringList names;
    for (const VerbInfo &v : verbs())
        names << v.name;
    return names;
}

bool isVerb(const QString &word)
{
    return verbInfo(word) != nullptr;
}

const VerbInfo *verbInfo(const QString &name)
{
    for (const VerbInfo &v : verbs()) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

QString usageText()
{
    QString text = QStringLiteral("usage: greenlight [FILE | --config FILE | --lab [--lab-router TYPE]]   open the console (needs a display)\n");
    for (const VerbInfo &v : verbs())
        text += QStringLiteral("       greenlight %1 %2\n").arg(v.name, -8).arg(synopsisLines(v, 27));
    text += QStringLiteral("       greenlight VERB --help      what VERB does and its options\n"
                           "       greenlight --help | --version\n"
                           "\n"
                           "exit codes: 0 done; 1 the operation failed; 2 usage or deployment-file error;\n"
                           "            3 hosts or router unreachable; 4 another deployment holds the lock; 130 interrupted\n");
    return text;
}

QString unknownCommand(const QString &word)
{
    const QString near = nearestWord(word, verbNames());
    QString text = QStringLiteral("unknown command '%1'").arg(shown(word).mid(1).chopped(1));
    if (!near.isEmpty())
        text += QStringLiteral("; did you mean '%1'?").arg(near);
    return text;
}

} // namespace greenlight
