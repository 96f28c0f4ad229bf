#pragma once
// A non-modal strip above the canvas for problems the user should read but not be blocked by
// (an image that cannot be decoded, a dataset that failed to open). Closes with its X button.

#include <QFrame>

class QLabel;
class QToolButton;

namespace amr::ui {

class MessageBanner : public QFrame {
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };

    explicit MessageBanner(QWidget* parent = nullptr);

    void showMessage(const QString& text, Level level = Level::Error);
    QString text() const;
    Level level() const { return m_level; }

public Q_SLOTS:
    void dismiss();

private:
    QLabel* m_text;
    QToolButton* m_close;
    Level m_level = Level::Info;
};

}  // namespace amr::ui
