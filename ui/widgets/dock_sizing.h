#pragma once
// Dock heights chosen for the task at hand, e.g. the Mask Editor's tools in edit mode.

class QDockWidget;
class QMainWindow;

namespace amr::ui {

// Grows `dock`, whose widget is a QScrollArea, to the height that area's content needs (at the
// dock's width), taking the room from the docks beside it in its column in proportion to their
// heights. A dock that is already tall enough, e.g. one the user made taller, is left as it is.
void growDockToContent(QMainWindow* window, QDockWidget* dock);

}  // namespace amr::ui
