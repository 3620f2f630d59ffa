#include "launch.h"

#include "cli/argtext.h"
#include "cli/usage.h"
#include "cli/verbtable.h"
#include "common/shellquote.h"
#include "common/versiontext.h"
#include "lab/lab.h"

#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

namespace greenlight {

namespace {

// Qt's own window-system options: QApplication reads them, so the window accepts them.
const QStringList kQtValueOptions = {QStringLiteral("platform"), QStringLiteral("platformpluginpath"), QStringLiteral("platformtheme"),
                                     QStringLiteral("plugin"), QStringLiteral("qwindowgeometry"), QStringLiteral("qwindowicon"),
                                     QStringLiteral("qwindowtitle"), QStringLiteral("session"), QStringLiteral("display"),
                                     QStringLiteral("geometry"), QStringLiteral("style"), QStringLiteral("stylesheet"),
                                     QStringLiteral("name"), QStringLiteral("title"), QStringLiteral("qmljsdebugger")};
const QStringList kQtFlags = {QStringLiteral("reverse"), QStringLiteral("widgetcount"), QStringLiteral("nograb"),
                              QStringLiteral("dograb"), QStringLiteral("sync")};
const QStringList kWindowValueOptions = {QStringLiteral("config"), QStringLiteral("c"), QStringLiteral("lab-router"),
                                         QStringLiteral("deploy-on-start")};

bool isHelpWord(const QString &word)
{
    return word == QLatin1String("help") || word == QLatin1String("--help") || word == QLatin1String("-h")
           || word == QLatin1String("-help") || word == QLatin1String("-?");
}

bool isOption(const QString &word)
{
    return word.size() > 1 && word.startsWith(QLatin1Char('-'));
}

QString optionName(const QString &word)
{
    return word.mid(word.startsWith(QLatin1String("--")) ? 2 : 1).section(QLatin1Char('='), 0, 0);
}

bool takesValue(const QString &word)
{
    const QString name = optionName(word);
    return isOption(word) && !word.contains(QLatin1Char('=')) && (kWindowValueOptions.contains(name) || kQtValueOptions.contains(name));
}

bool looksLikeFile(const QString &word)
{
    return word.contains(QLatin1Char('/')) || word.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) || QFileInfo::exists(word);
}

Launch answer(int code, const QString &out, const QString &err)
{
    Launch launch;
    launch.exitCode = code;
    launch.out = out;
    launch.err = err;
    return launch;
}

Launch usageError(const QString &problem)
{
    return answer(2, {}, QStringLiteral("greenlight: %1\nsee `greenlight --help`\n").arg(problem));
}

Launch unknownWord(const QString &word)
{
    return answer(2, {}, QStringLiteral("greenlight: %1\n%2").arg(unknownCommand(word), usageText()));
}

// The window's command line: [FILE | --config FILE | --lab [--lab-router TYPE]] [--deploy-on-start VERSION].
Launch windowLaunch(const QStringList &words, bool display, const QString &version)
{
    // A verb after options: say where it goes rather than what the window does not know.
    for (qsizetype i = 0; i < words.size() && words.at(i) != QLatin1String("--"); ++i) {
        if (isVerb(words.at(i)) && (i == 0 || !takesValue(words.at(i - 1)))) {
            QStringList fixed = words;
            fixed.move(i, 0);
            for (QString &w : fixed)
                w = w.contains(QRegularExpression(QStringLiteral("[^A-Za-z0-9_./=:,+-]"))) || w.isEmpty() ? shellQuote(w) : w;
            return usageError(QStringLiteral("the command goes first: greenlight %1").arg(fixed.join(QLatin1Char(' '))));
        }
    }
    WindowOptions options;
    QString file;
    QMap<QString, QString> values;
    bool onlyFiles = false;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &word = words.at(i);
        if (!onlyFiles && word == QLatin1String("--")) {
            onlyFiles = true;
            continue;
        }
        if (onlyFiles || !isOption(word)) {
            if (!file.isEmpty())
                return usageError(QStringLiteral("the window opens one deployment file, got %1 and %2").arg(shown(file), shown(word)));
            if (word.isEmpty())
                return usageError(QStringLiteral("an empty argument where a deployment file was expected"));
            if (!onlyFiles && !looksLikeFile(word))
                return unknownWord(word);
            file = word;
            continue;
        }
        const QString name = optionName(word);
        const qsizetype equals = word.indexOf(QLatin1Char('='));
        if (isHelpWord(word))
            return answer(0, usageText(), {});
        if (name == QLatin1String("version") && equals < 0)
            return answer(0, versionText(version), {});
        if (kQtFlags.contains(name) && equals < 0)
            continue;
        if (name == QLatin1String("lab")) {
            if (equals >= 0)
                return usageError(QStringLiteral("--lab takes no value, got %1").arg(shown(word.mid(equals + 1))));
            options.lab = true;
            continue;
        }
        if (!kWindowValueOptions.contains(name) && !kQtValueOptions.contains(name)) {
            const QString near = nearestWord(name, {QStringLiteral("lab"), QStringLiteral("lab-router"), QStringLiteral("config"),
                                                    QStringLiteral("deploy-on-start"), QStringLiteral("help"), QStringLiteral("version")});
            return usageError(QStringLiteral("unknown option %1%2; the window takes FILE, --config FILE, --lab, --lab-router TYPE, "
                                             "--deploy-on-start VERSION, and a command's options go after the command")
                                  .arg(shown(word), near.isEmpty() ? QString() : QStringLiteral(" (did you mean --%1?)").arg(near)));
        }
        const QString key = name == QLatin1String("c") ? QStringLiteral("config") : name;
        QString value;
        if (equals >= 0)
            value = word.mid(equals + 1);
        else if (i + 1 < words.size() && !(isOption(words.at(i + 1)) && !kQtValueOptions.contains(name)))
            value = words.at(++i);
        else
            return usageError(QStringLiteral("--%1: missing value").arg(key));
        if (kQtValueOptions.contains(name)) {
            display = display || name == QLatin1String("platform");
            continue;
        }
        if (values.contains(key))
            return usageError(QStringLiteral("--%1 given twice (%2, then %3); give it once").arg(key, shown(values.value(key)), shown(value)));
        values.insert(key, value);
    }

