#include "pidfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <utility>

using namespace Qt::Literals::StringLiterals;

PidFile::PidFile(QString path)
    : m_path(std::move(path))
{
}

bool PidFile::write(QString *error) const
{
    QSaveFile file(m_path);
    const QByteArray content = QByteArray::number(QCoreApplication::applicationPid()) + '\n';
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(m_path, file.errorString());
        return false;
    }
    return true;
}

bool PidFile::removeIfOwned() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    bool ok = false;
    const qint64 pid = file.readAll().trimmed().toLongLong(&ok);
    file.close();
    return ok && pid == QCoreApplication::applicationPid() && QFile::remove(m_path);
}
