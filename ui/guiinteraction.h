#pragma once

#include "model/operatorprompts.h"

#include <QObject>

#include <atomic>
#include <functional>

namespace greenlight {

// Answers SSH questions with dialogs on the GUI thread. The asking SSH thread waits, but
// never forever: close() (on shutdown) releases every waiter with "no".
class GuiInteraction final : public QObject, public OperatorPrompts
{
    Q_OBJECT
public:
    explicit GuiInteraction(QWidget *dialogParent);

    [[nodiscard]] std::optional<QString> passphrase(const QString &host, const QString &keyFile) override;
    [[nodiscard]] std::optional<QString> answer(const QString &host, const QString &prompt, bool echo) override;
    void close() { m_closed = true; }

private:
    [[nodiscard]] std::optional<QString> ask(const std::function<std::optional<QString>()> &dialog);

    QWidget *m_parent;
    std::atomic_bool m_closed = false;
};

} // namespace greenlight
