#include "ui/workspace/workspace_actions.h"

#include <QAction>
#include <QKeySequence>
#include <QWidget>

#include "ui/widgets/icons.h"

namespace amr::ui {
namespace {

QAction* make(QWidget* window, const QString& text, const QList<QKeySequence>& keys,
              const QIcon& icon = {}, const QString& tip = {}) {
    auto* a = new QAction(icon, text, window);
    a->setShortcuts(keys);
    if (!keys.isEmpty()) {
        const QString keyText = keys.first().toString(QKeySequence::NativeText);
        a->setToolTip(tip.isEmpty()
                          ? QStringLiteral("%1 (%2)").arg(QString(text).remove(u'&'), keyText)
                          : QStringLiteral("%1 (%2)").arg(tip, keyText));
    } else if (!tip.isEmpty()) {
        a->setToolTip(tip);
    }
    window->addAction(a);  // shortcuts work even when the menu bar is hidden
    return a;
}

}  // namespace

WorkspaceActions::WorkspaceActions(QWidget* w) {
    openDataset = make(w, tr("&Open Dataset…"), {QKeySequence::Open}, icons::open(),
                       tr("Open a VOC or image-folder dataset"));
    openDemo =
        make(w, tr("Open &Demo"), {}, {}, tr("Generate (once) and open the built-in demo dataset"));
    clearRecent = make(w, tr("&Clear List"), {});
    newProject = make(w, tr("&New Project…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)}, {},
                      tr("Create a project folder for a dataset: review state, masks, runs"));
    openProject = make(w, tr("Open &Project…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
                       {}, tr("Open a project folder and its dataset"));
    closeProject = make(w, tr("C&lose Project"), {});
    closeProject->setEnabled(false);
    clearRecentProjects = make(w, tr("&Clear List"), {});
    exportVoc = make(w, tr("&Export to PASCAL VOC…"), {QKeySequence(Qt::CTRL | Qt::Key_E)}, {},
                     tr("Export images, masks and lists as PASCAL VOC 2012"));
    exportVoc->setEnabled(false);
    importMasks = make(w, tr("&Import Masks…"), {}, {},
                       tr("Bring existing VOC or grayscale masks in as a mask version"));
    importMasks->setEnabled(false);
    validateVoc = make(w, tr("&Validate PASCAL VOC Folder…"), {}, {},
                       tr("Check a VOC folder the way torchvision and mmsegmentation read it"));
    quit = make(w, tr("&Quit"), {QKeySequence::Quit});
    quit->setMenuRole(QAction::QuitRole);

    nextImage = make(w, tr("&Next Image"), {Qt::Key_PageDown, Qt::Key_D}, icons::next());
    previousImage = make(w, tr("&Previous Image"), {Qt::Key_PageUp, Qt::Key_A}, icons::previous());
    findImage = make(w, tr("&Filter Images…"), {QKeySequence::Find});

    fitToWindow = make(w, tr("&Fit to Window"), {Qt::Key_F}, icons::zoomFit());
    actualSize = make(w, tr("&Actual Size (100%)"), {QKeySequence(Qt::CTRL | Qt::Key_0), Qt::Key_1},
                      icons::zoomOriginal());
    zoomIn = make(w, tr("Zoom &In"), {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)},
                  icons::zoomIn());
    zoomOut = make(w, tr("Zoom &Out"), {QKeySequence::ZoomOut}, icons::zoomOut());

    showOverlay = make(w, tr("Show &Mask"), {Qt::Key_M}, icons::overlay(),
                       tr("Show the ground-truth mask over the image"));
    showOverlay->setCheckable(true);
    showOverlay->setChecked(true);

    about = make(w, tr("&About AMR Studio"), {});
    about->setMenuRole(QAction::AboutRole);
}

}  // namespace amr::ui
