#include "ui/widgets/message_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace amr::ui {

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent), m_text(new QLabel(this)), m_close(new QToolButton(this)) {
    setObjectName(QStringLiteral("messageBanner"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);  // file names may contain '<'
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    connect(m_close, &QToolButton::clicked, this, &MessageBanner::dismiss);
    setVisible(false);
}

void MessageBanner::showMessage(const QString& text, Level level) {
    m_level = level;
    m_text->setText(text);
    const char* style = nullptr;
    switch (level) {
        case Level::Info:
            style = "background:#e3edf9; color:#1d3557; border-bottom:1px solid #a9c1e0;";
            break;
        case Level::Warning:
            style = "background:#fff4d6; color:#5c4400; border-bottom:1px solid #e6cf8a;";
            break;
        case Level::Error:
            style = "background:#fbe3e1; color:#6b1410; border-bottom:1px solid #e3a9a4;";
            break;
    }
    setStyleSheet(QStringLiteral("#messageBanner{%1} #messageBanner QLabel{color:inherit;}")
                      .arg(QLatin1String(style)));
    setVisible(true);
}

// isHidden(), not isVisible(): a window that is not shown yet can still hold a message.
QString MessageBanner::text() const {
    return isHidden() ? QString() : m_text->text();
}

void MessageBanner::dismiss() {
    setVisible(false);
}

}  // namespace amr::ui
