#pragma once

// A STUB, not AWS: no Route 53, ELBv2 or Elastic Beanstalk emulator exists as a Debian package,
// and the tests must not reach AWS. This stub speaks the three APIs' wire shapes on 127.0.0.1,
// so that the real AWS CLI (/usr/bin/aws, with --endpoint-url) makes its real requests and parses
// the answers the way it parses AWS's: Route 53 is REST-XML (POST .../rrset/, GET .../change/ID,
// GET .../rrset?name=…), ELBv2 and Elastic Beanstalk are the Query protocol (form-encoded POST,
// XML answers). It keeps just enough state to answer what the routers ask, records every request,
// and can answer an AWS error document for an operation. It does not check signatures.

#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrlQuery>
#include <QXmlStreamReader>

#include <functional>

namespace greenlight::test {

class AwsStub final
{
public:
    struct Request
    {
        QString operation; // "ChangeResourceRecordSets", "ModifyListener", …
        QString path;      // with the query string
        QByteArray body;
        QUrlQuery form;    // the Query protocol's parameters
    };
    struct Record
    {
        int weight = 0;
        QString value;
    };
    struct Environment
    {
        QString cname;
        QString status = QStringLiteral("Ready");
        QString health = QStringLiteral("Green");
    };
    struct Error
    {
        int httpStatus = 400;
        QString code;
        QString message;
    };

    // Route 53: one name and type, records by SetIdentifier.
    QString recordName;
    QString recordType = QStringLiteral("CNAME");
    QHash<QString, Record> records;
    int pendingGetChanges = 0; // get-change answers PENDING this many times, then INSYNC; -1: forever
    std::function<void(int count)> onGetChange; // called (on the stub's thread) with each get-change's count
    // ELBv2: one listener forwarding to target groups (ARN, weight), and targets' health per group.
    QString listenerArn;
    QList<QPair<QString, int>> forward;
    QHash<QString, QList<QPair<QString, QString>>> targets; // group ARN → (target id, state)
    // Elastic Beanstalk: environments by name; after a swap, both are "Updating" this many reads.
    QHash<QString, Environment> environments;
    int updatingReadsAfterSwap = 0;
    // An operation answered with an AWS error document instead.
    QHash<QString, Error> errors;

