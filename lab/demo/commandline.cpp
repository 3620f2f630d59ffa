#include "commandline.h"

#include <QCommandLineParser>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

CommandLine failure(const QString &message)
{
    CommandLine result;
    result.kind = CommandLine::Kind::Error;
    result.error = message;
    return result;
}

bool hasControlChars(const QString &text)
{
    for (QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

// "127.0.0.2:8080", "[::1]:8080"
bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(u':'))
        return false; // IPv6 needs brackets
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535 || !address->setAddress(host))
        return false;
    *port = static_cast<quint16>(number);
    return true;
}

bool parsePid(const QCommandLineParser &parser, const QString &name, std::optional<qint64> *pid)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value <= 0)
        return false;
    *pid = value;
    return true;
}

} // namespace

QString CommandLine::usage()
{
    return uR"(usage:
  greenlight-demo serve --listen ADDR:PORT --version VERSION --host NAME --state-dir DIR [--owner-pid PID]
  greenlight-demo traffic --url URL --rps N [--resolve-via ADDR:PORT] [--owner-pid PID] [--duration-s S]

serve    HTTP/1.1 demo backend: GET / (host and version), /version, /health,
         /__lab/faults?error_rate=&latency_ms=&health=ok|fail&reset=1
         Writes DIR/backend.pid; reads and persists DIR/faults.json.
traffic  Sends GET URL about N times per second; prints a summary every 10 s.
         --resolve-via: resolves URL's name at that DNS server, again after each answer's TTL.)"_s;
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return failure(u"missing command"_s);
    const QString command = arguments.at(1);
    if (command == u"help" || command == u"--help" || command == u"-h") {
        CommandLine result;
        result.kind = Kind::Help;
        return result;
    }
    if (command != u"serve" && command != u"traffic")
        return failure(u"unknown command '%1'"_s.arg(command));

    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s}, u"Show usage."_s);
    const QCommandLineOption ownerPidOption(u"owner-pid"_s, u"Exit when this process is gone."_s, u"PID"_s);
    parser.addOption(help);
    parser.addOption(ownerPidOption);
    if (command == u"serve") {
        parser.addOption({u"listen"_s, u"Address and port."_s, u"ADDR:PORT"_s});
        parser.addOption({u"version"_s, u"Version to report."_s, u"VERSION"_s});
        parser.addOption({u"host"_s, u"Host name to report."_s, u"NAME"_s});
        parser.addOption({u"state-dir"_s, u"State directory."_s, u"DIR"_s});
    } else {
        parser.addOption({u"url"_s, u"URL to request."_s, u"URL"_s});
        parser.addOption({u"rps"_s, u"Requests per second."_s, u"N"_s});
        parser.addOption({u"duration-s"_s, u"Stop after S seconds."_s, u"S"_s});
        parser.addOption({u"resolve-via"_s, u"DNS server for the URL's name."_s, u"ADDR:PORT"_s});
    }
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.at(0));
    if (!parser.parse(rest))
        return failure(parser.errorText());
    if (parser.isSet(help)) {
        CommandLine result;
        result.kind = Kind::Help;
        return result;
    }
    if (!parser.positionalArguments().isEmpty())
        return failure(u"unexpected argument '%1'"_s.arg(parser.positionalArguments().constFirst()));

    CommandLine result;
    const QStringList required = command == u"serve"
        ? QStringList{u"listen"_s, u"version"_s, u"host"_s, u"state-dir"_s}
        : QStringList{u"url"_s, u"rps"_s};
    for (const QString &name : required) {
        if (!parser.isSet(name) || parser.value(name).isEmpty())
            return failure(u"missing --%1"_s.arg(name));
    }
    std::optional<qint64> ownerPid;
    if (!parsePid(parser, u"owner-pid"_s, &ownerPid))
        return failure(u"invalid --owner-pid '%1'"_s.arg(parser.value(ownerPidOption)));

    if (command == u"serve") {
        ServeCommand &serve = result.serve;
        if (!parseListen(parser.value(u"listen"_s), &serve.address, &serve.port))
            return failure(u"invalid --listen '%1': expected ADDR:PORT"_s.arg(parser.value(u"listen"_s)));
        serve.version = parser.value(u"version"_s);
        serve.host = parser.value(u"host"_s);
        if (hasControlChars(serve.version) || hasControlChars(serve.host))
            return failure(u"--version and --host must not contain control characters"_s);
        serve.stateDir = parser.value(u"state-dir"_s);
        serve.ownerPid = ownerPid;
        result.kind = Kind::Serve;
        return result;
    }

    TrafficOptions &options = result.traffic.options;
    options.url = QUrl(parser.value(u"url"_s), QUrl::StrictMode);
    const QString scheme = options.url.scheme();
    if (!options.url.isValid() || options.url.host().isEmpty()
        || (scheme != u"http" && scheme != u"https"))
        return failure(u"invalid --url '%1': expected an http:// or https:// URL"_s.arg(parser.value(u"url"_s)));
    bool ok = false;
    options.requestsPerSecond = parser.value(u"rps"_s).toDouble(&ok);
    if (!ok || !std::isfinite(options.requestsPerSecond) || options.requestsPerSecond <= 0
        || options.requestsPerSecond > 100'000)
        return failure(u"invalid --rps '%1': expected a number above 0"_s.arg(parser.value(u"rps"_s)));
    if (parser.isSet(u"duration-s"_s)) {
        const double seconds = parser.value(u"duration-s"_s).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 1e7)
            return failure(u"invalid --duration-s '%1': expected a number of seconds above 0"_s.arg(
                parser.value(u"duration-s"_s)));
        options.duration = std::chrono::milliseconds(std::llround(seconds * 1000.0));
    }
    if (parser.isSet(u"resolve-via"_s)) {
        QHostAddress server;
        quint16 port = 0;
        if (!parseListen(parser.value(u"resolve-via"_s), &server, &port) || server.protocol() != QAbstractSocket::IPv4Protocol || port == 0)
            return failure(u"invalid --resolve-via '%1': expected a DNS server's IPv4ADDR:PORT"_s.arg(parser.value(u"resolve-via"_s)));
        options.resolveServer = server.toString();
        options.resolvePort = port;
    }
    result.traffic.ownerPid = ownerPid;
    result.kind = Kind::Traffic;
    return result;
}
