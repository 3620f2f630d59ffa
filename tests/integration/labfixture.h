#pragma once

// Shared by the integration tests: one real lab (sshd hosts, HAProxy, demo backends) and
// the deployment file it wrote.

#include "config/configloader.h"
#include "lab/lab.h"

#include <QtTest>

#include <memory>
#include <optional>

namespace greenlight::test {

struct LabFixture
{
    Lab lab;
    std::optional<DeploymentConfig> config;

    // QVERIFY-style: call inside a test function or initTestCase.
    [[nodiscard]] bool start(const LabOptions &options = {})
    {
        const Status started = lab.start(options);
        if (!started) {
            qWarning("lab did not start: %s", qPrintable(started.error()));
            return false;
        }
        ConfigLoader loader;
        Result<DeploymentConfig> loaded = loader.loadFile(lab.configPath());
        if (!loaded) {
            qWarning("lab config does not load: %s", qPrintable(loaded.error()));
            return false;
        }
        config = std::move(loaded).value();
        return true;
    }
};

} // namespace greenlight::test
