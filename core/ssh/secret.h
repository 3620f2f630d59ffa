#pragma once

#include <QByteArrayView>

#include <cstddef>
#include <memory>

class QByteArray;
class QString;

namespace greenlight {

// Overwrites memory in a way the compiler may not drop (explicit_bzero).
void wipeMemory(void *data, std::size_t size);
// Overwrites a buffer's characters in place and empties it. A buffer shared with implicit
// copies is only released: the last copy's owner wipes it.
void wipe(QByteArray &secret);
void wipe(QString &secret);

// A passphrase or password: NUL-terminated bytes in one fixed allocation (never grown, so no
// stale copy is left behind), wiped when it goes. Move-only; copies are explicit.
class Secret final
{
public:
    Secret() = default;
    explicit Secret(QByteArrayView bytes);
    ~Secret();
    Secret(Secret &&other) noexcept;
    Secret &operator=(Secret &&other) noexcept;
    Secret(const Secret &) = delete;
    Secret &operator=(const Secret &) = delete;

    // Converts text (a dialog's answer) and wipes the QString and the UTF-8 it went through.
    [[nodiscard]] static Secret takeText(QString &text);

    [[nodiscard]] const char *c_str() const { return m_data ? m_data.get() : ""; }
    [[nodiscard]] std::size_t size() const { return m_size; }
    [[nodiscard]] Secret copy() const { return Secret(QByteArrayView(c_str(), static_cast<qsizetype>(m_size))); }
    void clear();

private:
    std::unique_ptr<char[]> m_data;
    std::size_t m_size = 0;
};

} // namespace greenlight
