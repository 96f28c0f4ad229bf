#include "ui/workspace/recent_datasets.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include "engine/project/project.h"

namespace amr::ui {
namespace {

QString normalised(const QString& path) {
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QStringList readList(const char* key, int max, bool (*keep)(const QString&)) {
    QSettings settings;
    const QStringList stored = settings.value(QLatin1String(key)).toStringList();
    QStringList kept;
    for (const QString& path : stored)
        if (keep(path) && !kept.contains(path) && kept.size() < max)
            kept << path;
    if (kept != stored)
        settings.setValue(QLatin1String(key), kept);
    return kept;
}

void addToList(const char* key, int max, const QString& path) {
    const QString entry = normalised(path);
    QSettings settings;
    QStringList paths = settings.value(QLatin1String(key)).toStringList();
    paths.removeAll(entry);
    paths.prepend(entry);
    while (paths.size() > max)
        paths.removeLast();
    settings.setValue(QLatin1String(key), paths);
}

bool isFolder(const QString& path) {
    return QFileInfo(path).isDir();
}

bool holdsProject(const QString& path) {
    return amr::project::Project::exists(path.toStdString());
}

}  // namespace

QStringList RecentDatasets::list() {
    return readList(kSettingsKey, kMax, isFolder);
}

void RecentDatasets::add(const QString& path) {
    addToList(kSettingsKey, kMax, path);
}

void RecentDatasets::clear() {
    QSettings().remove(QLatin1String(kSettingsKey));
}

QStringList RecentProjects::list() {
    return readList(kSettingsKey, kMax, holdsProject);
}

void RecentProjects::add(const QString& path) {
    addToList(kSettingsKey, kMax, path);
}

void RecentProjects::clear() {
    QSettings().remove(QLatin1String(kSettingsKey));
}

}  // namespace amr::ui
