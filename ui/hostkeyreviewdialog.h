#pragma once

#include "model/newhostkey.h"

#include <QDialog>

class QPushButton;
class QTableWidget;

namespace greenlight {

// Every host key met for the first time while connecting, in one list: host, address, key
// type and SHA256 fingerprint, each with a box to tick. "Trust all", "Trust selected" (only
// the ticked ones) or Cancel (none); trusted() says which, once the dialog is done.
class HostKeyReviewDialog final : public QDialog
{
    Q_OBJECT
public:
    HostKeyReviewDialog(const QList<NewHostKey> &keys, QWidget *parent);

    [[nodiscard]] const QList<NewHostKey> &keys() const { return m_keys; }
    [[nodiscard]] QList<NewHostKey> trusted() const { return m_trusted; }
    // Ticks or unticks row `row` (as a click on its box would).
    void setTicked(int row, bool ticked);

private:
    void finishWith(QList<NewHostKey> trusted);
    [[nodiscard]] QList<NewHostKey> ticked() const;
    void updateButtons();

    const QList<NewHostKey> m_keys;
    QList<NewHostKey> m_trusted;
    QTableWidget *m_table;
    QPushButton *m_trustSelected;
};

} // namespace greenlight
