#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

// Polls an owner process (kill(pid, 0)) and reports when it no longer exists, so nothing
// started by the lab outlives it. EPERM counts as "exists".
class OwnerWatch final : public QObject
{
    Q_OBJECT

public:
    explicit OwnerWatch(qint64 ownerPid, QObject *parent = nullptr,
                        std::chrono::milliseconds interval = std::chrono::milliseconds(500));

    [[nodiscard]] qint64 ownerPid() const { return m_ownerPid; }

    // Checks once right away (asynchronously), then every interval.
    void start();

    [[nodiscard]] static bool processExists(qint64 pid);

Q_SIGNALS:
    void ownerGone(qint64 ownerPid);

private:
    void check();

    qint64 m_ownerPid;
    QTimer m_timer;
};
