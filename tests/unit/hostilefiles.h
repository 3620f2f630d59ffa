#pragma once

// Hostile deployment files for tst_hostileconfig, built in code (moc does not parse raw string
// literals, and a 5 MB file is better made than stored). Each is the valid sample file broken in
// one way, or something that is no deployment file at all.

#include "unit/sampleconfig.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace {

struct HostileFile
{
    const char *name;
    QByteArray text;
    QString expected; // a substring of the error, with the JSON path where there is one
};

// The valid file with `from` (which must be in it) replaced by `to`.
inline QByteArray patched(const QByteArray &from, const QByteArray &to)
{
    QByteArray text = validFile();
    Q_ASSERT(text.contains(from));
    text.replace(text.indexOf(from), from.size(), to);
    return text;
}

inline QByteArray repeated(const char *piece, int times)
{
    return QByteArray(piece).repeated(times);
}

// A file whose /hosts has `count` hosts h0…, split between the colours.
inline QByteArray manyHosts(int count)
{
    QByteArray hosts = "\"lb\": {\"address\": \"10.0.0.2\"}";
    QByteArray blue;
    QByteArray green;
    for (int i = 0; i < count; ++i) {
        const QByteArray name = "h" + QByteArray::number(i);
        hosts += ",\n    \"" + name + "\": {\"address\": \"10.1." + QByteArray::number(i / 250) + '.' + QByteArray::number(i % 250) + "\"}";
        QByteArray &colour = i % 2 ? green : blue;
        colour += QByteArray(colour.isEmpty() ? "\"" : ", \"") + name + '"';
    }
    QByteArray text = patched("\"lb\": {\"address\": \"10.0.0.2\"},\n    \"b1\": {\"address\": \"10.0.1.1\", \"port\": 2222},\n    \"g1\": {\"address\": \"10.0.2.1\"}", hosts);
    text.replace("\"hosts\": [\"b1\"]", QByteArray("\"hosts\": [" + blue + ']'));
    text.replace("\"hosts\": [\"g1\"]", QByteArray("\"hosts\": [" + green + ']'));
    return text;
}

