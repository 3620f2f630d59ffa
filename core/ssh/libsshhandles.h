#pragma once

#include <libssh/libssh.h>

#include <memory>

namespace greenlight {

// Owning handles for libssh objects used in more than one place (private to the SSH layer).
struct SshKeyDeleter
{
    void operator()(ssh_key_struct *key) const { ssh_key_free(key); }
};
using SshKeyHandle = std::unique_ptr<ssh_key_struct, SshKeyDeleter>;

} // namespace greenlight
