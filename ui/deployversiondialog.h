#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace greenlight {

// Asks for the version to deploy and shows the plan: which colour receives it, what stays live.
class DeployVersionDialog final : public QDialog
{
    Q_OBJECT
public:
    DeployVersionDialog(const QString &plan, QWidget *parent = nullptr);
    [[nodiscard]] QString version() const;

private:
    QLineEdit *m_version;
    QPushButton *m_deploy;
};

} // namespace greenlight
