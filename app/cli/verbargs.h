#pragma once

// One verb's command line, read strictly: every option known, every value checked against what
// it accepts before anything runs, the message naming the option and the accepted values.

#include "common/result.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace greenlight {

class VerbArgs final
{
public:
    explicit VerbArgs(QString verb);

    // What the verb takes. `expected` reads after "expected", e.g. "whole seconds from 1 to 86400".
    void addFlag(const QString &name, const QString &description);
    void addNumber(const QString &name, const QString &valueName, const QString &description, qint64 min, qint64 max,
                   const QString &unit, qint64 fallback, const QString &note = {});
    void addChoice(const QString &name, const QString &valueName, const QString &description, const QStringList &choices,
                   const QString &fallback = {});
    // Any printable, non-empty text (paths, reasons, host lists checked later against the file).
    void addText(const QString &name, const QString &valueName, const QString &description, const QString &expected,
                 const QString &fallback = {}, const QString &shortName = {});
    // The words that are not options: between `min` and `max` of them (max -1: any number);
    // `example` is a whole command line shown when they are missing.
    void setPositionals(const QString &valueName, const QString &description, int min, int max, const QString &example = {});
    // What the help says above the options and below them (from the verb table).
    void describe(const QString &summary, const QStringList &examples);

    // Reads the words after the verb. Help is not a failure: see helpRequested().
    [[nodiscard]] Status parse(const QStringList &words);
    [[nodiscard]] bool helpRequested() const { return m_help; }
    // --json was among the options (known even when parsing failed).
    [[nodiscard]] bool jsonRequested() const { return m_json; }
    [[nodiscard]] QString helpText() const;
    // "VERSION [-c FILE] [--json] …": the verb's words, generated from what it declares.
    [[nodiscard]] QString synopsis() const;
    [[nodiscard]] const QString &verb() const { return m_verb; }

    // After a successful parse.
    [[nodiscard]] bool isSet(const QString &name) const;
    [[nodiscard]] QString value(const QString &name) const;
    [[nodiscard]] int number(const QString &name) const;
    [[nodiscard]] const QStringList &positionals() const { return m_positionals; }

    // What the verb declares, for the help, the man page and the completions.
    struct Option
    {
        QString name;
        QString shortName;
        QString valueName; // empty: a flag
        QString description;
        QString expected;
        std::function<bool(const QString &)> accepts;
        QString fallback;
        QStringList choices; // addChoice only
    };
    [[nodiscard]] const QList<Option> &options() const { return m_options; }
    [[nodiscard]] const QString &positionalName() const { return m_positionalName; }
    [[nodiscard]] const QString &positionalDescription() const { return m_positionalDescription; }
    [[nodiscard]] int minPositionals() const { return m_minPositionals; }
    [[nodiscard]] int maxPositionals() const { return m_maxPositionals; }
    [[nodiscard]] const QString &summary() const { return m_summary; }
    [[nodiscard]] const QStringList &examples() const { return m_examples; }

private:
    [[nodiscard]] const Option *find(const QString &name) const;
    [[nodiscard]] bool isOptionWord(const QString &word) const;
    [[nodiscard]] Status take(const Option &option, const QString &value, bool hasValue);
    [[nodiscard]] Status unknownOption(const QString &word) const;
    [[nodiscard]] Status checkPositionals() const;

    QString m_verb;
    QString m_summary;
    QStringList m_examples;
    QList<Option> m_options;
    QString m_positionalName;
    QString m_positionalDescription;
    QString m_positionalExample;
    int m_minPositionals = 0;
    int m_maxPositionals = 0;
    QMap<QString, QString> m_values;
    QStringList m_flags;
    QStringList m_positionals;
    bool m_help = false;
    bool m_json = false;
};

} // namespace greenlight
