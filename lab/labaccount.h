#pragma once

#include "common/result.h"

#include <QString>

#include <sys/types.h>

namespace greenlight {

// The account the lab's hosts run as and log in as. As a normal user: that user (an
// unprivileged sshd only lets its own user in). As root: a dedicated account with a plain
// shell, never root (root's shell start-up here costs 0.5 s per command).
struct LabAccount
{
    QString name;
    uid_t uid = 0;
    gid_t gid = 0;
    bool switchUser = false; // we are root and start the lab's processes as `name`

    static constexpr const char *kDedicatedName = "greenlight-lab";
    [[nodiscard]] static Result<LabAccount> resolve();
};

} // namespace greenlight
