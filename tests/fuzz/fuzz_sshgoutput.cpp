// libFuzzer target: what `ssh -G HOST` prints (the user's ssh_config decides much of it, and
// a ProxyJump's hops come from it), parsed as hostile text; each ProxyJump hop an accepted
// answer names parsed again; and an ssh-agent's identities answer.
#include "fuzzcheck.h"

#include "ssh/agentprobe.h"
#include "ssh/sshgoutput.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<ResolvedSsh> r = sshgoutput::parse(bytes);
    if (r) {
        fuzz::check(r->port >= 1 && r->port <= 65535, "an accepted port is 1-65535");
        fuzz::check(!r->hostName.isEmpty() && !r->user.isEmpty(), "an accepted answer names a host and a user");
        fuzz::check(r->proxyJump.size() <= sshgoutput::kMaxJumps, "at most kMaxJumps hops");
        fuzz::check(r->identityFiles.size() <= sshgoutput::kMaxIdentityFiles, "at most kMaxIdentityFiles keys");
        fuzz::check(r->proxyJump.isEmpty() || r->proxyCommand.isEmpty(), "never both a jump and a proxy command");
        for (const QString &hop : r->proxyJump) {
            const Result<sshgoutput::JumpSpec> spec = sshgoutput::parseJump(hop);
            fuzz::check(spec.ok(), "every hop of an accepted answer parses");
            fuzz::check(!spec->host.startsWith(QLatin1Char('-')), "a hop is never an option");
        }
        const sshgoutput::TokenValues values{QStringLiteral("/home/u"), QStringLiteral("u"), QStringLiteral("alias")};
        for (const QString &file : r->identityFiles)
            (void)sshgoutput::expandTokens(file, r.value(), values);
    } else {
        fuzz::check(!r.error().isEmpty(), "every refusal says why");
    }
    (void)sshgoutput::parseJump(QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 2048))));
    if (const std::optional<int> keys = agentprobe::identityCount(bytes))
        fuzz::check(*keys >= 0 && *keys <= 10000, "an agent's key count is bounded");
    return 0;
}
