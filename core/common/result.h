#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace greenlight {

// What a fallible core call returns: a value, or a message an operator can act on.
template<typename T>
class [[nodiscard]] Result final
{
public:
    Result(T value) : m_value(std::move(value)) {}
    static Result failure(QString message) { return Result(std::move(message), Tag{}); }

    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const T &value() const & { return *m_value; }
    [[nodiscard]] T &&value() && { return std::move(*m_value); }
    [[nodiscard]] const T *operator->() const { return &*m_value; }
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    struct Tag {};
    Result(QString message, Tag) : m_error(std::move(message)) {}
    std::optional<T> m_value;
    QString m_error;
};

// Result of a call that produces nothing but can fail.
class [[nodiscard]] Status final
{
public:
    Status() = default;
    static Status failure(QString message) { Status s; s.m_error = std::move(message); s.m_failed = true; return s; }

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    QString m_error;
    bool m_failed = false;
};

} // namespace greenlight
