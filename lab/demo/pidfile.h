#pragma once

#include <QString>

// DIR/backend.pid: written atomically after a successful listen, removed on exit only
// if it still names this process (a newer instance may have replaced it).
class PidFile final
{
public:
    explicit PidFile(QString path);

    [[nodiscard]] QString path() const { return m_path; }

    [[nodiscard]] bool write(QString *error) const;

    // Returns true if the file held our pid and was removed.
    bool removeIfOwned() const;

private:
    QString m_path;
};
