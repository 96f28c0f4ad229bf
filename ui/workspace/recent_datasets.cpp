#include "ui/workspace/recent_datasets.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace amr::ui {
namespace {

QString normalised(const QString& path) {
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

}  // namespace

QStringList RecentDatasets::list() {
    QSettings settings;
    const QStringList stored = settings.value(QLatin1String(kSettingsKey)).toStringList();
    QStringList kept;
    for (const QString& path : stored)
        if (QFileInfo(path).isDir() && !kept.contains(path) && kept.size() < kMax)
            kept << path;
    if (kept != stored)
        settings.setValue(QLatin1String(kSettingsKey), kept);
    return kept;
}

void RecentDatasets::add(const QString& path) {
    const QString entry = normalised(path);
    QSettings settings;
    QStringList paths = settings.value(QLatin1String(kSettingsKey)).toStringList();
    paths.removeAll(entry);
    paths.prepend(entry);
    while (paths.size() > kMax)
        paths.removeLast();
    settings.setValue(QLatin1String(kSettingsKey), paths);
}

void RecentDatasets::clear() {
    QSettings().remove(QLatin1String(kSettingsKey));
}

}  // namespace amr::ui