    AwsStub()
    {
        m_server.moveToThread(&m_thread);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
        m_thread.start();
    }
    ~AwsStub()
    {
        QMetaObject::invokeMethod(&m_server, [this] { m_server.close(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    AwsStub(const AwsStub &) = delete;
    AwsStub &operator=(const AwsStub &) = delete;

    // Listens on 127.0.0.1 (a free port); 0 when it cannot.
    quint16 start()
    {
        quint16 port = 0;
        QMetaObject::invokeMethod(&m_server, [this, &port] {
            if (m_server.listen(QHostAddress(QStringLiteral("127.0.0.1")), 0))
                port = m_server.serverPort();
        }, Qt::BlockingQueuedConnection);
        return port;
    }

    // Stops listening: the next CLI call finds nothing at the endpoint.
    void stop()
    {
        QMetaObject::invokeMethod(&m_server, [this] { m_server.close(); }, Qt::BlockingQueuedConnection);
    }

    // The state and the log are shared with the stub's thread: change and read them under mutex().
    [[nodiscard]] QMutex &mutex() { return m_mutex; }
    [[nodiscard]] QList<Request> requests(const QString &operation = {})
    {
        QMutexLocker<QMutex> l(&m_mutex);
        QList<Request> out;
        for (const Request &r : m_requests) {
            if (operation.isEmpty() || r.operation == operation)
                out << r;
        }
        return out;
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { readFrom(socket); });
        }
    }

    void readFrom(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        qsizetype length = 0;
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        const QByteArray body = buffer.mid(end + 4, length);
        m_buffers.remove(socket);
        const auto [status, xml] = answer(QString::fromLatin1(first.value(0)), QString::fromLatin1(first.value(1)), body);
        socket->write("HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Bad Request")
                      + "\r\nContent-Type: text/xml\r\nx-amzn-RequestId: stub-request\r\nConnection: close\r\nContent-Length: "
                      + QByteArray::number(xml.size()) + "\r\n\r\n" + xml);
        socket->disconnectFromHost();
    }

    static QByteArray esc(const QString &s) { return s.toHtmlEscaped().toUtf8(); }

    QPair<int, QByteArray> answer(const QString &method, const QString &path, const QByteArray &body)
    {
        QMutexLocker<QMutex> l(&m_mutex);
        Request r{{}, path, body, {}};
        static const QRegularExpression changeRe(QStringLiteral("^/2013-04-01/change/([^/?]+)"));
        const bool route53 = path.startsWith(QLatin1String("/2013-04-01/"));
        if (route53 && method == QLatin1String("POST") && path.contains(QLatin1String("/rrset")))
            r.operation = QStringLiteral("ChangeResourceRecordSets");
        else if (route53 && path.contains(QLatin1String("/rrset")))
            r.operation = QStringLiteral("ListResourceRecordSets");
        else if (route53 && changeRe.match(path).hasMatch())
            r.operation = QStringLiteral("GetChange");
        else {
            r.form = QUrlQuery(QString::fromUtf8(QByteArray(body).replace('+', ' ')));
            r.operation = r.form.queryItemValue(QStringLiteral("Action"), QUrl::FullyDecoded);
        }
        m_requests << r;
        if (errors.contains(r.operation)) {
            const Error e = errors.value(r.operation);
            const QByteArray ns = route53 ? "https://route53.amazonaws.com/doc/2013-04-01/" : "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
            return {e.httpStatus, "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>Sender</Type><Code>" + esc(e.code) + "</Code><Message>" + esc(e.message)
                                      + "</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>"};
        }
        if (r.operation == QLatin1String("ChangeResourceRecordSets"))
            return {200, changeRecords(body)};
        if (r.operation == QLatin1String("GetChange"))
            return {200, getChange(changeRe.match(path).captured(1))};
        if (r.operation == QLatin1String("ListResourceRecordSets"))
            return {200, listRecords()};
        if (r.operation == QLatin1String("ModifyListener"))
            return {200, modifyListener(r.form)};
        if (r.operation == QLatin1String("DescribeListeners"))
            return {200, wrap("DescribeListeners", "<Listeners>" + listenerXml() + "</Listeners>")};
        if (r.operation == QLatin1String("DescribeTargetHealth"))
            return {200, targetHealth(r.form.queryItemValue(QStringLiteral("TargetGroupArn"), QUrl::FullyDecoded))};
        if (r.operation == QLatin1String("SwapEnvironmentCNAMEs"))
            return {200, swap(r.form)};
        if (r.operation == QLatin1String("DescribeEnvironments"))
            return {200, describeEnvironments()};
        return {400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the stub does not know this operation</Message></Error>"
                     "<RequestId>stub-request</RequestId></ErrorResponse>"};
    }

    static QByteArray wrap(const QByteArray &operation, const QByteArray &result)
    {
        return "<" + operation + "Response><" + operation + "Result>" + result + "</" + operation + "Result><ResponseMetadata><RequestId>stub-request</RequestId>"
               "</ResponseMetadata></" + operation + "Response>";
    }

    static QByteArray changeInfo(const QByteArray &element, const QString &id, bool inSync)
    {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + element + " xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeInfo><Id>/change/" + esc(id)
               + "</Id><Status>" + (inSync ? "INSYNC" : "PENDING") + "</Status><SubmittedAt>2026-12-03T07:00:00.000Z</SubmittedAt></ChangeInfo></" + element + ">";
    }

    QByteArray changeRecords(const QByteArray &body)
    {
        // Applied at once (the change is then PENDING until get-change has been asked enough).
        QXmlStreamReader xml(body);
        QString action, id, value;
        int weight = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            const QString name = xml.name().toString();
            if (xml.isStartElement() && name == QLatin1String("Action"))
                action = xml.readElementText();
            else if (xml.isStartElement() && name == QLatin1String("SetIdentifier"))
                id = xml.readElementText();
            else if (xml.isStartElement() && name == QLatin1String("Weight"))
                weight = xml.readElementText().toInt();
            else if (xml.isStartElement() && name == QLatin1String("Value"))
                value = xml.readElementText();
            else if (xml.isEndElement() && name == QLatin1String("Change") && action == QLatin1String("UPSERT"))
                records.insert(id, Record{weight, value});
        }
        m_getChanges = 0;
        return changeInfo("ChangeResourceRecordSetsResponse", QStringLiteral("C0STUB%1").arg(++m_changes), false);
    }

