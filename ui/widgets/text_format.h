#pragma once
// Small formatting helpers shared by panels.

#include <QString>

namespace amr::ui {

// 100000 -> "100,000" (the user's locale grouping; English when the locale is "C").
QString formatCount(qint64 n);

}  // namespace amr::ui
