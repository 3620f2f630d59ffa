#include "configloader.h"

#include "config/configfile.h"
#include "config/configreader.h"
#include "config/jsonguard.h"
#include "config/jsonlocator.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QSet>

namespace greenlight {

using json = nlohmann::json;

namespace {

// nlohmann reports a byte offset; turn it into line and column.
ConfigProblem parseProblem(const QByteArray &text, const json::parse_error &e)
{
    const auto offset = std::min<qsizetype>(static_cast<qsizetype>(e.byte), text.size());
    const QByteArray before = text.left(std::max<qsizetype>(offset - 1, 0));
    const int line = static_cast<int>(before.count('\n')) + 1;
    const int col = static_cast<int>(before.size() - before.lastIndexOf('\n'));
    QString detail = QString::fromUtf8(e.what());
    const auto column = detail.indexOf(QLatin1String(", column "));
    const auto colon = detail.indexOf(QLatin1String(": "), column < 0 ? 0 : column);
    if (colon >= 0)
        detail = detail.mid(colon + 2);
    constexpr qsizetype kMaxDetail = 300; // nlohmann quotes what it read, which can be long
    if (detail.size() > kMaxDetail)
        detail = detail.left(kMaxDetail) + QStringLiteral("…");
    if (detail.contains(QLatin1String("unexpected string literal")) && detail.contains(QLatin1String("expected '}'")))
        detail += QStringLiteral(" (a missing comma before this key?)");
    return {QString(), line, col, QStringLiteral("parse error: %1").arg(detail)};
}

bool onlyWhitespace(const QByteArray &text)
{
    qsizetype start = text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    for (qsizetype i = start; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return true;
}

// Problems found after parsing name a pointer; one walk over the text finds all their lines.
void addLines(QList<ConfigProblem> &problems, const QByteArray &text)
{
    QSet<QString> pointers;
    for (const ConfigProblem &p : std::as_const(problems)) {
        if (p.line == 0 && !p.pointer.isEmpty())
            pointers.insert(p.pointer == QLatin1String("/") ? QString() : p.pointer);
    }
    if (pointers.isEmpty())
        return;
    const QHash<QString, int> lines = JsonLocator(text).linesOf(pointers);
    for (ConfigProblem &p : problems) {
        if (p.line == 0 && !p.pointer.isEmpty())
            p.line = lines.value(p.pointer == QLatin1String("/") ? QString() : p.pointer, 0);
    }
}

// A problem is one line: control characters a hostile file put in a key or value are shown
// escaped, never written to the terminal or log.
QString printable(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (const QChar c : s) {
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f))
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

Result<DeploymentConfig> ConfigLoader::loadFile(const QString &path)
{
    m_problems.clear();
    const Result<QByteArray> text = readConfigFile(path);
    if (!text)
        return Result<DeploymentConfig>::failure(text.error());
    return parse(text.value(), QFileInfo(path).absoluteFilePath());
}

Result<DeploymentConfig> ConfigLoader::parse(const QByteArray &text, const QString &sourceName)
{
    m_problems.clear();
    if (text.size() > configlimits::kMaxFileBytes) {
        m_problems.append({QString(), 0, 0, fileTooLargeMessage(text.size())});
        return failure(sourceName, 0);
    }
    if (onlyWhitespace(text)) {
        m_problems.append({QString(), 0, 0, QStringLiteral("the file is empty; expected a JSON object (see docs/config.md)")});
        return failure(sourceName, 0);
    }
    // Limits first, in one iterative walk: nothing nested too deep ever reaches the parser.
    ProblemList problems = JsonGuard::check(text);
    if (!problems.isEmpty()) {
        m_problems = problems.items();
        return failure(sourceName, problems.dropped());
    }
    json root;
    try {
        root = json::parse(text.constBegin(), text.constEnd());
    } catch (const json::parse_error &e) {
        m_problems.append(parseProblem(text, e));
    } catch (const json::exception &e) {
        // Not expected past JsonGuard (out_of_range for numbers is caught there, with its path),
        // but no nlohmann exception ever leaves the boundary.
        m_problems.append({QString(), 0, 0, QStringLiteral("cannot read: %1").arg(QString::fromUtf8(e.what()))});
    }
    if (!m_problems.isEmpty())
        return failure(sourceName, 0);

    DeploymentConfig config;
    try {
        config = readDeploymentConfig(root, QFileInfo(sourceName).absolutePath(), problems);
    } catch (const json::exception &e) {
        problems.add(QString(), QStringLiteral("cannot read: %1").arg(QString::fromUtf8(e.what())));
    }
    if (problems.isEmpty()) {
        config.sourcePath = sourceName;
        return config;
    }
    m_problems = problems.items();
    addLines(m_problems, text);
    return failure(sourceName, problems.dropped());
}

Result<DeploymentConfig> ConfigLoader::failure(const QString &sourceName, qsizetype dropped) const
{
    QStringList lines;
    for (const ConfigProblem &p : m_problems)
        lines << formatProblem(sourceName, p);
    if (dropped > 0)
        lines << QStringLiteral("%1: … and %2 more problems").arg(sourceName).arg(dropped);
    return Result<DeploymentConfig>::failure(lines.join(QLatin1Char('\n')));
}

QString ConfigLoader::formatProblem(const QString &sourceName, const ConfigProblem &p)
{
    QString where = sourceName;
    if (p.line > 0)
        where += QLatin1Char(':') + QString::number(p.line);
    if (p.column > 0)
        where += QLatin1Char(':') + QString::number(p.column);
    if (p.pointer.isEmpty())
        return QStringLiteral("%1: %2").arg(printable(where), printable(p.message));
    return QStringLiteral("%1: %2: %3").arg(printable(where), printable(p.pointer), printable(p.message));
}

} // namespace greenlight
