#pragma once

// Kept out of the test's .cpp: moc does not parse raw string literals.

#include <QByteArray>

namespace {

// A complete, valid deployment file; rows of the bad-file table patch it.
inline QByteArray validFile()
{
    return R"({
  "name": "shop",
  "ssh": {"user": "deploy", "identity_file": "keys/deploy", "known_hosts": "/etc/greenlight/known_hosts"},
  "hosts": {
    "lb": {"address": "10.0.0.2"},
    "b1": {"address": "10.0.1.1", "port": 2222},
    "g1": {"address": "10.0.2.1"}
  },
  "environments": {
    "blue": {"hosts": ["b1"], "app_port": 8080, "version_command": "cat /srv/shop/VERSION",
             "deploy_command": "/srv/shop/deploy {version}"},
    "green": {"hosts": ["g1"], "app_port": 8080, "version_command": "cat /srv/shop/VERSION",
              "deploy_command": "/srv/shop/deploy {version}"}
  },
  "router": {"type": "haproxy", "host": "lb", "admin_socket": "/run/haproxy/admin.sock",
             "frontend_url": "http://10.0.0.2/"},
  "pipeline": [
    {"stage": "deploy", "timeout_s": 120},
    {"stage": "verify", "timeout_s": 30, "retries": 2},
    {"stage": "shift", "weights": [10, 50, 100]}
  ]
}
)";
}

} // namespace
