#pragma once

#include "model/rollbackplan.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace greenlight {

// The one question before traffic moves back: names the target colour, its versions, how many
// of its hosts are healthy and where traffic is now. Enter confirms, Esc cancels, so the 3 a.m.
// path costs one keystroke and no mouse. It follows every new reading while open: what it shows
// is what the confirmation sends.
class RollbackConfirm final : public QDialog
{
    Q_OBJECT
public:
    explicit RollbackConfirm(const RollbackPlan &plan, QWidget *parent = nullptr);

    void setPlan(const RollbackPlan &plan);
    [[nodiscard]] const RollbackPlan &plan() const { return m_plan; }

private:
    RollbackPlan m_plan;
    QLabel *m_summary;
    QLabel *m_warning;
    QPushButton *m_confirm;
};

} // namespace greenlight
