#pragma once
// Owns the main window and rebuilds it when the user picks another interface language (View >
// Language), so every string is translated at once without restarting the program: the old
// window saves its state and edits as on close, the new one reopens the same project or dataset
// at the same image, with the same image filter, edit mode and CAM kind.

#include <QObject>
#include <QPointer>
#include <QString>

namespace amr::ui {

class MainWindow;

class WindowHost : public QObject {
    Q_OBJECT
public:
    explicit WindowHost(QObject* parent = nullptr);
    ~WindowHost() override;

    MainWindow* window() const { return m_window; }

    // Installs `code` (see language.h), remembers it and rebuilds the window. Returns false when
    // the user kept the current window (jobs were running and they chose not to stop them).
    bool switchLanguage(const QString& code);

Q_SIGNALS:
    void windowReplaced(amr::ui::MainWindow* window);

private:
    MainWindow* createWindow();

    QPointer<MainWindow> m_window;
};

}  // namespace amr::ui
