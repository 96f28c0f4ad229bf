#pragma once
// Every QAction of the main window, with its text, shortcuts and icon, in one place so the
// window itself only wires them. Later panels add their own actions next to these.

#include <QCoreApplication>

class QAction;
class QMenu;
class QWidget;

namespace amr::ui {

struct WorkspaceActions {
    Q_DECLARE_TR_FUNCTIONS(WorkspaceActions)

public:
    explicit WorkspaceActions(QWidget* window);

    QAction* openDataset;
    QAction* openDemo;
    QAction* clearRecent;
    QAction* newProject;
    QAction* openProject;   // Ctrl+Shift+O
    QAction* closeProject;  // enabled while a project is open
    QAction* clearRecentProjects;
    QAction* exportVoc;  // enabled while a dataset is open
    QAction* validateVoc;
    QAction* importMasks;  // enabled while a dataset is open
    QAction* quit;
    QAction* nextImage;
    QAction* previousImage;
    QAction* findImage;
    QAction* fitToWindow;
    QAction* actualSize;
    QAction* zoomIn;
    QAction* zoomOut;
    QAction* showOverlay;
    QAction* about;
};

}  // namespace amr::ui
