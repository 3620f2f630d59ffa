#include "verbargs.h"

#include "cli/argtext.h"
#include "cli/verbtable.h"
#include "common/versiontext.h"

#include <limits>

namespace greenlight {

namespace {

bool printable(const QString &value)
{
    return !value.trimmed().isEmpty() && firstUnprintable(value) < 0;
}

// "--timeout" for a word "--timeout=5" or "-timeout"; the name without dashes or value.
QString optionName(const QString &word)
{
    const QString body = word.mid(word.startsWith(QLatin1String("--")) ? 2 : 1);
    return body.section(QLatin1Char('='), 0, 0);
}

bool isHelpWord(const QString &word)
{
    return word == QLatin1String("--help") || word == QLatin1String("-h") || word == QLatin1String("-help")
           || word == QLatin1String("-?");
}

} // namespace

VerbArgs::VerbArgs(QString verb) : m_verb(std::move(verb))
{
    m_options << Option{QStringLiteral("help"), QStringLiteral("h"), {}, QStringLiteral("Show this help and do nothing else."), {}, {}, {}, {}};
}

void VerbArgs::addFlag(const QString &name, const QString &description)
{
    m_options << Option{name, {}, {}, description, {}, {}, {}, {}};
}

void VerbArgs::addNumber(const QString &name, const QString &valueName, const QString &description, qint64 min, qint64 max,
                         const QString &unit, qint64 fallback, const QString &note)
{
    const QString expected = QStringLiteral("%1 from %2 to %3%4").arg(unit).arg(min).arg(max).arg(note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(note));
    m_options << Option{name, {}, valueName, description, expected,
                        [min, max](const QString &v) { return strictWholeNumber(v, min, max).has_value(); }, QString::number(fallback), {}};
}

void VerbArgs::addChoice(const QString &name, const QString &valueName, const QString &description, const QStringList &choices,
                         const QString &fallback)
{
    QString expected = choices.size() > 1 ? choices.mid(0, choices.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + choices.last()
                                          : choices.value(0);
    m_options << Option{name, {}, valueName, description, expected, [choices](const QString &v) { return choices.contains(v); }, fallback, choices};
}

void VerbArgs::addText(const QString &name, const QString &valueName, const QString &description, const QString &expected,
                       const QString &fallback, const QString &shortName)
{
    m_options << Option{name, shortName, valueName, description, expected, printable, fallback, {}};
}

void VerbArgs::setPositionals(const QString &valueName, const QString &description, int min, int max, const QString &example)
{
    m_positionalExample = example;
    m_positionalName = valueName;
    m_positionalDescription = description;
    m_minPositionals = min;
    m_maxPositionals = max;
}

void VerbArgs::describe(const QString &summary, const QStringList &examples)
{
    m_summary = summary;
    m_examples = examples;
}

const VerbArgs::Option *VerbArgs::find(const QString &name) const
{
    for (const Option &o : m_options) {
        if (!name.isEmpty() && (o.name == name || o.shortName == name))
            return &o;
    }
    return nullptr;
}

bool VerbArgs::isOptionWord(const QString &word) const
{
    return word == QLatin1String("--") || (word.startsWith(QLatin1Char('-')) && word.size() > 1 && find(optionName(word)));
}

Status VerbArgs::parse(const QStringList &words)
{
    // Help wins over everything else, and --json is known even if parsing fails further on.
    for (const QString &word : words) {
        if (word == QLatin1String("--"))
            break;
        m_help = m_help || isHelpWord(word);
        m_json = m_json || word == QLatin1String("--json") || word == QLatin1String("-json");
    }
    if (m_help)
        return {};
    bool onlyPositionals = false;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &word = words.at(i);
        if (!onlyPositionals && word == QLatin1String("--")) {
            onlyPositionals = true;
            continue;
        }
        if (onlyPositionals || word == QLatin1String("-") || !word.startsWith(QLatin1Char('-'))) {
            m_positionals << word;
            continue;
        }
        const Option *option = find(optionName(word));
        if (!option)
            return unknownOption(word);
        const qsizetype equals = word.indexOf(QLatin1Char('='));
        if (equals >= 0) {
            if (const Status s = take(*option, word.mid(equals + 1), true); !s)
                return s;
        } else if (option->valueName.isEmpty() || i + 1 >= words.size() || isOptionWord(words.at(i + 1))) {
            if (const Status s = take(*option, {}, false); !s)
                return s;
        } else if (const Status s = take(*option, words.at(++i), true); !s) {
            return s;
        }
    }
    return checkPositionals();
}

Status VerbArgs::take(const Option &option, const QString &value, bool hasValue)
{
    const QString dashed = QStringLiteral("--") + option.name;
    if (option.valueName.isEmpty()) {
        if (hasValue)
            return Status::failure(QStringLiteral("%1 takes no value, got %2").arg(dashed, shown(value)));
        if (!m_flags.contains(option.name))
            m_flags << option.name; // a repeated flag means the same thing
        return {};
    }
    if (!hasValue)
        return Status::failure(QStringLiteral("%1: missing %2; expected %3").arg(dashed, option.valueName, option.expected));
    if (m_values.contains(option.name))
        return Status::failure(QStringLiteral("%1 given twice (%2, then %3); give it once").arg(dashed, shown(m_values.value(option.name)), shown(value)));
    if (option.accepts && !option.accepts(value))
        return Status::failure(QStringLiteral("%1: expected %2, got %3").arg(dashed, option.expected, shown(value)));
    m_values.insert(option.name, value);
    return {};
}

Status VerbArgs::unknownOption(const QString &word) const
{
    QStringList names;
    for (const Option &o : m_options)
        names << o.name;
    const QString near = nearestWord(optionName(word), names);
    if (!near.isEmpty())
        return Status::failure(QStringLiteral("unknown option %1; did you mean --%2?").arg(shown(word), near));
    QString problem = QStringLiteral("unknown option %1; %2 takes --%3").arg(shown(word), m_verb, names.join(QStringLiteral(", --")));
    if (m_maxPositionals != 0)
        problem += QStringLiteral(" (a %1 that starts with - goes after --)").arg(m_positionalName);
    return Status::failure(problem);
}

Status VerbArgs::checkPositionals() const
{
    const auto count = int(m_positionals.size());
    if (count < m_minPositionals)
        return Status::failure(QStringLiteral("missing %1, e.g. %2").arg(m_positionalName, m_positionalExample));
    if (m_maxPositionals < 0 || count <= m_maxPositionals)
        return {};
    const QString extra = m_positionals.at(m_maxPositionals);
    QString problem;
    if (m_maxPositionals == 0) {
        problem = QStringLiteral("unexpected argument %1; %2 takes options only").arg(shown(extra), m_verb);
    } else {
        QStringList all;
        for (const QString &p : m_positionals)
            all << shown(p);
        problem = QStringLiteral("one %1 only, got %2: %3").arg(m_positionalName).arg(count).arg(all.join(QLatin1Char(' ')));
    }
    if (isVerb(extra))
        problem += QStringLiteral(" (one command at a time)");
    else if (m_maxPositionals == 0 && find(QStringLiteral("config")) && !isSet(QStringLiteral("config")))
        problem += QStringLiteral(" (the deployment file goes after --config)");
    return Status::failure(problem);
}

QString VerbArgs::synopsis() const
{
    QStringList words;
    const QString many = m_maxPositionals < 0 ? QStringLiteral("...") : QString();
    const bool afterDashes = m_maxPositionals < 0; // a command line: after --, so its own options are its own
    if (!m_positionalName.isEmpty() && !afterDashes)
        words << (m_minPositionals > 0 ? m_positionalName : QStringLiteral("[%1]").arg(m_positionalName));
    for (const Option &o : m_options) {
        if (o.name == QLatin1String("help"))
            continue;
        const QString name = o.shortName.isEmpty() ? QStringLiteral("--") + o.name : QStringLiteral("-") + o.shortName;
        const QString value = o.choices.isEmpty() ? o.valueName : o.choices.join(QLatin1Char('|'));
        words << QStringLiteral("[%1]").arg(value.isEmpty() ? name : name + QLatin1Char(' ') + value);
    }
    if (!m_positionalName.isEmpty() && afterDashes)
        words << QStringLiteral("-- %1%2").arg(m_positionalName, many);
    return words.join(QLatin1Char(' '));
}

namespace {
// `text` broken into lines of at most `width` characters, the later ones indented by `indent`.
QString wrapped(const QString &text, int width, int indent)
{
    QString out;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
            out += line + QLatin1Char('\n') + QString(indent, QLatin1Char(' '));
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    return out + line;
}
} // namespace

QString VerbArgs::helpText() const
{
    const QString lead = QStringLiteral("usage: greenlight %1 ").arg(m_verb);
    QString text = lead + wrapped(synopsis(), 96 - int(lead.size()), int(lead.size())) + QLatin1Char('\n');
    if (!m_summary.isEmpty())
        text += QLatin1Char('\n') + m_summary + QLatin1Char('\n');
    if (!m_positionalName.isEmpty())
        text += QStringLiteral("\n  %1  %2\n").arg(m_positionalName, -28).arg(m_positionalDescription);
    text += QStringLiteral("\noptions:\n");
    for (const Option &o : m_options) {
        QString names = o.shortName.isEmpty() ? QStringLiteral("    --%1").arg(o.name) : QStringLiteral("-%1, --%2").arg(o.shortName, o.name);
        if (!o.valueName.isEmpty())
            names += QLatin1Char(' ') + o.valueName;
        QString line = o.description;
        if (!o.expected.isEmpty())
            line += QStringLiteral(" %1: %2.").arg(o.valueName, o.expected);
        if (!o.fallback.isEmpty())
            line += QStringLiteral(" Default: %1.").arg(o.fallback);
        text += QStringLiteral("  %1  %2\n").arg(names, -28).arg(wrapped(line, 64, 32));
    }
    if (!m_examples.isEmpty()) {
        text += QStringLiteral("\nexamples:\n");
        for (const QString &e : m_examples)
            text += QStringLiteral("  greenlight %1\n").arg(e);
    }
    return text;
}

bool VerbArgs::isSet(const QString &name) const
{
    return m_flags.contains(name) || m_values.contains(name);
}

QString VerbArgs::value(const QString &name) const
{
    if (m_values.contains(name))
        return m_values.value(name);
    const Option *option = find(name);
    return option ? option->fallback : QString();
}

int VerbArgs::number(const QString &name) const
{
    return int(strictWholeNumber(value(name), 0, std::numeric_limits<int>::max()).value_or(0));
}

} // namespace greenlight
