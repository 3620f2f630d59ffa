#include "jsonlocator.h"

#include "config/configlimits.h"
#include "config/jsonwalker.h"

#include <optional>

namespace greenlight {

QString escapePointerToken(QString token)
{
    if (!token.contains(QLatin1Char('~')) && !token.contains(QLatin1Char('/')))
        return token;
    token.replace(QLatin1Char('~'), QLatin1String("~0"));
    token.replace(QLatin1Char('/'), QLatin1String("~1"));
    return token;
}

namespace {

// Follows only the containers on the way to a wanted pointer: the rest of the text is walked
// without building any pointer.
class LineFinder final
{
public:
    explicit LineFinder(const QSet<QString> &wanted) : m_wanted(wanted)
    {
        for (const QString &pointer : wanted) {
            for (qsizetype slash = pointer.lastIndexOf(QLatin1Char('/')); slash >= 0;
                 slash = slash == 0 ? -1 : pointer.lastIndexOf(QLatin1Char('/'), slash - 1))
                m_prefixes.insert(pointer.left(slash));
        }
    }

    bool value(const jsonwalk::Stack &stack, int line, jsonwalk::Kind kind, const char *, qsizetype)
    {
        m_pending.reset();
        QString pointer;
        if (!stack.empty()) {
            if (!stack.back().tracked)
                return true;
            pointer = stack.back().pointer + QLatin1Char('/') + jsonwalk::token(stack.back(), configlimits::kMaxKeyBytes);
        }
        if (m_wanted.contains(pointer) && !m_lines.contains(pointer))
            m_lines.insert(pointer, line);
        if ((kind == jsonwalk::Kind::Object || kind == jsonwalk::Kind::Array) && m_prefixes.contains(pointer))
            m_pending = pointer;
        return true;
    }

    void enter(jsonwalk::Frame &frame)
    {
        if (m_pending) {
            frame.tracked = true;
            frame.pointer = *m_pending;
        }
        m_pending.reset();
    }

    bool key(jsonwalk::Stack &, int) { return true; }

    QHash<QString, int> m_lines;

private:
    const QSet<QString> &m_wanted;
    QSet<QString> m_prefixes;
    std::optional<QString> m_pending;
};

} // namespace

QHash<QString, int> JsonLocator::linesOf(const QSet<QString> &pointers) const
{
    LineFinder finder(pointers);
    jsonwalk::walk(m_text, finder);
    return finder.m_lines;
}

} // namespace greenlight
