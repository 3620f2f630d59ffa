#include "knownhostswriter.h"

#include <libssh/libssh.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace greenlight::knownhosts {

namespace {

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

QString hostPattern(const QString &host, int port)
{
    return port == 22 ? host : QStringLiteral("[%1]:%2").arg(host, QString::number(port));
}

QString hashedPattern(const QString &pattern, QByteArrayView salt)
{
    const QByteArray saltBytes = salt.toByteArray();
    const QByteArray mac = QMessageAuthenticationCode::hash(pattern.toUtf8(), saltBytes, QCryptographicHash::Sha1);
    return QStringLiteral("|1|%1|%2").arg(QString::fromLatin1(saltBytes.toBase64()), QString::fromLatin1(mac.toBase64()));
}

Status append(const QString &path, const QString &host, int port, ssh_key_struct *key, bool hash, const std::function<bool()> &alreadyKnown)
{
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK || !base64)
        return Status::failure(QStringLiteral("cannot encode the host key of %1").arg(hostPattern(host, port)));
    const QString keyText = QStringLiteral("%1 %2").arg(QString::fromUtf8(ssh_key_type_to_char(ssh_key_type(key))), QString::fromLatin1(base64));
    ssh_string_free_char(base64);

    QString name = hostPattern(host, port);
    if (hash) {
        QByteArray salt(20, Qt::Uninitialized); // SHA1's size, as ssh-keygen
        QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(salt.data()), reinterpret_cast<quint32 *>(salt.data() + salt.size()));
        name = hashedPattern(name, salt);
    }
    const QByteArray line = QStringLiteral("%1 %2\n").arg(name, keyText).toUtf8();

    const QString dir = QFileInfo(path).absolutePath();
    if (!QFileInfo::exists(dir)) {
        if (!QDir().mkpath(dir))
            return Status::failure(QStringLiteral("cannot make the folder %1").arg(dir));
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Status::failure(QStringLiteral("cannot open %1: %2").arg(path, systemError()));
    Status out;
    // Each writer opens the file itself: flock serialises the threads of this process as
    // well as other processes.
    if (::flock(fd, LOCK_EX) != 0) {
        out = Status::failure(QStringLiteral("cannot lock %1: %2").arg(path, systemError()));
    } else if (!alreadyKnown()) { // another session (or process) may have written it meanwhile
        // The last line of a file written by hand may lack its new line.
        const off_t size = ::lseek(fd, 0, SEEK_END);
        char last = '\n';
        if (size > 0) {
            const int reader = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
            if (reader >= 0) {
                if (::pread(reader, &last, 1, size - 1) != 1)
                    last = '\n';
                ::close(reader);
            }
        }
        const QByteArray text = last == '\n' ? line : QByteArray("\n") + line;
        if (::write(fd, text.constData(), static_cast<size_t>(text.size())) != text.size())
            out = Status::failure(QStringLiteral("cannot write %1: %2").arg(path, systemError()));
    }
    ::close(fd); // and its lock
    return out;
}

} // namespace greenlight::knownhosts
