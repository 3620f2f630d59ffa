#include "jsonlocator.h"

namespace greenlight {

QString escapePointerToken(QString token)
{
    token.replace(QLatin1Char('~'), QLatin1String("~0"));
    token.replace(QLatin1Char('/'), QLatin1String("~1"));
    return token;
}

JsonLocator::JsonLocator(const QByteArray &json) : m_text(json)
{
    skipWhitespace();
    value(QString());
}

int JsonLocator::lineOf(const QString &pointer) const
{
    return m_lines.value(pointer, 0);
}

void JsonLocator::skipWhitespace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos);
        if (c == '\n')
            ++m_line;
        else if (c != ' ' && c != '\t' && c != '\r')
            return;
        ++m_pos;
    }
}

void JsonLocator::value(const QString &pointer)
{
    if (m_pos >= m_text.size())
        return;
    m_lines.insert(pointer, m_line);
    const char c = m_text.at(m_pos);
    if (c == '{')
        object(pointer);
    else if (c == '[')
        array(pointer);
    else if (c == '"')
        string();
    else
        skipScalar();
}

void JsonLocator::object(const QString &pointer)
{
    ++m_pos; // '{'
    skipWhitespace();
    while (m_pos < m_text.size() && m_text.at(m_pos) != '}') {
        const QString key = string();
        skipWhitespace();
        ++m_pos; // ':'
        skipWhitespace();
        value(pointer + QLatin1Char('/') + escapePointerToken(key));
        skipWhitespace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == ',') {
            ++m_pos;
            skipWhitespace();
        }
    }
    ++m_pos; // '}'
}

void JsonLocator::array(const QString &pointer)
{
    ++m_pos; // '['
    skipWhitespace();
    int index = 0;
    while (m_pos < m_text.size() && m_text.at(m_pos) != ']') {
        value(pointer + QLatin1Char('/') + QString::number(index++));
        skipWhitespace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == ',') {
            ++m_pos;
            skipWhitespace();
        }
    }
    ++m_pos; // ']'
}

QString JsonLocator::string()
{
    ++m_pos; // opening quote
    QByteArray raw;
    while (m_pos < m_text.size() && m_text.at(m_pos) != '"') {
        if (m_text.at(m_pos) == '\\' && m_pos + 1 < m_text.size()) {
            raw += m_text.at(m_pos + 1) == 'n' ? '\n' : m_text.at(m_pos + 1);
            m_pos += 2;
            continue;
        }
        raw += m_text.at(m_pos++);
    }
    ++m_pos; // closing quote
    return QString::fromUtf8(raw);
}

void JsonLocator::skipScalar()
{
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos);
        if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r')
            return;
        ++m_pos;
    }
}

} // namespace greenlight
