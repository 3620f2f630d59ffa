#include "argtext.h"

#include "common/versiontext.h"

#include <QList>

#include <algorithm>

namespace greenlight {

namespace {
constexpr qsizetype kShownLength = 60;
} // namespace

QString shown(const QString &value)
{
    QString text;
    text.reserve(std::min(value.size(), kShownLength) + 8);
    qsizetype count = 0;
    for (const QChar c : value) {
        if (count++ == kShownLength) {
            text += QStringLiteral("…");
            break;
        }
        const char16_t u = c.unicode();
        if (u == '\n')
            text += QStringLiteral("\\n");
        else if (u == '\t')
            text += QStringLiteral("\\t");
        else if (u == '\r')
            text += QStringLiteral("\\r");
        else if (u == '"' || u == '\\')
            text += QLatin1Char('\\') + c;
        else if (u < 0x80 && isUnprintable(c))
            text += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else if (isUnprintable(c))
            text += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            text += c;
    }
    return QLatin1Char('"') + text + QLatin1Char('"');
}

std::optional<qint64> strictWholeNumber(const QString &text, qint64 min, qint64 max)
{
    if (text.isEmpty())
        return std::nullopt;
    qint64 value = 0;
    for (const QChar c : text) {
        if (c.unicode() < '0' || c.unicode() > '9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - '0');
        if (value > max) // also stops long before qint64 could overflow
            return std::nullopt;
    }
    if (value < min)
        return std::nullopt;
    return value;
}

int editDistance(const QString &a, const QString &b)
{
    // Optimal string alignment: Levenshtein plus the swap of two neighbours ("deplyo").
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a.at(i - 1) == b.at(j - 2) && a.at(i - 2) == b.at(j - 1))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

QString nearestWord(const QString &word, const QStringList &candidates)
{
    if (word.isEmpty() || word.size() > 40)
        return {};
    const QString lower = word.toLower();
    const int allowed = lower.size() <= 3 ? 1 : 2;
    QString best;
    int bestDistance = allowed + 1;
    QStringList prefixOf;
    for (const QString &candidate : candidates) {
        const int distance = editDistance(lower, candidate.toLower());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
        if (lower.size() >= 3 && candidate.toLower().startsWith(lower))
            prefixOf << candidate;
    }
    if (best.isEmpty() && prefixOf.size() == 1)
        return prefixOf.first();
    return best;
}

} // namespace greenlight
