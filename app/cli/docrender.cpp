#include "docrender.h"

#include "cli/clicommon.h"
#include "cli/verbtable.h"
#include "lab/lab.h"

namespace greenlight {

namespace {

// Text for roff: backslashes escaped, dashes as minus signs, no line starting with a control
// character.
QString roff(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\e"));
    text.replace(QLatin1Char('-'), QStringLiteral("\\-"));
    text.replace(QChar(0x2014), QStringLiteral("\\(em"));
    text.replace(QChar(0x2026), QStringLiteral("..."));
    text.replace(QStringLiteral("\n."), QStringLiteral("\n\\&."));
    if (text.startsWith(QLatin1Char('.')) || text.startsWith(QLatin1Char('\'')))
        text.prepend(QStringLiteral("\\&"));
    return text;
}

QString optionLine(const VerbArgs::Option &o)
{
    QString names = o.shortName.isEmpty() ? QStringLiteral("\\fB\\-\\-%1\\fR").arg(o.name)
                                          : QStringLiteral("\\fB\\-%1\\fR, \\fB\\-\\-%2\\fR").arg(o.shortName, o.name);
    if (!o.valueName.isEmpty())
        names += QStringLiteral(" \\fI%1\\fR").arg(o.valueName);
    QString text = o.description;
    if (!o.expected.isEmpty())
        text += QStringLiteral(" %1: %2.").arg(o.valueName, o.expected);
    if (!o.fallback.isEmpty())
        text += QStringLiteral(" Default: %1.").arg(o.fallback);
    return QStringLiteral(".TP\n%1\n%2\n").arg(names, roff(text));
}

// Every option name of a verb, as a shell word list.
QStringList optionWords(const VerbArgs &args)
{
    QStringList words;
    for (const VerbArgs::Option &o : args.options()) {
        words << QStringLiteral("--") + o.name;
        if (!o.shortName.isEmpty())
            words << QStringLiteral("-") + o.shortName;
    }
    return words;
}

} // namespace

QString manPage(const QString &version, const QString &date)
{
    QString page = QStringLiteral(".TH GREENLIGHT 1 \"%1\" \"greenlight %2\" \"User Commands\"\n").arg(date, version);
    page += QStringLiteral(".SH NAME\ngreenlight \\- blue\\-green deployments over SSH: console and headless commands\n");
    page += QStringLiteral(".SH SYNOPSIS\n.B greenlight\n.I COMMAND\n[\\fIOPTIONS\\fR]\n.br\n.B greenlight\n"
                           "[\\fIFILE\\fR | \\fB\\-\\-config\\fR \\fIFILE\\fR | \\fB\\-\\-lab\\fR [\\fB\\-\\-lab\\-router\\fR \\fITYPE\\fR]]\n"
                           ".br\n.B greenlight\n\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR | \\fBhelp\\fR [\\fICOMMAND\\fR]\n");
    page += QStringLiteral(".SH DESCRIPTION\n%1\n.PP\n%2\n")
                .arg(roff(QStringLiteral("Greenlight deploys a new version to the idle colour (blue or green) of a service, verifies it, "
                                         "shifts the router's traffic to it and rolls back in one step. Without a command it opens the "
                                         "console window (a display is needed); each command below runs headless.")),
                     roff(QStringLiteral("Commands that work on a deployment read the deployment file given with --config; without it, "
                                         "./greenlight.json, else the file GREENLIGHT_CONFIG names. With --json, standard output carries "
                                         "one JSON object per line, each with a type; errors and failure summaries go to standard error.")));
    page += QStringLiteral(".SH COMMANDS\n");
    for (const VerbSpec &v : verbTable()) {
        const VerbArgs args = argsFor(v.name);
        page += QStringLiteral(".SS %1\n.B greenlight %1\n%2\n.PP\n%3\n").arg(v.name, roff(args.synopsis()), roff(v.summary));
        if (!args.positionalName().isEmpty())
            page += QStringLiteral(".TP\n\\fI%1\\fR\n%2\n").arg(args.positionalName(), roff(args.positionalDescription()));
        for (const VerbArgs::Option &o : args.options())
            page += optionLine(o);
        if (!v.examples.isEmpty()) {
            page += QStringLiteral(".PP\nExamples:\n");
            for (const QString &e : v.examples)
                page += QStringLiteral(".RS\n.B greenlight %1\n.RE\n").arg(roff(e));
        }
    }
    page += QStringLiteral(".SH EXIT STATUS\n");
    for (const ExitCodeSpec &e : exitCodeTable())
        page += QStringLiteral(".TP\n.B %1\n%2\n").arg(e.code).arg(roff(e.meaning));
    page += QStringLiteral(".SH ENVIRONMENT\n"
                           ".TP\n.B GREENLIGHT_CONFIG\n%1\n"
                           ".TP\n.BR GREENLIGHT_ASKPASS \", \" SSH_ASKPASS\n%2\n"
                           ".TP\n.BR DISPLAY \", \" WAYLAND_DISPLAY\n%3\n")
                .arg(roff(QStringLiteral("The deployment file when --config is not given and ./greenlight.json does not exist.")),
                     roff(QStringLiteral("A program that prints an encrypted key's passphrase (headless); asked once per run and key.")),
                     roff(QStringLiteral("The window needs one; commands do not.")));
    page += QStringLiteral(".SH FILES\n.TP\n.I ~/.local/share/greenlight/\n%1\n")
                .arg(roff(QStringLiteral("The journal of each deployment (JSONL) and the whole output of every command a deploy runs (logs/).")));
    page += QStringLiteral(".SH SEE ALSO\n.BR ssh (1),\n.BR haproxy (1),\n.BR nginx (8)\n");
    return page;
}

QString bashCompletion()
{
    QString cases;
    for (const VerbSpec &v : verbTable()) {
        const VerbArgs args = argsFor(v.name);
        QString extra;
        if (v.name == QLatin1String("lock"))
            extra = QStringLiteral(" status release");
        cases += QStringLiteral("        %1) words='%2%3' ;;\n").arg(v.name, optionWords(args).join(QLatin1Char(' ')), extra);
    }
    return QStringLiteral(
               "# bash completion for greenlight (generated from its verb table)\n"
               "_greenlight()\n"
               "{\n"
               "    local cur prev verb words\n"
               "    cur=${COMP_WORDS[COMP_CWORD]}\n"
               "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
               "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
               "        COMPREPLY=($(compgen -W '%1 help --help --version --config --lab --lab-router' -- \"$cur\"))\n"
               "        return\n"
               "    fi\n"
               "    case $prev in\n"
               "        -c|--config) COMPREPLY=($(compgen -f -X '!*.json' -- \"$cur\")); compopt -o plusdirs 2>/dev/null; return ;;\n"
               "        --to) COMPREPLY=($(compgen -W 'blue green' -- \"$cur\")); return ;;\n"
               "        --router|--lab-router) COMPREPLY=($(compgen -W '%3' -- \"$cur\")); return ;;\n"
               "        --on) COMPREPLY=($(compgen -W 'blue green live idle all router' -- \"$cur\")); return ;;\n"
               "    esac\n"
               "    verb=${COMP_WORDS[1]}\n"
               "    case $verb in\n"
               "%2"
               "        help) words='%1' ;;\n"
               "        *) words='' ;;\n"
               "    esac\n"
               "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
               "}\n"
               "complete -o default -F _greenlight greenlight\n")
        .arg(verbNames().join(QLatin1Char(' ')), cases, labRouterNames().join(QLatin1Char(' ')));
}

QString zshCompletion()
{
    QString verbs;
    QString cases;
    for (const VerbSpec &v : verbTable()) {
        QString summary = v.summary;
        summary.replace(QLatin1Char('\''), QStringLiteral("'\\''")).replace(QLatin1Char(':'), QStringLiteral("\\:"));
        verbs += QStringLiteral("        '%1:%2'\n").arg(v.name, summary);
        const VerbArgs args = argsFor(v.name);
        QStringList specs;
        for (const VerbArgs::Option &o : args.options()) {
            QString description = o.description;
            description.replace(QLatin1Char('\''), QStringLiteral("'\\''")).replace(QLatin1Char('['), QLatin1Char('(')).replace(QLatin1Char(']'), QLatin1Char(')'));
            QString action;
            if (!o.valueName.isEmpty())
                action = o.choices.isEmpty() ? (o.name == QLatin1String("config") ? QStringLiteral(":file:_files -g '*.json'") : QStringLiteral(":%1:").arg(o.valueName))
                                             : QStringLiteral(":%1:(%2)").arg(o.valueName, o.choices.join(QLatin1Char(' ')));
            specs << QStringLiteral("'--%1[%2]%3'").arg(o.name, description, action);
        }
        cases += QStringLiteral("        (%1) _arguments %2 ;;\n").arg(v.name, specs.join(QLatin1Char(' ')));
    }
    return QStringLiteral("#compdef greenlight\n"
                          "# zsh completion for greenlight (generated from its verb table)\n"
                          "_greenlight() {\n"
                          "    local -a verbs\n"
                          "    verbs=(\n%1    )\n"
                          "    if (( CURRENT == 2 )); then\n"
                          "        _describe 'command' verbs\n"
                          "        return\n"
                          "    fi\n"
                          "    shift words; (( CURRENT-- ))\n"
                          "    case ${words[1]} in\n%2"
                          "    esac\n"
                          "}\n"
                          "_greenlight \"$@\"\n")
        .arg(verbs, cases);
}

} // namespace greenlight
