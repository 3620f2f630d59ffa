#pragma once

#include "lab/lab.h"

#include <QByteArray>

namespace greenlight::labfiles {

struct Layout
{
    QString root;
    QString subnet;
    int sshPort = 0;
    int appPort = 0;
    QString user;
    QList<LabHost> hosts;
    QString balance = QStringLiteral("roundrobin");
};

[[nodiscard]] QByteArray sshdConfig(const Layout &layout, const LabHost &host);
[[nodiscard]] QByteArray haproxyConfig(const Layout &layout);
[[nodiscard]] QByteArray deployScript();
[[nodiscard]] QByteArray deploymentFile(const Layout &layout);

} // namespace greenlight::labfiles
