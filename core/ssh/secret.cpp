#include "secret.h"

#include <QByteArray>
#include <QString>

#include <cstring>
#include <string.h> // explicit_bzero (glibc)
#include <utility>

namespace greenlight {

void wipeMemory(void *data, std::size_t size)
{
    if (data && size > 0)
        explicit_bzero(data, size);
}

// Only a buffer this object alone holds is ours to overwrite: a shared one belongs to other
// copies too (whose owner decides), and static or raw data is not a heap copy at all.
void wipe(QByteArray &secret)
{
    if (secret.isDetached())
        wipeMemory(secret.data(), static_cast<std::size_t>(secret.size()));
    secret = QByteArray();
}

void wipe(QString &secret)
{
    if (secret.isDetached())
        wipeMemory(secret.data(), static_cast<std::size_t>(secret.size()) * sizeof(QChar));
    secret = QString();
}

Secret::Secret(QByteArrayView bytes) : m_size(static_cast<std::size_t>(bytes.size()))
{
    m_data = std::make_unique<char[]>(m_size + 1);
    if (m_size > 0)
        std::memcpy(m_data.get(), bytes.data(), m_size);
    m_data[m_size] = '\0';
}

Secret::~Secret()
{
    clear();
}

Secret::Secret(Secret &&other) noexcept
    : m_data(std::move(other.m_data)), m_size(std::exchange(other.m_size, 0))
{
}

Secret &Secret::operator=(Secret &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::move(other.m_data);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

Secret Secret::takeText(QString &text)
{
    QByteArray utf8 = text.toUtf8();
    Secret secret(utf8);
    wipe(utf8);
    wipe(text);
    return secret;
}

void Secret::clear()
{
    if (m_data)
        wipeMemory(m_data.get(), m_size + 1);
    m_data.reset();
    m_size = 0;
}

} // namespace greenlight
