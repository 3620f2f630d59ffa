#pragma once

#include "config/configlimits.h"

#include <QList>
#include <QString>

namespace greenlight {

struct ConfigProblem
{
    QString pointer; // JSON pointer of the offending value; empty for syntax errors
    int line = 0;
    int column = 0;
    QString message;
};

// The problems found in one file. A hostile file can hold millions; only the first
// kMaxProblems are kept (the rest counted), so neither memory nor the report grows with them.
class ProblemList final
{
public:
    void add(ConfigProblem problem)
    {
        if (full())
            ++m_dropped;
        else
            m_problems.append(std::move(problem));
    }
    void add(const QString &pointer, const QString &message) { add({pointer, 0, 0, message}); }
    // True once more problems would only be counted: costly hints can be skipped.
    [[nodiscard]] bool full() const { return m_problems.size() >= configlimits::kMaxProblems; }
    [[nodiscard]] bool isEmpty() const { return m_problems.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_problems.size(); }
    [[nodiscard]] QList<ConfigProblem> &items() { return m_problems; }
    [[nodiscard]] qsizetype dropped() const { return m_dropped; }

private:
    QList<ConfigProblem> m_problems;
    qsizetype m_dropped = 0;
};

} // namespace greenlight
