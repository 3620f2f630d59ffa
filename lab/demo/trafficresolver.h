#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QStringList>

// `traffic --resolve-via SERVER:PORT`: the URL's name asked at that DNS server, as a client of a
// DNS router would, and asked again once the answer's TTL has passed (at least every second).
// Requests go to the answered addresses in turn; a failed lookup keeps the last answer.
class TrafficResolver final
{
public:
    TrafficResolver(QString server, quint16 port, QString name);

    // The address for the next request; empty until a lookup has answered.
    [[nodiscard]] QString next();
    [[nodiscard]] QString lastError() const { return m_lastError; }

private:
    void resolve();

    QString m_server;
    quint16 m_port = 0;
    QString m_name;
    QStringList m_addresses;
    QElapsedTimer m_askedAt;
    qint64 m_ttlMs = 0;
    int m_turn = 0;
    QString m_lastError;
};
