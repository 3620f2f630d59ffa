#include "theme.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QPalette>

#include <cmath>

namespace greenlight::Theme {

namespace {
QPalette palette()
{
    return QApplication::palette();
}

double luminance(const QColor &c)
{
    const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}
} // namespace

bool isDark()
{
    return luminance(palette().color(QPalette::Base)) < 0.25;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6), muted(0x9a, 0x9d, 0xa3);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x64, 0xa8, 0xf0));
    p.setColor(QPalette::Disabled, QPalette::Text, muted);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, muted);
    p.setColor(QPalette::Disabled, QPalette::WindowText, muted);
    return p;
}

QColor colour(Role role)
{
    const bool dark = isDark();
    switch (role) {
    case Role::Text: return palette().color(QPalette::Text);
    case Role::Muted: return palette().color(QPalette::PlaceholderText);
    case Role::Success: return dark ? QColor(0x66, 0xbb, 0x6a) : QColor(0x1e, 0x7e, 0x34);
    case Role::Danger: return dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
    case Role::Warning: return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb2, 0x6a, 0x00);
    case Role::Info: return dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x1e, 0x63, 0xc8);
    case Role::Base: return palette().color(QPalette::Base);
    }
    return palette().color(QPalette::Text);
}

QColor accent(Colour c)
{
    if (c == Colour::Blue)
        return isDark() ? QColor(0x64, 0xa8, 0xf0) : QColor(0x1e, 0x63, 0xc8);
    return isDark() ? QColor(0x4c, 0xc3, 0x7e) : QColor(0x1b, 0x8a, 0x4b);
}

QColor textOn(const QColor &background)
{
    return luminance(background) > 0.3 ? QColor(Qt::black) : QColor(Qt::white);
}

void styleChart(QChart *chart)
{
    chart->setBackgroundBrush(colour(Role::Base));
    chart->setPlotAreaBackgroundVisible(false);
    chart->legend()->setLabelColor(colour(Role::Text));
}

void styleAxis(QAbstractAxis *axis)
{
    axis->setLabelsColor(colour(Role::Text));
    axis->setTitleBrush(colour(Role::Muted));
    QColor grid = colour(Role::Muted);
    grid.setAlphaF(0.25);
    axis->setGridLineColor(grid);
    axis->setLinePenColor(colour(Role::Muted));
}

} // namespace greenlight::Theme
