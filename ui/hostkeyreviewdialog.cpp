#include "hostkeyreviewdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace greenlight {

namespace {
enum Column { Tick, Host, Address, KeyType, Fingerprint, Columns };

QList<NewHostKey> byHost(QList<NewHostKey> keys)
{
    std::stable_sort(keys.begin(), keys.end(), [](const NewHostKey &a, const NewHostKey &b) { return a.host < b.host; });
    return keys;
}

QString filesText(const QList<NewHostKey> &keys)
{
    QStringList files;
    bool hashed = false;
    for (const NewHostKey &k : keys) {
        if (!files.contains(k.knownHostsFile))
            files << k.knownHostsFile;
        hashed = hashed || k.hashed;
    }
    return QObject::tr("Trusted keys are written to %1%2. A key that later changes is refused, whatever is chosen here.")
        .arg(files.join(QStringLiteral(", ")), hashed ? QObject::tr(" (hashed, as HashKnownHosts says)") : QString());
}
} // namespace

HostKeyReviewDialog::HostKeyReviewDialog(const QList<NewHostKey> &keys, QWidget *parent)
    : QDialog(parent), m_keys(byHost(keys)), m_table(new QTableWidget(static_cast<int>(keys.size()), Columns, this)), m_trustSelected(nullptr)
{
    setObjectName(QStringLiteral("hostKeyReview"));
    setWindowTitle(tr("New host keys"));
    const QString count = keys.size() == 1 ? tr("1 host key") : tr("%1 host keys").arg(keys.size());
    auto *intro = new QLabel(tr("<b>%1 not seen before.</b> Compare each fingerprint with the one the host's "
                                "administrator gives you (on the host: <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>) "
                                "before trusting it. Hosts whose key is not trusted stay disconnected.")
                                 .arg(count),
                             this);
    intro->setWordWrap(true);
    auto *files = new QLabel(filesText(keys), this);
    files->setWordWrap(true);
    files->setForegroundRole(QPalette::PlaceholderText);

    m_table->setObjectName(QStringLiteral("hostKeyTable"));
    m_table->setHorizontalHeaderLabels({tr("Trust"), tr("Host"), tr("Address"), tr("Key type"), tr("SHA256 fingerprint")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAccessibleName(tr("New host keys"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const NewHostKey &k = m_keys.at(row);
        auto *tick = new QTableWidgetItem;
        tick->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        tick->setCheckState(Qt::Checked);
        tick->setData(Qt::AccessibleTextRole, tr("trust %1").arg(k.host));
        m_table->setItem(row, Tick, tick);
        m_table->setItem(row, Host, new QTableWidgetItem(k.host));
        m_table->setItem(row, Address, new QTableWidgetItem(k.address));
        m_table->setItem(row, KeyType, new QTableWidgetItem(k.keyType()));
        auto *fingerprint = new QTableWidgetItem(k.sha256());
        fingerprint->setFont(mono);
        fingerprint->setToolTip(k.fingerprint);
        m_table->setItem(row, Fingerprint, fingerprint);
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table, &QTableWidget::itemChanged, this, &HostKeyReviewDialog::updateButtons);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *trustAll = buttons->addButton(tr("Trust &all"), QDialogButtonBox::AcceptRole);
    trustAll->setObjectName(QStringLiteral("trustAllButton"));
    m_trustSelected = buttons->addButton(tr("Trust &selected"), QDialogButtonBox::AcceptRole);
    m_trustSelected->setObjectName(QStringLiteral("trustSelectedButton"));
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setText(tr("Trust none"));
    cancel->setObjectName(QStringLiteral("trustNoneButton"));
    cancel->setDefault(true); // Enter never trusts a key by accident
    connect(trustAll, &QPushButton::clicked, this, [this] { finishWith(m_keys); });
    connect(m_trustSelected, &QPushButton::clicked, this, [this] { finishWith(ticked()); });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(files);
    layout->addWidget(buttons);
    resize(860, 200 + 30 * std::min(static_cast<int>(keys.size()), 12));
    updateButtons();
}

void HostKeyReviewDialog::setTicked(int row, bool ticked)
{
    if (QTableWidgetItem *item = m_table->item(row, Tick))
        item->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
}

QList<NewHostKey> HostKeyReviewDialog::ticked() const
{
    QList<NewHostKey> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, Tick)->checkState() == Qt::Checked)
            out << m_keys.at(row);
    }
    return out;
}

void HostKeyReviewDialog::updateButtons()
{
    const qsizetype n = ticked().size();
    m_trustSelected->setEnabled(n > 0);
    m_trustSelected->setText(tr("Trust &selected (%1 of %2)").arg(n).arg(m_keys.size()));
}

void HostKeyReviewDialog::finishWith(QList<NewHostKey> trusted)
{
    m_trusted = std::move(trusted);
    accept();
}

} // namespace greenlight
