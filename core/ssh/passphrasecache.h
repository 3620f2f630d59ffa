#pragma once

#include "ssh/secret.h"

#include <QString>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace greenlight {

struct PassphraseAnswer
{
    enum class Kind { Given, Declined, TooManyWrong };
    Kind kind = Kind::Declined;
    Secret secret;        // Given: the passphrase to try
    int wrongAnswers = 0; // answers that did not open the key, this round
};

// Key passphrases shared by every session of one process, so a person is asked once per key,
// not once per host. Thread-safe: SSH worker threads authenticate at the same time.
//
// - While one session asks, the others wanting the same key wait for that answer.
// - An answer that does not open the key is forgotten and asked again, at most
//   kMaxWrongAnswers times in a round (a round: authentications overlapping in time).
// - A refusal ("cancel", no askpass) and too many wrong answers are shared within the round
//   only: the next round may ask again.
// - A passphrase is kept only while sessions authenticate: once none has for `keep`, it is
//   wiped (by a small thread the cache owns). forget() wipes at once.
class PassphraseCache final
{
public:
    static constexpr int kMaxWrongAnswers = 3;
    // How long a passphrase outlives the last authentication. It must bridge the gaps in one
    // connect round: sessions queued behind the pool's handshake limit reach authentication a
    // TCP connect and key exchange later (about 0.15 s on the lab), or a connect timeout later
    // (10 s by default) when dead hosts held the slots. Past it, a process that stays
    // connected for hours holds no passphrase; a later reconnect asks again.
    static constexpr std::chrono::milliseconds kDefaultKeep{15000};
    using Ask = std::function<std::optional<Secret>()>;

    explicit PassphraseCache(std::chrono::milliseconds keep = kDefaultKeep) : m_keep(keep) {}
    ~PassphraseCache();
    PassphraseCache(const PassphraseCache &) = delete;
    PassphraseCache &operator=(const PassphraseCache &) = delete;

    // One session authenticating with one key file (named by its canonical path). While any
    // Use lives, passphrases are not wiped.
    class Use final
    {
    public:
        Use(PassphraseCache &cache, const QString &keyFile);
        ~Use();
        Use(const Use &) = delete;
        Use &operator=(const Use &) = delete;

        // The passphrase already given, else `ask` is called: by one session at a time.
        [[nodiscard]] PassphraseAnswer get(const Ask &ask);
        // The last Given answer opened the key / did not (it is forgotten).
        void accepted();
        void rejected();

    private:
        PassphraseCache &m_cache;
        QString m_key;
        quint64 m_generation = 0;
    };

    void forget();                                      // wipes every passphrase now
    [[nodiscard]] bool holdsPassphrases() const;        // for tests and diagnostics

private:
    enum class State { Empty, Asking, Known, Declined, TooManyWrong };
    struct Entry
    {
        State state = State::Empty;
        Secret secret;
        quint64 generation = 0;
        int wrong = 0;
    };

    void begin();
    void end();
    void endRoundLocked();
    void wipeLocked();
    void janitor();

    const std::chrono::milliseconds m_keep;
    mutable std::mutex m_mutex;
    std::condition_variable m_answered; // a question was answered: waiting sessions look again
    std::condition_variable m_wake;     // the janitor looks again
    std::map<QString, Entry> m_entries;
    quint64 m_nextGeneration = 1;
    int m_active = 0;
    std::chrono::steady_clock::time_point m_idleSince;
    bool m_stopping = false;
    std::thread m_janitor;
};

} // namespace greenlight
