#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace greenlight {

// What went wrong, for code to decide on (exit codes, retries, what the window offers);
// the message next to it is for the operator.
enum class ErrorCode {
    None,
    Failed,          // anything not named below
    InvalidInput,    // a deployment file, an argument, a version
    Unreachable,     // a host or the router cannot be reached or logged in to
    HostKey,         // a host key is unknown (and may not be accepted) or changed
    RefusedByRouter, // the router refused or did not carry out a change
    SplitTraffic,    // traffic is split between the colours: finish or undo the shift first
    LockHeld,        // another deployment holds the deploy lock
    GateBreach,      // a metric gate judged the new colour unhealthy
    NoData,          // a gate could not read its source for longer than its grace
    Aborted,         // an operator stopped it (here, or with `greenlight abort` from anywhere)
    TimedOut,        // a deadline passed
    JournalFailure,  // a record could not be written
};

// A stable name for logs, `--json` and tests: "unreachable", "lock-held", …
[[nodiscard]] QString errorCodeName(ErrorCode code);

// What a fallible core call returns: a value, or a message an operator can act on.
template<typename T>
class [[nodiscard]] Result final
{
public:
    Result(T value) : m_value(std::move(value)) {}
    static Result failure(QString message, ErrorCode code = ErrorCode::Failed) { return Result(std::move(message), code, Tag{}); }

    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const T &value() const & { return *m_value; }
    [[nodiscard]] T &&value() && { return std::move(*m_value); }
    [[nodiscard]] const T *operator->() const { return &*m_value; }
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] ErrorCode code() const { return m_code; }

private:
    struct Tag {};
    Result(QString message, ErrorCode code, Tag) : m_error(std::move(message)), m_code(code) {}
    std::optional<T> m_value;
    QString m_error;
    ErrorCode m_code = ErrorCode::None;
};

// Result of a call that produces nothing but can fail.
class [[nodiscard]] Status final
{
public:
    Status() = default;
    static Status failure(QString message, ErrorCode code = ErrorCode::Failed)
    {
        Status s;
        s.m_error = std::move(message);
        s.m_code = code == ErrorCode::None ? ErrorCode::Failed : code;
        return s;
    }

    [[nodiscard]] bool ok() const { return m_code == ErrorCode::None; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] ErrorCode code() const { return m_code; }

private:
    QString m_error;
    ErrorCode m_code = ErrorCode::None;
};

} // namespace greenlight
