#include "ui/widgets/focused_keys_first.h"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QCoreApplication>
#include <QKeyEvent>

namespace amr::ui {

namespace {

bool isNavigationKey(int key) {
    switch (key) {
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
        case Qt::Key_Home:
        case Qt::Key_End:
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Up:
        case Qt::Key_Down:
            return true;
        default:
            return false;
    }
}

}  // namespace

FocusedKeysFirst::FocusedKeysFirst(QObject* parent) : QObject(parent) {}

void FocusedKeysFirst::install() {
    QCoreApplication* app = QCoreApplication::instance();
    if (!app || app->findChild<FocusedKeysFirst*>(QString(), Qt::FindDirectChildrenOnly))
        return;
    app->installEventFilter(new FocusedKeysFirst(app));
}

bool FocusedKeysFirst::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::ShortcutOverride &&
        (qobject_cast<QAbstractSlider*>(watched) || qobject_cast<QAbstractSpinBox*>(watched))) {
        auto* key = static_cast<QKeyEvent*>(event);
        // Only the bare keys: Ctrl+Page Down and the like stay the window's.
        if (isNavigationKey(key->key()) && (key->modifiers() & ~Qt::KeypadModifier) == 0)
            event->accept();
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace amr::ui