    QByteArray getChange(const QString &id)
    {
        ++m_getChanges;
        if (onGetChange)
            onGetChange(m_getChanges);
        return changeInfo("GetChangeResponse", id, pendingGetChanges >= 0 && m_getChanges > pendingGetChanges);
    }

    QByteArray listRecords() const
    {
        QByteArray sets;
        for (auto it = records.cbegin(); it != records.cend(); ++it)
            sets += "<ResourceRecordSet><Name>" + esc(recordName) + "</Name><Type>" + esc(recordType) + "</Type><SetIdentifier>" + esc(it.key())
                    + "</SetIdentifier><Weight>" + QByteArray::number(it->weight) + "</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"
                    + esc(it->value) + "</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
               "<ResourceRecordSets>" + sets + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListResourceRecordSetsResponse>";
    }

    QByteArray listenerXml() const
    {
        QByteArray groups;
        for (const auto &[arn, weight] : forward)
            groups += "<member><TargetGroupArn>" + esc(arn) + "</TargetGroupArn><Weight>" + QByteArray::number(weight) + "</Weight></member>";
        return "<member><ListenerArn>" + esc(listenerArn) + "</ListenerArn><Port>80</Port><Protocol>HTTP</Protocol><DefaultActions><member><Type>forward</Type>"
               "<ForwardConfig><TargetGroups>" + groups + "</TargetGroups></ForwardConfig></member></DefaultActions></member>";
    }

    QByteArray modifyListener(const QUrlQuery &form)
    {
        const QString prefix = QStringLiteral("DefaultActions.member.1.ForwardConfig.TargetGroups.member.%1.");
        forward.clear();
        for (int i = 1; form.hasQueryItem(prefix.arg(i) + QStringLiteral("TargetGroupArn")); ++i)
            forward << qMakePair(form.queryItemValue(prefix.arg(i) + QStringLiteral("TargetGroupArn"), QUrl::FullyDecoded),
                                 form.queryItemValue(prefix.arg(i) + QStringLiteral("Weight")).toInt());
        return wrap("ModifyListener", "<Listeners>" + listenerXml() + "</Listeners>");
    }

    QByteArray targetHealth(const QString &group) const
    {
        QByteArray list;
        for (const auto &[id, state] : targets.value(group))
            list += "<member><Target><Id>" + esc(id) + "</Id><Port>8080</Port></Target><HealthCheckPort>8080</HealthCheckPort><TargetHealth><State>" + esc(state)
                    + "</State></TargetHealth></member>";
        return wrap("DescribeTargetHealth", "<TargetHealthDescriptions>" + list + "</TargetHealthDescriptions>");
    }

    QByteArray swap(const QUrlQuery &form)
    {
        const QString a = form.queryItemValue(QStringLiteral("SourceEnvironmentName"), QUrl::FullyDecoded);
        const QString b = form.queryItemValue(QStringLiteral("DestinationEnvironmentName"), QUrl::FullyDecoded);
        if (environments.contains(a) && environments.contains(b)) {
            std::swap(environments[a].cname, environments[b].cname);
            m_updatingReads = updatingReadsAfterSwap;
        }
        return "<SwapEnvironmentCNAMEsResponse xmlns=\"http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/\"><ResponseMetadata><RequestId>stub-request"
               "</RequestId></ResponseMetadata></SwapEnvironmentCNAMEsResponse>";
    }

    QByteArray describeEnvironments()
    {
        const bool updating = m_updatingReads > 0;
        if (updating)
            --m_updatingReads;
        QByteArray list;
        for (auto it = environments.cbegin(); it != environments.cend(); ++it)
            list += "<member><EnvironmentName>" + esc(it.key()) + "</EnvironmentName><CNAME>" + esc(it->cname) + "</CNAME><Status>"
                    + (updating ? QByteArray("Updating") : esc(it->status)) + "</Status><Health>" + (updating ? QByteArray("Grey") : esc(it->health))
                    + "</Health></member>";
        return wrap("DescribeEnvironments", "<Environments>" + list + "</Environments>");
    }

    QThread m_thread;
    QTcpServer m_server;
    QMutex m_mutex;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_changes = 0;
    int m_getChanges = 0;
    int m_updatingReads = 0;
};

} // namespace greenlight::test
