#pragma once

#include "common/colour.h"
#include "model/fleetsnapshot.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

// What a rollback (or a plain switch) would do right now, worked out from what has been read —
// the router, every host's version, the journal's colour before the last deploy — and nothing
// else. The window shows it before anything moves and passes its target on, so the colour the
// operator confirmed is the colour traffic goes to.
struct RollbackPlan
{
    enum class Kind {
        RollBack, // back to the colour that was live before the last deploy
        Switch,   // no deploy recorded: a plain switch to the other colour, with a warning
    };

    Kind kind = Kind::RollBack;
    bool allowed = false;
    bool alreadyLive = false; // the target takes all traffic already (nothing to roll back, unless a change runs)
    QString reason;           // why not, when not allowed: for the tooltip and the status bar
    Colour target = Colour::Blue;
    QStringList versions;     // the target's versions as read from its hosts
    int healthyHosts = 0;     // target hosts the router sees UP
    int totalHosts = 0;
    QString now;              // the router's split: "GREEN 100 %" or "blue 50% / green 50%"
    QString warning;          // e.g. the target runs an older version than the live colour

    // "Roll back to BLUE 1.0.0 — 2/2 hosts healthy — now GREEN 100 %"
    [[nodiscard]] QString summary() const;
    // "Roll back to BLUE" / "Switch to GREEN": the confirming button's text.
    [[nodiscard]] QString actionText() const;
    // Same target, same versions, same health, same split: what was shown is still true.
    [[nodiscard]] bool sameAs(const RollbackPlan &other) const;
};

// `colourBeforeLastDeploy`: from the journal ("" when no deploy is recorded); nullopt when the
// journal has not been read yet. `kind`: the action asked for (Ctrl+R asks RollBack).
[[nodiscard]] RollbackPlan planRollback(const FleetSnapshot &fleet, const std::optional<QString> &colourBeforeLastDeploy,
                                        RollbackPlan::Kind kind = RollbackPlan::Kind::RollBack);

} // namespace greenlight
