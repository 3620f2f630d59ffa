// libFuzzer target: what the router host answers when the window follows its copy of the journal
// (a "SIZE OFFSET" header, then JSONL bytes from that offset). The reply is checked, its bytes
// fed whole and cut in pieces as successive reads would bring them; the pieces must give the
// same records as the whole, and every record folds into history lines without crashing.
#include "journal/journaltail.h"
#include "journal/remotejournal.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    if (const auto reply = RemoteJournal::parseReply(bytes)) {
        if (reply->offset < 0 || reply->offset > reply->size || reply->bytes.size() > RemoteJournal::kMaxReadBytes)
            std::abort();
    }
    JournalTail whole;
    const QList<QJsonObject> records = whole.feed(bytes);
    JournalTail pieces;
    QList<QJsonObject> pieced;
    for (qsizetype at = 0; at < bytes.size(); at += 7)
        pieced += pieces.feed(bytes.mid(at, 7));
    if (pieced.size() != records.size() || whole.skippedLines() != pieces.skippedLines())
        std::abort();
    QList<RunRecord> runRecords;
    for (const QJsonObject &o : records)
        runRecords << runRecordFrom(o);
    const QList<HistoryEntry> history = historyOf(runRecords);
    if (history.size() > runRecords.size())
        std::abort();
    return 0;
}
