#include "accesslogtail.h"

#include "common/shellquote.h"

namespace greenlight {

const QByteArray &AccessLogTail::marker()
{
    static const QByteArray m = "\n@@greenlight-access-log@@\n";
    return m;
}

QString AccessLogTail::script() const
{
    // Prints the marker, then "<start offset>\n" and the log from there (whole or newest part).
    return QStringLiteral(
               "printf '%1'\n"
               "log=%2 off=%3 max=%4\n"
               "size=$(stat -c %s -- \"$log\" 2>/dev/null) || { echo -1; exit 0; }\n"
               "if [ \"$off\" -lt 0 ]; then off=$size; elif [ \"$size\" -lt \"$off\" ]; then off=0; fi\n"
               "if [ $((size - off)) -gt \"$max\" ]; then off=$((size - max)); fi\n"
               "echo \"$off\"\n"
               "tail -c +$((off + 1)) -- \"$log\" | head -c $((size - off))\n")
        .arg(QString::fromLatin1(marker()).replace(QLatin1Char('\n'), QLatin1String("\\n")), shellQuote(m_path))
        .arg(m_offset)
        .arg(kChunkBytes);
}

void AccessLogTail::take(const QByteArray &section, const std::function<qsizetype(const QByteArray &)> &parse)
{
    const qsizetype eol = section.indexOf('\n');
    const qint64 start = section.left(eol).trimmed().toLongLong();
    if (eol < 0 || start < 0)
        return; // no log (yet)
    const QByteArray chunk = section.mid(eol + 1);
    QByteArray whole = chunk;
    if (start != m_offset && m_offset >= 0 && start > m_offset) {
        // Skipped ahead: the first line is probably cut; drop it.
        whole = chunk.mid(chunk.indexOf('\n') + 1);
        m_offset = start + (chunk.size() - whole.size());
    } else {
        m_offset = start;
    }
    m_offset += parse(whole);
}

} // namespace greenlight
