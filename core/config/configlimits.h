#pragma once

#include <QtGlobal>

// What a deployment file may hold. Checked at the boundary, before and while parsing, so that a
// hostile or broken file is refused in well under a second; docs/config.md ("Limits") states them.
namespace greenlight::configlimits {

inline constexpr qsizetype kMaxFileBytes = 4 * 1024 * 1024; // the whole file
inline constexpr int kMaxDepth = 64;                        // objects and arrays inside each other
inline constexpr qsizetype kMaxEntries = 1000;              // members of one object, elements of one array
inline constexpr qsizetype kMaxValues = 100000;             // values in the whole file (1000 hosts need ~7000)
inline constexpr qsizetype kMaxStringBytes = 4096;          // any string value, as written
inline constexpr qsizetype kMaxKeyBytes = 256;              // any object key, as written
inline constexpr qsizetype kMaxNameLength = 64;             // a host name, the deployment's name
inline constexpr qsizetype kMaxHosts = 1000;                // under /hosts (and so in each colour)
inline constexpr qsizetype kMaxListEntries = 100;           // gates, hooks, paths, weights, directives
inline constexpr qsizetype kMaxProblems = 50;               // reported; the rest are counted
inline constexpr int kMaxDrainS = 30 * 86400;                 // router.drain_s

} // namespace greenlight::configlimits
