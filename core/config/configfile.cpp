#include "configfile.h"

#include "config/configlimits.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace greenlight {

namespace {

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISFIFO(mode))
        return QStringLiteral("a named pipe (FIFO)");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

Result<QByteArray> refuse(const QString &path, const QString &why)
{
    return Result<QByteArray>::failure(QStringLiteral("%1: cannot read: %2").arg(path, why));
}

QString notRegular(mode_t mode)
{
    return QStringLiteral("it is %1; a deployment file must be a regular file").arg(kindOf(mode));
}

} // namespace

QString fileTooLargeMessage(qint64 size)
{
    return QStringLiteral("the file has %1 bytes; a deployment file may have at most %2 MiB (%3 bytes)")
        .arg(size).arg(configlimits::kMaxFileBytes / (1024 * 1024)).arg(configlimits::kMaxFileBytes);
}

Result<QByteArray> readConfigFile(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat before {};
    if (::stat(native.constData(), &before) != 0)
        return refuse(path, QString::fromLocal8Bit(std::strerror(errno)));
    // Refused by type before opening: opening a FIFO could wait for a writer.
    if (!S_ISREG(before.st_mode))
        return refuse(path, notRegular(before.st_mode));
    if (before.st_size > configlimits::kMaxFileBytes)
        return Result<QByteArray>::failure(QStringLiteral("%1: %2").arg(path, fileTooLargeMessage(before.st_size)));

    // O_NONBLOCK: should the path become a FIFO between stat and open, open still returns at once.
    const int fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return refuse(path, QString::fromLocal8Bit(std::strerror(errno)));
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
        ::close(fd);
        return refuse(path, notRegular(opened.st_mode));
    }
    QByteArray data;
    const qsizetype bound = configlimits::kMaxFileBytes + 1; // one more byte tells "too large"
    data.resize(std::min<qsizetype>(static_cast<qsizetype>(opened.st_size) + 1, bound));
    qsizetype used = 0;
    for (;;) {
        if (used == data.size()) {
            if (data.size() >= bound)
                break;
            data.resize(std::min<qsizetype>(data.size() * 2, bound)); // the file grew while read
        }
        const ssize_t n = ::read(fd, data.data() + used, static_cast<size_t>(data.size() - used));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            return refuse(path, QString::fromLocal8Bit(std::strerror(error)));
        }
        if (n == 0)
            break;
        used += n;
    }
    ::close(fd);
    data.truncate(used);
    if (data.size() > configlimits::kMaxFileBytes)
        return Result<QByteArray>::failure(QStringLiteral("%1: %2").arg(path, fileTooLargeMessage(data.size())));
    return data;
}

} // namespace greenlight