inline QList<HostileFile> hostileFiles()
{
    const QByteArray longName = QByteArray(100, 'h');
    const QByteArray hugeName = QByteArray(200000, 'h');
    QList<HostileFile> files{
        // Numbers
        {"number beyond a double", "{\"name\": 1e999}", QStringLiteral("shop.json:1: /name: the number 1e999 is out of range")},
        {"negative number beyond a double", patched("\"timeout_s\": 120", "\"timeout_s\": -1e400"),
         QStringLiteral("shop.json:18: /pipeline/0/timeout_s: the number -1e400 is out of range")},
        {"integer beyond 64 bits", patched("\"port\": 2222", "\"port\": 99999999999999999999"),
         QStringLiteral("shop.json:6: /hosts/b1/port: must be between 1 and 65535, found 1e+20")},
        {"largest unsigned 64-bit integer", patched("\"port\": 2222", "\"port\": 18446744073709551615"),
         QStringLiteral("/hosts/b1/port: must be between 1 and 65535, found 18446744073709551615")},
        {"negative timeout", patched("\"timeout_s\": 120", "\"timeout_s\": -5"),
         QStringLiteral("shop.json:18: /pipeline/0/timeout_s: must be between 1 and 86400, found -5")},
        {"fractional port", patched("\"port\": 2222", "\"port\": 22.5"), QStringLiteral("/hosts/b1/port: expected a whole number, found 22.5")},
        // Nesting
        {"40 KB of nested arrays", repeated("[", 40000) + repeated("]", 40000),
         QStringLiteral("shop.json:1: ") + QStringLiteral("/0").repeated(64) + QStringLiteral(": nested deeper than 64 levels")},
        {"100000 opening brackets", repeated("[", 100000), QStringLiteral("nested deeper than 64 levels of objects and arrays")},
        {"deep objects under a key", patched("\"name\": \"shop\"", "\"name\": " + repeated("{\"a\": ", 100) + '1' + repeated("}", 100)),
         QStringLiteral("shop.json:2: /name") + QStringLiteral("/a").repeated(63) + QStringLiteral(": nested deeper than 64")},
        {"64 levels are parsed", patched("\"name\": \"shop\"", "\"name\": " + repeated("[", 63) + repeated("]", 63)),
         QStringLiteral("shop.json:2: /name: expected a string, found an array")},
        {"65 levels are not", patched("\"name\": \"shop\"", "\"name\": " + repeated("[", 64) + repeated("]", 64)),
         QStringLiteral("nested deeper than 64 levels")},
        // Duplicate keys
        {"duplicate top-level key", patched("\"name\": \"shop\",", "\"name\": \"shop\",\n  \"name\": \"shop2\","),
         QStringLiteral("shop.json:3: /name: duplicate key \"name\" (lines 2 and 3)")},
        {"duplicate colour", patched("\n  },\n  \"router\"", ",\n    \"blue\": {}\n  },\n  \"router\""),
         QStringLiteral("shop.json:14: /environments/blue: duplicate key \"blue\" (lines 10 and 14)")},
        {"duplicate key in a host", patched("\"port\": 2222", "\"port\": 2222, \"address\": \"10.0.9.9\""),
         QStringLiteral("shop.json:6: /hosts/b1/address: duplicate key \"address\" (lines 6 and 6)")},
        {"duplicate key in a stage", patched("\"stage\": \"deploy\"", "\"stage\": \"deploy\", \"stage\": \"verify\""),
         QStringLiteral("/pipeline/0/stage: duplicate key \"stage\"")},
        {"duplicate key spelt with an escape", patched("\"name\": \"shop\",", "\"name\": \"shop\",\n  \"na\\u006de\": \"shop\","),
         QStringLiteral("/name: duplicate key \"name\" (lines 2 and 3)")},
        // Names and strings
        {"host name with a final new line", patched("\"g1\": {", "\"g1\\n\": {"),
         QStringLiteral("shop.json:7: /hosts/g1\\u000a: host names may use letters, digits")},
        {"host name with a control character", patched("\"g1\": {", "\"g\\u00011\": {"), QStringLiteral("/hosts/g\\u00011: host names may use")},
        {"long host name", patched("\"g1\": {", "\"" + longName + "\": {"),
         QStringLiteral("/hosts/") + QString::fromLatin1(longName) + QStringLiteral(": a host name of 100 characters; at most 64")},
        {"200 KB host name", patched("\"g1\": {", "\"" + hugeName + "\": {"), QStringLiteral("shop.json:7: /hosts/hhhh")},
        {"200 KB host reference", patched("\"hosts\": [\"g1\"]", "\"hosts\": [\"" + hugeName + "\"]"),
         QStringLiteral("/environments/green/hosts/0: a string of 200000 bytes; at most 4096 are allowed")},
        {"deployment name with a new line", patched("\"name\": \"shop\"", "\"name\": \"shop\\nrm -rf\""),
         QStringLiteral("shop.json:2: /name: contains the control character U+000A (new line) at character 5")},
        {"long deployment name", patched("\"name\": \"shop\"", "\"name\": \"" + longName + "\""), QStringLiteral("/name: a name of 100 characters; at most 64")},
        {"NUL escaped in an address", patched("\"10.0.2.1\"", "\"10.0.2.1\\u0000evil\""),
         QStringLiteral("/hosts/g1/address: contains the control character U+0000 (NUL)")},
        {"5000-byte command", patched("\"cat /srv/shop/VERSION\"", "\"" + QByteArray(5000, 'x') + "\""),
         QStringLiteral("shop.json:10: /environments/blue/version_command: a string of 5000 bytes; at most 4096")},
        // Not JSON, or not only JSON
        {"empty file", QByteArray(), QStringLiteral("shop.json: the file is empty")},
        {"only whitespace", QByteArray(" \n\t\r\n  "), QStringLiteral("shop.json: the file is empty")},
        {"raw NUL bytes", patched("\"shop\"", QByteArray("\"sh\0p\"", 6)), QStringLiteral("shop.json:2:")},
        {"invalid UTF-8", patched("\"shop\"", "\"sh\xC3\x28p\""), QStringLiteral("parse error: syntax error while parsing value - invalid string: ill-formed UTF-8 byte")},
        {"trailing garbage", validFile() + "}{", QStringLiteral("shop.json:23:1: parse error")},
        {"unterminated string", QByteArray("{\"name\": \"shop"), QStringLiteral("shop.json:1:14: parse error")},
        {"a bare word", QByteArray("{\"name\": shop}"), QStringLiteral("shop.json:1:")},
        {"a 5000-digit number", patched("\"port\": 2222", "\"port\": " + QByteArray(5000, '9')),
         QStringLiteral("shop.json:6: /hosts/b1/port: a value of 5000 bytes; at most 4096 are allowed")},
        {"a long number, then garbage", patched("\"port\": 2222", "\"port\": 1." + QByteArray(4000, '0') + "ex"),
         QStringLiteral("parse error: syntax error while parsing value - invalid number; expected '+', '-', or digit after exponent; last read: '1.000")},
        {"byte order mark keeps lines", "\xEF\xBB\xBF" + patched("\"port\": 2222", "\"port\": 0"),
         QStringLiteral("shop.json:6: /hosts/b1/port: must be between 1 and 65535, found 0")},
        // Wrong types at every level
        {"top level is a string", QByteArray("\"shop\""), QStringLiteral("/: expected an object, found a string")},
        {"name is a number", patched("\"name\": \"shop\"", "\"name\": 5"), QStringLiteral("shop.json:2: /name: expected a string, found a number")},
        {"hosts is an array", patched("\"hosts\": {", "\"hosts\": [{}], \"x\": {"), QStringLiteral("/hosts: expected an object, found an array")},
        {"a host is null", patched("\"g1\": {\"address\": \"10.0.2.1\"}", "\"g1\": null"), QStringLiteral("/hosts/g1: expected an object, found null")},
        {"a colour is a string", patched("\"blue\": {", "\"blue\": \"b1\", \"x\": {"), QStringLiteral("/environments/blue: expected an object, found a string")},
        {"colour hosts hold a number", patched("\"hosts\": [\"g1\"]", "\"hosts\": [\"g1\", 7]"), QStringLiteral("/environments/green/hosts/1: expected a string, found a number")},
        {"ssh flag is a string", patched("\"user\": \"deploy\"", "\"user\": \"deploy\", \"use_ssh_config\": \"yes\""),
         QStringLiteral("/ssh/use_ssh_config: expected true or false, found a string")},
        {"pipeline is an object", patched("\"pipeline\": [", "\"pipeline\": {}, \"x\": ["), QStringLiteral("/pipeline: expected an array, found an object")},
        {"a stage is a number", patched("{\"stage\": \"verify\", \"timeout_s\": 30, \"retries\": 2}", "7"),
         QStringLiteral("shop.json:19: /pipeline/1: expected an object, found a number")},
        {"weights hold a string", patched("[10, 50, 100]", "[10, \"50\", 100]"), QStringLiteral("/pipeline/2/weights/1: expected a percentage from 1 to 100")},
        // The pipeline must deploy
        {"empty pipeline", patched("\"pipeline\": [", "\"pipeline\": [], \"x\": ["), QStringLiteral("/pipeline: has no \"deploy\" stage")},
        {"pipeline without deploy", patched("{\"stage\": \"deploy\", \"timeout_s\": 120},", ""), QStringLiteral("shop.json:17: /pipeline: has no \"deploy\" stage")},
        // Size
        {"20000 hosts", manyHosts(20000), QStringLiteral("shop.json:4: /hosts: has more than 1000 members; at most 1000 are allowed")},
        {"2000 hosts in one colour", patched("\"hosts\": [\"b1\"]", "\"hosts\": [" + repeated("\"b1\", ", 1999) + "\"b1\"]"),
         QStringLiteral("shop.json:10: /environments/blue/hosts: has more than 1000 entries; at most 1000 are allowed")},
        {"1001 members in one object", patched("\"name\": \"shop\",", []() -> QByteArray {
             QByteArray members;
             for (int i = 0; i < 1000; ++i)
                 members += "\"k" + QByteArray::number(i) + "\": 0, ";
             return members + "\"name\": \"shop\",";
         }()),
         QStringLiteral("shop.json:1: /: has more than 1000 members; at most 1000 are allowed")},
        {"4 MB in objects of 1000 members", patched("\"name\": \"shop\",", []() -> QByteArray {
             QByteArray members;
             for (int i = 0; members.size() < 4000000; ++i) {
                 members += "\"x" + QByteArray::number(i) + "\": {";
                 for (int k = 0; k < 1000; ++k)
                     members += "\"k" + QByteArray::number(k) + (k < 999 ? "\": 0, " : "\": 0");
                 members += "},\n";
             }
             return members + "\"name\": \"shop\",";
         }()), QStringLiteral("the file holds more than 100000 values; at most 100000 are allowed")},
        {"a list of 1 million entries", patched("\"pipeline\": [", "\"gates\": [" + repeated("0,", 1000000) + "0],\n  \"pipeline\": ["),
         QStringLiteral("shop.json:17: /gates: has more than 1000 entries; at most 1000 are allowed")},
        {"101 gates", patched("\"pipeline\": [", "\"gates\": [" + repeated("{}, ", 100) + "{}],\n  \"pipeline\": ["),
         QStringLiteral("shop.json:17: /gates: has 101 entries; at most 100 are allowed")},
        {"5 MB file", patched("\"name\": \"shop\"", "\"name\": \"" + QByteArray(5 * 1024 * 1024, 'x') + "\""),
         QStringLiteral("a deployment file may have at most 4 MiB (4194304 bytes)")},
    };
    return files;
}

} // namespace
