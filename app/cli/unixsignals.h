#pragma once

#include <QObject>

class QSocketNotifier;

namespace greenlight {

// Turns SIGINT and SIGTERM into a Qt signal on the main thread (self-pipe).
class UnixSignals final : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace greenlight
