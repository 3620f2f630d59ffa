#pragma once

// Small pure helpers for reading a command line strictly and talking about it.

#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

// A value from the command line as it is shown back in a message: in double quotes, control
// characters escaped (\n, \x1b, \u202e…) so a hostile argument cannot drive the terminal, and
// cut after 60 characters.
[[nodiscard]] QString shown(const QString &value);

// A whole number written with ASCII digits only (no sign, space, exponent, separator or
// other script's digits) and within [min, max]; nothing otherwise, overflow included.
[[nodiscard]] std::optional<qint64> strictWholeNumber(const QString &text, qint64 min, qint64 max);

// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
[[nodiscard]] int editDistance(const QString &a, const QString &b);

// The candidate `word` was most likely meant to be: a close misspelling, another letter case or
// an unambiguous prefix of three letters or more. Empty when nothing is close.
[[nodiscard]] QString nearestWord(const QString &word, const QStringList &candidates);

} // namespace greenlight
