// libFuzzer target: the deployment-file loader on arbitrary bytes. Whatever the file holds, the
// loader returns a configuration or a list of problems with messages; it never crashes, hangs,
// leaks or runs out of memory.
#include "config/configloader.h"
#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    // A copy, terminated and owned, as QFile::readAll gives loadFile.
    const QByteArray text(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString source = QStringLiteral("/etc/greenlight/fuzz.json");
    ConfigLoader loader;
    const Result<DeploymentConfig> config = loader.parse(text, source);
    if (config) {
        fuzz::check(loader.problems().isEmpty(), "a loaded file has no problems");
        fuzz::check(config->sourcePath == source, "a loaded file knows where it came from");
    } else {
        fuzz::check(!loader.problems().isEmpty(), "a refused file lists its problems");
        for (const ConfigProblem &p : loader.problems())
            fuzz::check(!p.message.isEmpty(), "every problem has a message");
        fuzz::checkRefusal(config);
    }
    return 0;
}
