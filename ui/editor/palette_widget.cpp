#include "ui/editor/palette_widget.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QPainter>
#include <QPixmap>
#include <QToolButton>

#include "engine/data/class_list.h"
#include "engine/data/label_png.h"

namespace amr::ui {
namespace {

QIcon swatch(int label) {
    const auto& c = data::voc_palette()[std::size_t(label) & 0xff];
    QPixmap pm(16, 16);
    pm.fill(QColor(c[0], c[1], c[2]));
    QPainter p(&pm);
    p.setPen(QColor(90, 90, 90));
    p.drawRect(0, 0, 15, 15);
    return QIcon(pm);
}

}  // namespace

PaletteWidget::PaletteWidget(QWidget* parent)
    : QWidget(parent), m_group(new QButtonGroup(this)), m_grid(new QGridLayout(this)) {
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::idClicked, this,
            [this](int label) { emit labelChosen(label); });
}

void PaletteWidget::setEntries(const std::vector<std::pair<int, QString>>& entries) {
    m_entries = entries;
    for (QAbstractButton* b : m_group->buttons()) {
        m_group->removeButton(b);
        delete b;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto* b = new QToolButton(this);
        b->setCheckable(true);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        b->setIcon(swatch(entries[i].first));
        const QString key = i < 10 ? QString::number(i) : QString();
        b->setText(key.isEmpty() ? entries[i].second
                                 : QStringLiteral("%1  %2").arg(key, entries[i].second));
        b->setToolTip(key.isEmpty() ? entries[i].second
                                    : tr("%1 (key %2)").arg(entries[i].second, key));
        b->setObjectName(QStringLiteral("paletteLabel%1").arg(entries[i].first));
        m_group->addButton(b, entries[i].first);
        m_grid->addWidget(b, int(i) / 2, int(i) % 2);
    }
}

int PaletteWidget::labelForDigit(int digit) const {
    return digit >= 0 && std::size_t(digit) < m_entries.size() ? m_entries[std::size_t(digit)].first
                                                               : -1;
}

void PaletteWidget::setCurrentLabel(int label) {
    if (QAbstractButton* b = m_group->button(label))
        b->setChecked(true);
}

std::vector<std::pair<int, QString>> paletteFor(const std::vector<std::uint16_t>& tags,
                                                const std::vector<std::string>& classNames) {
    std::vector<std::pair<int, QString>> out;
    out.emplace_back(data::kBackgroundLabel, QStringLiteral("background"));
    for (std::uint16_t t : tags)
        out.emplace_back(int(t) + 1, t < classNames.size() ? QString::fromStdString(classNames[t])
                                                           : QStringLiteral("class %1").arg(t + 1));
    out.emplace_back(data::kVoidLabel, QStringLiteral("void"));
    return out;
}

}  // namespace amr::ui
