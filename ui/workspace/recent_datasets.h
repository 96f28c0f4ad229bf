#pragma once
// The File > Open Recent and Recent Projects lists, kept in QSettings under "recentDatasets"
// and "recentProjects": newest first, at most kMax entries, folders that no longer exist
// pruned when the list is read.

#include <QStringList>

namespace amr::ui {

class RecentDatasets {
public:
    static constexpr int kMax = 10;
    static inline const char* kSettingsKey = "recentDatasets";

    // Existing folders only; a pruned list is written back.
    static QStringList list();
    // Puts `path` (made absolute) first, dropping an older copy and the oldest beyond kMax.
    static void add(const QString& path);
    static void clear();
};

class RecentProjects {
public:
    static constexpr int kMax = 10;
    static inline const char* kSettingsKey = "recentProjects";

    // Folders that still hold a project only; a pruned list is written back.
    static QStringList list();
    static void add(const QString& path);
    static void clear();
};

}  // namespace amr::ui
