#pragma once

#include <QString>

#include <optional>

namespace greenlight {

enum class Colour { Blue, Green };

[[nodiscard]] inline QString colourName(Colour c) { return c == Colour::Blue ? QStringLiteral("blue") : QStringLiteral("green"); }
[[nodiscard]] inline Colour otherColour(Colour c) { return c == Colour::Blue ? Colour::Green : Colour::Blue; }
[[nodiscard]] inline std::optional<Colour> colourFromName(const QString &name)
{
    if (name == QLatin1String("blue"))
        return Colour::Blue;
    if (name == QLatin1String("green"))
        return Colour::Green;
    return std::nullopt;
}

} // namespace greenlight
