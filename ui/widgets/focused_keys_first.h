#pragma once

#include <QObject>

namespace amr::ui {

// Gives a focused slider or spin box its own navigation keys (arrows, Page Up/Down, Home/End)
// before the window's shortcuts: Page Up/Down change the image everywhere else, but with the
// focus on the alpha slider they must move the slider. Installed once on the application.
class FocusedKeysFirst : public QObject {
    Q_OBJECT
public:
    explicit FocusedKeysFirst(QObject* parent = nullptr);

    // Installs one filter on the application (again is a no-op).
    static void install();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace amr::ui
