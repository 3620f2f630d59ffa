#include "journalfile.h"

#include <QFile>

#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace greenlight {

namespace {

QString errnoText(int error)
{
    return QString::fromStdString(std::error_code(error, std::generic_category()).message());
}

// Closes the descriptor (and so drops its flock) on every path out.
class FdGuard final
{
public:
    explicit FdGuard(int fd) : m_fd(fd) {}
    ~FdGuard()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FdGuard(const FdGuard &) = delete;
    FdGuard &operator=(const FdGuard &) = delete;

private:
    int m_fd;
};

} // namespace

int JournalFile::openLocked(QString &why) const
{
    const QByteArray native = QFile::encodeName(m_path);
    const std::filesystem::path folder = std::filesystem::path(native.toStdString()).parent_path();
    std::error_code ec;
    if (!folder.empty())
        std::filesystem::create_directories(folder, ec);
    if (ec) {
        why = QStringLiteral("cannot create the folder of the journal %1: %2").arg(m_path, QString::fromStdString(ec.message()));
        return -1;
    }
    const bool existed = ::access(native.constData(), F_OK) == 0;
    const int fd = ::open(native.constData(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        why = QStringLiteral("cannot open the journal %1 for writing: %2").arg(m_path, errnoText(errno));
        return -1;
    }
    int locked;
    do {
        locked = ::flock(fd, LOCK_EX);
    } while (locked != 0 && errno == EINTR);
    if (locked != 0) {
        why = QStringLiteral("cannot lock the journal %1: %2").arg(m_path, errnoText(errno));
        ::close(fd);
        return -1;
    }
    if (!existed && !folder.empty()) {
        // A new file: its folder entry must survive a crash too.
        const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
            ::fsync(dir);
            ::close(dir);
        }
    }
    return fd;
}

Status JournalFile::writeAll(int fd, const QByteArray &bytes) const
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return Status::failure(QStringLiteral("cannot write the journal %1: %2").arg(m_path, errnoText(n < 0 ? errno : ENOSPC)));
        done += n;
    }
    return {};
}

Status JournalFile::sync(int fd) const
{
    if (::fsync(fd) != 0)
        return Status::failure(QStringLiteral("cannot fsync the journal %1: %2").arg(m_path, errnoText(errno)));
    return {};
}

Result<qint64> JournalFile::sizeOf(int fd) const
{
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return Result<qint64>::failure(QStringLiteral("cannot read the size of the journal %1: %2").arg(m_path, errnoText(errno)));
    return static_cast<qint64>(st.st_size);
}

Result<bool> JournalFile::endsTorn(int fd, qint64 size) const
{
    if (size == 0)
        return false;
    char last = '\n';
    if (::pread(fd, &last, 1, static_cast<off_t>(size - 1)) != 1)
        return Result<bool>::failure(QStringLiteral("cannot read the end of the journal %1: %2").arg(m_path, errnoText(errno)));
    return last != '\n';
}

Status JournalFile::append(const QByteArray &line) const
{
    QString why;
    const int fd = openLocked(why);
    if (fd < 0)
        return Status::failure(why);
    FdGuard guard(fd);
    const Result<qint64> size = sizeOf(fd);
    if (!size)
        return Status::failure(size.error());
    const qint64 before = size.value();
    const Result<bool> torn = endsTorn(fd, before);
    if (!torn)
        return Status::failure(torn.error());
    // The torn fragment keeps a line of its own; one write carries the newline and the record.
    QByteArray bytes = line;
    if (torn.value())
        bytes.prepend('\n');
    Status written = writeAll(fd, bytes);
    if (written)
        written = sync(fd);
    if (written)
        return {};
    // Whatever part of the record reached the file is cut back off: the next record never
    // lands glued onto a torn one, and a record reported lost is not half there.
    if (::ftruncate(fd, static_cast<off_t>(before)) != 0 || ::fsync(fd) != 0)
        return Status::failure(QStringLiteral("%1 (a part of the record may stay as a damaged line, which readers skip)").arg(written.error()));
    return written;
}

Status JournalFile::checkWritable(qint64 minFreeBytes) const
{
    QString why;
    const int fd = openLocked(why);
    if (fd < 0)
        return Status::failure(why);
    FdGuard guard(fd);
    const Result<qint64> size = sizeOf(fd);
    if (!size)
        return Status::failure(size.error());
    const Result<bool> torn = endsTorn(fd, size.value());
    if (!torn)
        return Status::failure(torn.error());
    if (torn.value()) {
        if (const Status ended = writeAll(fd, QByteArrayLiteral("\n")); !ended)
            return ended;
    }
    if (const Status synced = sync(fd); !synced)
        return synced;
    struct statvfs fs {};
    if (::fstatvfs(fd, &fs) != 0)
        return Status::failure(QStringLiteral("cannot read the free space under the journal %1: %2").arg(m_path, errnoText(errno)));
    // root may use the blocks reserved for it; others may not.
    const qint64 freeBytes = static_cast<qint64>(::geteuid() == 0 ? fs.f_bfree : fs.f_bavail) * static_cast<qint64>(fs.f_frsize);
    if (freeBytes < minFreeBytes)
        return Status::failure(QStringLiteral("the disk under the journal %1 is full: %2 KiB free, a deploy needs at least %3 KiB")
                                   .arg(m_path)
                                   .arg(freeBytes / 1024)
                                   .arg(minFreeBytes / 1024));
    return {};
}

} // namespace greenlight
