#include "sshgoutput.h"

#include <QSet>

namespace greenlight::sshgoutput {

namespace {

bool hasControl(QByteArrayView line)
{
    for (const char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
}

bool isKeyword(QByteArrayView word)
{
    if (word.isEmpty() || word.size() > 64)
        return false;
    for (const char c : word) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

// A decimal in [min, max]; "none" is `none` when allowed.
std::optional<int> number(const QString &text, int min, int max, std::optional<int> none = std::nullopt)
{
    if (none && text == QLatin1String("none"))
        return none;
    if (text.isEmpty() || text.size() > 6)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    const int value = text.toInt();
    return value >= min && value <= max ? std::optional<int>(value) : std::nullopt;
}

std::optional<bool> yesNo(const QString &text)
{
    if (text == QLatin1String("yes") || text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("no") || text == QLatin1String("false"))
        return false;
    return std::nullopt;
}

bool oneWord(const QString &text, qsizetype max)
{
    return !text.isEmpty() && text.size() <= max && !text.contains(QLatin1Char(' ')) && !text.contains(QLatin1Char('\t'));
}

} // namespace

Result<ResolvedSsh> parse(QByteArrayView output)
{
    if (output.size() > kMaxBytes)
        return Result<ResolvedSsh>::failure(QStringLiteral("ssh -G printed %1 bytes; at most %2 are read").arg(output.size()).arg(kMaxBytes));
    ResolvedSsh out;
    QSet<QString> seen;
    qsizetype start = 0;
    int lineNumber = 0;
    const auto fail = [&](const QString &why) {
        return Result<ResolvedSsh>::failure(QStringLiteral("ssh -G output, line %1: %2").arg(lineNumber).arg(why));
    };
    while (start < output.size()) {
        qsizetype end = output.indexOf('\n', start);
        if (end < 0)
            end = output.size();
        QByteArrayView line = output.sliced(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        if (line.size() > kMaxLineBytes)
            return fail(QStringLiteral("longer than %1 bytes").arg(kMaxLineBytes));
        if (hasControl(line))
            return fail(QStringLiteral("a control character"));
        const qsizetype space = line.indexOf(' ');
        const QByteArrayView word = space < 0 ? line : line.first(space);
        if (!isKeyword(word))
            return fail(QStringLiteral("not a \"keyword value\" line"));
        const QString key = QString::fromLatin1(word).toLower();
        const QString value = space < 0 ? QString() : QString::fromUtf8(line.sliced(space + 1)).trimmed();
        const bool repeatable = key == QLatin1String("identityfile");
        if (!repeatable && seen.contains(key))
            return fail(QStringLiteral("\"%1\" twice").arg(key));
        seen.insert(key);

        if (key == QLatin1String("hostname")) {
            if (!oneWord(value, 255))
                return fail(QStringLiteral("a hostname must be one word of at most 255 characters"));
            out.hostName = value;
        } else if (key == QLatin1String("user")) {
            if (!oneWord(value, 255))
                return fail(QStringLiteral("a user must be one word of at most 255 characters"));
            out.user = value;
        } else if (key == QLatin1String("port")) {
            const std::optional<int> port = number(value, 1, 65535);
            if (!port)
                return fail(QStringLiteral("port must be 1–65535"));
            out.port = *port;
        } else if (key == QLatin1String("identityfile")) {
            if (out.identityFiles.size() >= kMaxIdentityFiles)
                return fail(QStringLiteral("more than %1 identity files").arg(kMaxIdentityFiles));
            if (value.isEmpty())
                return fail(QStringLiteral("an empty identityfile"));
            out.identityFiles << value;
        } else if (key == QLatin1String("userknownhostsfile")) {
            out.userKnownHostsFiles = value.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (out.userKnownHostsFiles.isEmpty() || out.userKnownHostsFiles.size() > kMaxKnownHostsFiles)
                return fail(QStringLiteral("userknownhostsfile must name 1–%1 files").arg(kMaxKnownHostsFiles));
        } else if (key == QLatin1String("identitiesonly") || key == QLatin1String("hashknownhosts")) {
            const std::optional<bool> flag = yesNo(value);
            if (!flag)
                return fail(QStringLiteral("%1 must be yes or no").arg(key));
            (key == QLatin1String("identitiesonly") ? out.identitiesOnly : out.hashKnownHosts) = *flag;
        } else if (key == QLatin1String("stricthostkeychecking")) {
            static const QStringList known{QStringLiteral("yes"), QStringLiteral("true"), QStringLiteral("no"), QStringLiteral("false"),
                                           QStringLiteral("off"), QStringLiteral("ask"), QStringLiteral("accept-new")};
            if (!known.contains(value))
                return fail(QStringLiteral("stricthostkeychecking must be one of %1").arg(known.join(QStringLiteral(", "))));
            out.strictHostKeyChecking = value == QLatin1String("true") ? QStringLiteral("yes")
                                        : (value == QLatin1String("false") || value == QLatin1String("off")) ? QStringLiteral("no")
                                                                                                             : value;
        } else if (key == QLatin1String("proxyjump")) {
            if (value != QLatin1String("none")) {
                out.proxyJump = value.split(QLatin1Char(','));
                if (out.proxyJump.size() > kMaxJumps)
                    return fail(QStringLiteral("more than %1 jump hosts").arg(kMaxJumps));
                for (const QString &hop : std::as_const(out.proxyJump)) {
                    if (const Result<JumpSpec> spec = parseJump(hop); !spec)
                        return fail(spec.error());
                }
            }
        } else if (key == QLatin1String("proxycommand")) {
            out.proxyCommand = value == QLatin1String("none") ? QString() : value;
        } else if (key == QLatin1String("serveraliveinterval") || key == QLatin1String("connecttimeout")) {
            const std::optional<int> seconds = number(value, 0, 86400, 0);
            if (!seconds)
                return fail(QStringLiteral("%1 must be none or 0–86400 seconds").arg(key));
            (key == QLatin1String("connecttimeout") ? out.connectTimeoutS : out.serverAliveIntervalS) = *seconds;
        }
    }
    for (const char *required : {"hostname", "user", "port"}) {
        if (!seen.contains(QLatin1String(required)))
            return Result<ResolvedSsh>::failure(QStringLiteral("ssh -G output has no \"%1\"").arg(QLatin1String(required)));
    }
    if (!out.proxyJump.isEmpty() && !out.proxyCommand.isEmpty())
        return Result<ResolvedSsh>::failure(QStringLiteral("ssh -G output has both a proxyjump and a proxycommand"));
    out.source = QStringLiteral("ssh -G");
    return out;
}

Result<JumpSpec> parseJump(const QString &spec)
{
    QString rest = spec.trimmed();
    const auto bad = [&](const QString &why) {
        return Result<JumpSpec>::failure(QStringLiteral("jump host \"%1\": %2").arg(spec.left(300), why));
    };
    if (rest.isEmpty() || rest.size() > 1024)
        return bad(QStringLiteral("empty or too long"));
    if (rest.startsWith(QLatin1String("ssh://")))
        rest = rest.mid(6);
    JumpSpec out;
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        out.user = rest.left(at);
        rest = rest.mid(at + 1);
        if (!oneWord(out.user, 255))
            return bad(QStringLiteral("an empty user"));
    }
    QString portText;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return bad(QStringLiteral("an unclosed ["));
        out.host = rest.mid(1, close - 1);
        const QString after = rest.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return bad(QStringLiteral("text after ]"));
            portText = after.mid(1);
        }
    } else {
        const qsizetype colon = rest.indexOf(QLatin1Char(':'));
        if (colon >= 0 && rest.indexOf(QLatin1Char(':'), colon + 1) < 0) {
            out.host = rest.left(colon);
            portText = rest.mid(colon + 1);
        } else {
            out.host = rest; // a bare IPv6 address, or no port
        }
    }
    if (!oneWord(out.host, 255) || out.host.startsWith(QLatin1Char('-')))
        return bad(QStringLiteral("no host, or one that starts with '-'"));
    if (!portText.isNull()) {
        const std::optional<int> port = number(portText, 1, 65535);
        if (!port)
            return bad(QStringLiteral("port must be 1–65535"));
        out.port = *port;
    }
    return out;
}

QString expandTokens(const QString &path, const ResolvedSsh &settings, const TokenValues &values)
{
    QString text = path;
    if (text == QLatin1String("~") || text.startsWith(QLatin1String("~/")))
        text = values.home + text.mid(1);
    if (!text.contains(QLatin1Char('%')))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('%') || i + 1 == text.size()) {
            out += text.at(i);
            continue;
        }
        const QChar token = text.at(++i);
        switch (token.unicode()) {
        case '%': out += QLatin1Char('%'); break;
        case 'd': out += values.home; break;
        case 'u': out += values.localUser; break;
        case 'h': out += settings.hostName; break;
        case 'r': out += settings.user; break;
        case 'p': out += QString::number(settings.port); break;
        case 'n': out += values.alias; break;
        default: out += QLatin1Char('%'); out += token; break;
        }
    }
    return out;
}

} // namespace greenlight::sshgoutput
