#include "faultstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

#include <utility>

using namespace Qt::Literals::StringLiterals;

FaultStore::FaultStore(QString filePath)
    : m_filePath(std::move(filePath))
{
}

FaultStore::LoadResult FaultStore::load() const
{
    LoadResult result;
    QFile file(m_filePath);
    if (!file.exists())
        return result;
    if (!file.open(QIODevice::ReadOnly)) {
        result.warning = u"cannot read %1: %2; starting with no faults"_s.arg(m_filePath, file.errorString());
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.warning = u"malformed %1: %2 at offset %3; starting with no faults"_s.arg(
            m_filePath, parseError.errorString(), QString::number(parseError.offset));
        return result;
    }
    if (!document.isObject()) {
        result.warning = u"malformed %1: expected a JSON object; starting with no faults"_s.arg(m_filePath);
        return result;
    }
    QString error;
    const std::optional<FaultSettings> settings = FaultSettings::fromJson(document.object(), &error);
    if (!settings) {
        result.warning = u"malformed %1: %2; starting with no faults"_s.arg(m_filePath, error);
        return result;
    }
    result.settings = *settings;
    return result;
}

bool FaultStore::save(const FaultSettings &settings, QString *error) const
{
    const QString directory = QFileInfo(m_filePath).absolutePath();
    if (!QDir().mkpath(directory)) {
        *error = u"cannot create directory %1"_s.arg(directory);
        return false;
    }
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = u"cannot write %1: %2"_s.arg(m_filePath, file.errorString());
        return false;
    }
    const QByteArray bytes = QJsonDocument(settings.toJson()).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(m_filePath, file.errorString());
        return false;
    }
    return true;
}
