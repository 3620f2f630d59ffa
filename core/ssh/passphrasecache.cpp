#include "passphrasecache.h"

#include <QFileInfo>

#include <algorithm>

namespace greenlight {

namespace {

// One key, however it is spelled: "~/.ssh/../.ssh/id" and a symlink to it share an answer.
QString canonicalKey(const QString &keyFile)
{
    const QFileInfo info(keyFile);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

} // namespace

PassphraseCache::~PassphraseCache()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        wipeLocked();
    }
    m_wake.notify_all();
    if (m_janitor.joinable())
        m_janitor.join();
}

void PassphraseCache::begin()
{
    std::lock_guard lock(m_mutex);
    ++m_active;
}

void PassphraseCache::end()
{
    {
        std::lock_guard lock(m_mutex);
        if (--m_active > 0)
            return;
        endRoundLocked();
        m_idleSince = std::chrono::steady_clock::now();
    }
    m_wake.notify_all();
}

// No session is authenticating: refusals and wrong-answer counts belonged to that round.
void PassphraseCache::endRoundLocked()
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->second.state == State::Known) {
            it->second.wrong = 0;
            ++it;
        } else {
            it = m_entries.erase(it);
        }
    }
}

void PassphraseCache::wipeLocked()
{
    for (auto &[key, entry] : m_entries) {
        if (entry.state == State::Known) {
            entry.secret.clear();
            entry.state = State::Empty;
        }
    }
}

void PassphraseCache::forget()
{
    std::lock_guard lock(m_mutex);
    wipeLocked();
}

bool PassphraseCache::holdsPassphrases() const
{
    std::lock_guard lock(m_mutex);
    return std::any_of(m_entries.cbegin(), m_entries.cend(), [](const auto &e) { return e.second.state == State::Known; });
}

void PassphraseCache::janitor()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        const bool holds = std::any_of(m_entries.cbegin(), m_entries.cend(), [](const auto &e) { return e.second.state == State::Known; });
        if (!holds || m_active > 0) {
            m_wake.wait(lock);
            continue;
        }
        const auto deadline = m_idleSince + m_keep;
        if (std::chrono::steady_clock::now() >= deadline) {
            wipeLocked();
            continue;
        }
        m_wake.wait_until(lock, deadline);
    }
}

PassphraseCache::Use::Use(PassphraseCache &cache, const QString &keyFile) : m_cache(cache), m_key(canonicalKey(keyFile))
{
    m_cache.begin();
}

PassphraseCache::Use::~Use()
{
    m_cache.end();
}

PassphraseAnswer PassphraseCache::Use::get(const Ask &ask)
{
    std::unique_lock lock(m_cache.m_mutex);
    // Entries are only erased when no Use lives, so this one stays while we wait.
    Entry &entry = m_cache.m_entries[m_key];
    m_cache.m_answered.wait(lock, [&] { return entry.state != State::Asking; });
    PassphraseAnswer out;
    out.wrongAnswers = entry.wrong;
    switch (entry.state) {
    case State::Known:
        m_generation = entry.generation;
        out.kind = PassphraseAnswer::Kind::Given;
        out.secret = entry.secret.copy();
        return out;
    case State::Declined:
        out.kind = PassphraseAnswer::Kind::Declined;
        return out;
    case State::TooManyWrong:
        out.kind = PassphraseAnswer::Kind::TooManyWrong;
        return out;
    case State::Empty:
    case State::Asking:
        break;
    }

    // Ours to ask; the others wait for this answer.
    entry.state = State::Asking;
    lock.unlock();
    std::optional<Secret> answer = ask();
    lock.lock();
    if (answer) {
        entry.state = State::Known;
        entry.secret = std::move(*answer);
        entry.generation = m_cache.m_nextGeneration++;
        m_generation = entry.generation;
        out.kind = PassphraseAnswer::Kind::Given;
        out.secret = entry.secret.copy();
        if (!m_cache.m_janitor.joinable())
            m_cache.m_janitor = std::thread(&PassphraseCache::janitor, &m_cache);
    } else {
        entry.state = State::Declined;
        out.kind = PassphraseAnswer::Kind::Declined;
    }
    lock.unlock();
    m_cache.m_answered.notify_all();
    return out;
}

void PassphraseCache::Use::accepted()
{
    std::lock_guard lock(m_cache.m_mutex);
    const auto it = m_cache.m_entries.find(m_key);
    if (it != m_cache.m_entries.end() && it->second.state == State::Known && it->second.generation == m_generation)
        it->second.wrong = 0;
}

void PassphraseCache::Use::rejected()
{
    std::lock_guard lock(m_cache.m_mutex);
    const auto it = m_cache.m_entries.find(m_key);
    // Another session may have rejected this answer already, and a new one may be known.
    if (it == m_cache.m_entries.end() || it->second.state != State::Known || it->second.generation != m_generation)
        return;
    Entry &entry = it->second;
    entry.secret.clear();
    ++entry.wrong;
    entry.state = entry.wrong >= kMaxWrongAnswers ? State::TooManyWrong : State::Empty;
}

} // namespace greenlight
