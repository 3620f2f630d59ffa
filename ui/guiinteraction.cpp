#include "guiinteraction.h"

#include <QInputDialog>
#include <QSemaphore>

#include <memory>

namespace greenlight {

GuiInteraction::GuiInteraction(QWidget *dialogParent) : m_parent(dialogParent) {}

std::optional<QString> GuiInteraction::ask(const std::function<std::optional<QString>()> &dialog)
{
    struct Pending
    {
        QSemaphore done;
        std::optional<QString> value;
    };
    if (m_closed)
        return std::nullopt;
    auto pending = std::make_shared<Pending>();
    QMetaObject::invokeMethod(this, [pending, dialog] {
        pending->value = dialog();
        pending->done.release();
    }, Qt::QueuedConnection);
    while (!pending->done.tryAcquire(1, 100)) {
        if (m_closed)
            return std::nullopt;
    }
    return pending->value;
}

std::optional<QString> GuiInteraction::passphrase(const QString &host, const QString &keyFile)
{
    return ask([this, host, keyFile]() -> std::optional<QString> {
        bool ok = false;
        const QString text = QInputDialog::getText(m_parent, tr("Key passphrase"),
                                                   tr("Passphrase for %1 (connecting to %2):").arg(keyFile, host), QLineEdit::Password,
                                                   QString(), &ok);
        return ok ? std::optional<QString>(text) : std::nullopt;
    });
}

std::optional<QString> GuiInteraction::answer(const QString &host, const QString &prompt, bool echo)
{
    return ask([this, host, prompt, echo]() -> std::optional<QString> {
        bool ok = false;
        const QString text = QInputDialog::getText(m_parent, tr("%1 asks").arg(host), prompt,
                                                   echo ? QLineEdit::Normal : QLineEdit::Password, QString(), &ok);
        return ok ? std::optional<QString>(text) : std::nullopt;
    });
}

} // namespace greenlight
