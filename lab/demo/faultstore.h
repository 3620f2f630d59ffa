#pragma once

#include "faultsettings.h"

#include <QString>

// Reads and atomically writes faults.json in a backend's state directory.
class FaultStore final
{
public:
    explicit FaultStore(QString filePath);

    struct LoadResult final
    {
        FaultSettings settings; // no faults unless a valid file was read
        QString warning;        // set when the file exists but could not be used
    };

    [[nodiscard]] QString filePath() const { return m_filePath; }

    // A missing file means no faults and no warning.
    [[nodiscard]] LoadResult load() const;

    // Writes a temporary file and renames it over faults.json.
    [[nodiscard]] bool save(const FaultSettings &settings, QString *error) const;

private:
    QString m_filePath;
};
