#include "ui/workspace/image_list_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include "engine/data/label_png.h"
#include "ui/workspace/image_list_model.h"

namespace amr::ui {
namespace {

constexpr int kPadX = 6;
constexpr int kPadY = 4;
constexpr int kChipGap = 4;
constexpr int kChipPadX = 5;

QColor classColour(int cls) {
    const auto& rgb = amr::data::voc_palette()[std::size_t(cls + 1) & 0xff];
    return QColor(rgb[0], rgb[1], rgb[2]);
}

QFont chipFont(const QFont& base) {
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * 0.85);
    return f;
}

}  // namespace

QSize ImageListDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const int h = option.fontMetrics.height() + 2 * kPadY + 2;
    return {200, h};
}

void ImageListDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();  // we draw the text ourselves; the style draws selection and focus
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        option.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor textColour =
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QRect r = option.rect.adjusted(kPadX, 0, -kPadX, 0);

    // Id first, never elided away entirely: it is what the user searches for.
    const QString id = index.data(ImageListModel::IdRole).toString();
    painter->setPen(textColour);
    painter->setFont(option.font);
    const int idWidth = std::min(option.fontMetrics.horizontalAdvance(id), r.width());
    painter->drawText(QRect(r.left(), r.top(), idWidth, r.height()), Qt::AlignVCenter,
                      option.fontMetrics.elidedText(id, Qt::ElideMiddle, idWidth));

    const QFont small = chipFont(option.font);
    const QFontMetrics fm(small);
    painter->setFont(small);
    painter->setRenderHint(QPainter::Antialiasing);
    int x = r.left() + idWidth + 3 * kChipGap;
    const QStringList names = index.data(ImageListModel::TagNamesRole).toStringList();
    const QList<int> tags = index.data(ImageListModel::TagIndicesRole).value<QList<int>>();
    const int chipHeight = fm.height() + 2;
    const int chipTop = r.top() + (r.height() - chipHeight) / 2;
    for (int i = 0; i < names.size() && i < tags.size(); ++i) {
        const int w = fm.horizontalAdvance(names[i]) + 2 * kChipPadX;
        if (x + w > r.right()) {
            painter->setPen(textColour);
            painter->drawText(QRect(x, r.top(), r.right() - x, r.height()), Qt::AlignVCenter,
                              QStringLiteral("…"));
            break;
        }
        const QColor fill = classColour(tags[i]);
        const QRectF chip(x, chipTop, w, chipHeight);
        QPainterPath path;
        path.addRoundedRect(chip, chipHeight / 2.0, chipHeight / 2.0);
        painter->fillPath(path, fill);
        painter->setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);
        painter->drawText(chip, Qt::AlignCenter, names[i]);
        x += w + kChipGap;
    }
    painter->restore();
}

}  // namespace amr::ui
