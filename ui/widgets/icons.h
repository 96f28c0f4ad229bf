#pragma once
// Toolbar and window icons, drawn with QPainter: crisp at any device pixel ratio and free of
// the Qt SVG module, which a minimal Qt install lacks.

#include <QIcon>

namespace amr::ui::icons {

QIcon app();
QIcon open();
QIcon zoomIn();
QIcon zoomOut();
QIcon zoomFit();
QIcon zoomOriginal();
QIcon overlay();
QIcon previous();
QIcon next();

}  // namespace amr::ui::icons
