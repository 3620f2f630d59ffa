#include "usage.h"

#include "cli/argtext.h"
#include "cli/verbtable.h"

#include <libssh/libssh.h>

namespace greenlight {

QString usageText()
{
    QString text = QStringLiteral("usage: greenlight COMMAND [OPTIONS]   run one command headless (no display needed)\n"
                                  "       greenlight [FILE | --config FILE | --lab [--lab-router TYPE]] [--deploy-on-start VERSION]\n"
                                  "                                      open the console (needs a display)\n"
                                  "       greenlight COMMAND --help      what COMMAND does, its options, defaults and examples\n"
                                  "       greenlight help COMMAND        the same\n"
                                  "       greenlight --help | --version\n"
                                  "\ncommands:\n");
    for (const VerbSpec &v : verbTable())
        text += QStringLiteral("  %1  %2\n").arg(v.name, -9).arg(v.summary);
    text += QStringLiteral("\nexit codes:\n");
    for (const ExitCodeSpec &e : exitCodeTable())
        text += QStringLiteral("  %1  %2\n").arg(e.code, 3).arg(e.meaning);
    return text;
}

QString versionText(const QString &version)
{
    return QStringLiteral("greenlight %1\nQt %2, libssh %3\n")
        .arg(version, QString::fromLatin1(qVersion()), QString::fromLatin1(ssh_version(0)));
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
