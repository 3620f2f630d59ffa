// greenlight-docgen man|bash|zsh VERSION DATE: prints the man page or a shell completion,
// rendered from the verb table. Run by the build (packaging/CMakeLists.txt), not installed.

#include "cli/docrender.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    const QString what = args.value(1);
    if (what == QLatin1String("man") && args.size() == 4)
        out << greenlight::manPage(args.at(2), args.at(3));
    else if (what == QLatin1String("bash"))
        out << greenlight::bashCompletion();
    else if (what == QLatin1String("zsh"))
        out << greenlight::zshCompletion();
    else {
        QTextStream(stderr) << "usage: greenlight-docgen man VERSION DATE | bash | zsh\n";
        return 2;
    }
    return 0;
}
