#pragma once

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

namespace greenlight {

// Finds the lines of JSON pointers ("/pipeline/2/timeout_s") in the text, so that problems found
// after parsing can still name a line. One iterative walk for all the pointers asked, in time
// linear in the text and memory linear in the pointers (not in the text).
class JsonLocator final
{
public:
    explicit JsonLocator(QByteArray json) : m_text(std::move(json)) {}
    // Line where each value starts; pointers not found are left out.
    [[nodiscard]] QHash<QString, int> linesOf(const QSet<QString> &pointers) const;

private:
    QByteArray m_text;
};

[[nodiscard]] QString escapePointerToken(QString token);

} // namespace greenlight
