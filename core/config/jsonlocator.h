#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace greenlight {

// Maps JSON pointers ("/pipeline/2/timeout_s") to the line where that value starts, so that
// errors found after parsing can still name a line. Expects text that already parsed.
class JsonLocator final
{
public:
    explicit JsonLocator(const QByteArray &json);
    [[nodiscard]] int lineOf(const QString &pointer) const; // 0 when unknown

private:
    void value(const QString &pointer);
    void object(const QString &pointer);
    void array(const QString &pointer);
    QString string();
    void skipWhitespace();
    void skipScalar();

    QByteArray m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    QHash<QString, int> m_lines;
};

[[nodiscard]] QString escapePointerToken(QString token);

} // namespace greenlight
