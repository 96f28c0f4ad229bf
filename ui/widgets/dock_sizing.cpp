#include "ui/widgets/dock_sizing.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QScrollArea>
#include <algorithm>

namespace amr::ui {

void growDockToContent(QMainWindow* window, QDockWidget* dock) {
    auto* scroll = qobject_cast<QScrollArea*>(dock->widget());
    if (!scroll || !scroll->widget())
        return;
    QWidget* panel = scroll->widget();
    int content = panel->sizeHint().height();
    if (panel->hasHeightForWidth())  // wrapped labels take more lines in a narrow dock
        content = std::max(content, panel->heightForWidth(scroll->viewport()->width()));
    const int need = content + dock->height() - scroll->viewport()->height();
    if (dock->height() >= need)
        return;
    // resizeDocks() shares the height among the docks it is given, so it gets the dock's
    // neighbours in its column too, each shrunk in proportion.
    QList<QDockWidget*> docks{dock};
    QList<int> heights{need};
    int others = 0;
    for (QDockWidget* other : window->findChildren<QDockWidget*>())
        if (other != dock && !other->isFloating() && !other->visibleRegion().isEmpty() &&
            window->dockWidgetArea(other) == window->dockWidgetArea(dock)) {
            docks << other;
            heights << other->height();
            others += other->height();
        }
    const int left = std::max(0, dock->height() + others - need);
    for (int i = 1; i < heights.size(); ++i)
        heights[i] = others > 0 ? heights[i] * left / others : 0;
    window->resizeDocks(docks, heights, Qt::Vertical);
}

}  // namespace amr::ui
