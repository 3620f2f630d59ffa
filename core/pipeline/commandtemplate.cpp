#include "commandtemplate.h"

#include "common/shellquote.h"

#include <array>

namespace greenlight {

QString expandCommand(const QString &pattern, const QString &version, const QString &host, Colour colour)
{
    const std::array<std::pair<QLatin1String, QString>, 3> values{{{QLatin1String("{version}"), version},
                                                                   {QLatin1String("{host}"), host},
                                                                   {QLatin1String("{colour}"), colourName(colour)}}};
    QString command;
    command.reserve(pattern.size() + version.size() + host.size() + 16);
    for (qsizetype i = 0; i < pattern.size();) {
        bool replaced = false;
        if (pattern.at(i) == QLatin1Char('{')) {
            for (const auto &[name, value] : values) {
                if (QStringView(pattern).mid(i).startsWith(name)) {
                    command += shellQuote(value);
                    i += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            command += pattern.at(i++);
    }
    return command;
}

} // namespace greenlight