    if (values.contains(QStringLiteral("config"))) {
        if (!file.isEmpty())
            return usageError(QStringLiteral("give the deployment file once: greenlight FILE, or greenlight --config FILE"));
        file = values.value(QStringLiteral("config"));
        if (file.trimmed().isEmpty())
            return usageError(QStringLiteral("--config: expected the path of a deployment file, got %1").arg(shown(file)));
    }
    if (options.lab && !file.isEmpty())
        return usageError(QStringLiteral("--lab opens the lab's own deployment file; give no FILE with it"));
    if (values.contains(QStringLiteral("lab-router"))) {
        const auto router = routerTypeFromName(values.value(QStringLiteral("lab-router")));
        if (!router || !labRouterTypes().contains(*router)) {
            const QStringList names = labRouterNames();
            return usageError(QStringLiteral("--lab-router: expected %1 or %2, got %3")
                                  .arg(names.mid(0, names.size() - 1).join(QStringLiteral(", ")), names.last(), shown(values.value(QStringLiteral("lab-router")))));
        }
        if (!options.lab)
            return usageError(QStringLiteral("--lab-router chooses the lab's router; it needs --lab"));
        options.labRouter = *router;
    }
    if (values.contains(QStringLiteral("deploy-on-start"))) {
        options.deployOnStart = values.value(QStringLiteral("deploy-on-start"));
        if (const QString problem = versionProblem(options.deployOnStart); !problem.isEmpty())
            return usageError(QStringLiteral("--deploy-on-start: %1 (got %2)").arg(problem, shown(options.deployOnStart)));
    }
    options.file = file;
    if (!display) {
        return usageError(QStringLiteral("no display: set DISPLAY, or run a verb such as `greenlight status --config FILE`%1")
                              .arg(options.lab ? QStringLiteral(" (`greenlight lab` runs the lab without a window)") : QString()));
    }
    Launch launch;
    launch.kind = Launch::Kind::Window;
    launch.window = options;
    return launch;
}

} // namespace

Launch decideLaunch(const QStringList &arguments, bool display, const QString &version)
{
    const QStringList words = arguments.mid(1);
    if (!words.isEmpty()) {
        const QString &first = words.first();
        if (first == QLatin1String("help") && words.size() > 1 && !isHelpWord(words.at(1))) {
            if (!isVerb(words.at(1)))
                return unknownWord(words.at(1));
            return answer(0, argsFor(words.at(1)).helpText(), {});
        }
        if (isHelpWord(first))
            return answer(0, usageText(), {});
        if (first == QLatin1String("--version") || first == QLatin1String("-version"))
            return answer(0, versionText(version), {});
        if (isVerb(first)) {
            // A verb's help is answered here, before any application object: it needs no
            // display, no deployment file and no host (`lab --help` starts no lab).
            for (const QString &word : words.mid(1)) {
                if (word == QLatin1String("--"))
                    break;
                if (isHelpWord(word) && word != QLatin1String("help"))
                    return answer(0, argsFor(first).helpText(), {});
            }
            Launch launch;
            launch.kind = Launch::Kind::Verb;
            launch.verbArguments = arguments;
            return launch;
        }
        if (first.isEmpty())
            return answer(2, {}, QStringLiteral("greenlight: an empty argument where a command was expected\n") + usageText());
        if (!isOption(first) && !looksLikeFile(first))
            return unknownWord(first);
    }
    return windowLaunch(words, display, version);
}

bool displayFromEnvironment()
{
    return !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") || !qEnvironmentVariableIsEmpty("DISPLAY")
           || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace greenlight
