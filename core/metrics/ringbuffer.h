#pragma once

#include <QList>

namespace greenlight {

// Fixed-capacity buffer that overwrites its oldest element: memory stays bounded however
// long the console runs.
template<typename T>
class RingBuffer final
{
public:
    explicit RingBuffer(qsizetype capacity) : m_items(capacity) {}

    void push(const T &item)
    {
        m_items[m_next] = item;
        m_next = (m_next + 1) % m_items.size();
        m_size = std::min(m_size + 1, m_items.size());
    }
    [[nodiscard]] qsizetype size() const { return m_size; }
    [[nodiscard]] qsizetype capacity() const { return m_items.size(); }
    // Oldest first.
    [[nodiscard]] const T &at(qsizetype i) const
    {
        const qsizetype start = (m_next - m_size + m_items.size()) % m_items.size();
        return m_items.at((start + i) % m_items.size());
    }

private:
    QList<T> m_items;
    qsizetype m_next = 0;
    qsizetype m_size = 0;
};

} // namespace greenlight
