#pragma once
// Small formatting helpers shared by panels.

#include <QString>

namespace amr::ui {

// 100000 -> "100,000" (the user's locale grouping; English when the locale is "C").
QString formatCount(qint64 n);

// A short name for a dataset folder, for the window title: its folder name, except that
// ".../mydata/VOCdevkit/VOC2012" becomes "mydata (VOC2012)".
QString datasetDisplayName(const QString& path);

}  // namespace amr::ui
