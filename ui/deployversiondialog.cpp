#include "deployversiondialog.h"

#include "common/versiontext.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace greenlight {

DeployVersionDialog::DeployVersionDialog(const QString &plan, QWidget *parent)
    : QDialog(parent), m_version(new QLineEdit(this)), m_deploy(nullptr)
{
    setObjectName(QStringLiteral("deployDialog"));
    setWindowTitle(tr("Deploy version"));
    m_version->setObjectName(QStringLiteral("versionEdit"));
    m_version->setPlaceholderText(tr("e.g. 1.4.2"));
    auto *planLabel = new QLabel(plan, this);
    planLabel->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_deploy = buttons->addButton(tr("Deploy"), QDialogButtonBox::AcceptRole);
    m_deploy->setObjectName(QStringLiteral("confirmDeployButton"));
    m_deploy->setDefault(true);
    m_deploy->setEnabled(false);
    connect(m_version, &QLineEdit::textChanged, this, [this](const QString &text) {
        // The same rule as `greenlight deploy`: printable text only, said next to the button.
        const QString problem = text.trimmed().isEmpty() ? QString() : versionProblem(text.trimmed());
        m_deploy->setEnabled(!text.trimmed().isEmpty() && problem.isEmpty());
        m_deploy->setToolTip(problem);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("Version:"), m_version);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(planLabel);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

QString DeployVersionDialog::version() const
{
    return m_version->text().trimmed();
}

} // namespace greenlight
