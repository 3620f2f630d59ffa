#pragma once

#include "common/canceltoken.h"
#include "common/result.h"

#include <QString>

namespace greenlight {

struct RouterConfig;
struct DnsQuery;

// A query for the record a DNS router changes, to its own server (every read-back asks it).
[[nodiscard]] DnsQuery recordQuery(const RouterConfig &router, quint16 type);

// Where a DNS router sends a client that asks for `host` now, by the router's own server: its
// address (the first, following CNAMEs), or empty when `host` is not the record the router
// changes. The machine's resolver is not asked: it may hold the previous answer for a TTL.
[[nodiscard]] Result<QString> dnsFrontendAddress(const RouterConfig &router, const QString &host, const CancelToken &cancel);

} // namespace greenlight
