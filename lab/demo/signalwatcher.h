#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <initializer_list>

class QSocketNotifier;

// Turns SIGTERM/SIGINT into a Qt signal via a self-pipe, so shutdown runs in the event
// loop instead of an async-signal handler. Only one instance may be installed at a time.
class SignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    // Installs handlers for the given signals (and ignores SIGPIPE).
    [[nodiscard]] bool install(std::initializer_list<int> signalNumbers, QString *error);

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    void drain();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_installed;
    bool m_ownsPipe = false;
};
