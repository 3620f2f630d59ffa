#pragma once

#include "common/colour.h"
#include "model/fleetsnapshot.h"

#include <QFrame>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;

namespace greenlight {

// The notice under the banner: what just happened, said with an icon and a word as well as a
// colour (SUCCEEDED, FAILED, ROLLED BACK, INTERRUPTED…), where traffic is now as the router last
// said, and the next step as a button when there is one. A notice that claims a colour is live
// is replaced as soon as the router says otherwise.
class NoticeBar final : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Succeeded, Failed, RolledBack, Interrupted, Running, DeadLock, Elsewhere, Changed };

    struct Action
    {
        QString objectName; // for tests and the accessibility tree: "resumeDeploy", "breakLock"
        QString text;
        QString toolTip;
        std::function<void()> run;
    };

    explicit NoticeBar(QWidget *parent = nullptr);

    // `claimsLive`: the colour this notice says takes all traffic (checked at every reading).
    void post(Kind kind, const QString &text, std::optional<Colour> claimsLive = std::nullopt, const Action &action = {});
    void clear();
    // Every reading of the router: says where traffic is now, and replaces a contradicted notice.
    void routerRead(const FleetSnapshot &fleet);

    [[nodiscard]] QString text() const;
    [[nodiscard]] std::optional<Kind> kind() const { return m_kind; }
    [[nodiscard]] static QString word(Kind kind);

private:
    void announce();

    QLabel *m_icon;
    QLabel *m_text;
    QLabel *m_traffic;
    QPushButton *m_action;
    std::optional<Kind> m_kind;
    std::optional<Colour> m_claimsLive;
    std::function<void()> m_run;
};

} // namespace greenlight
