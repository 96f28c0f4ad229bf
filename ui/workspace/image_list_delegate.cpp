#include "ui/workspace/image_list_delegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>

#include "engine/data/label_png.h"
#include "engine/project/project.h"
#include "ui/workspace/image_list_model.h"

namespace amr::ui {
namespace {

constexpr int kPadX = 6;
constexpr int kPadY = 4;
constexpr int kLineGap = 2;
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

// A rounded label with white or black text, whichever reads better on `fill`.
void drawPill(QPainter* painter, const QRectF& rect, const QColor& fill, const QString& text) {
    QPainterPath path;
    path.addRoundedRect(rect, rect.height() / 2.0, rect.height() / 2.0);
    painter->fillPath(path, fill);
    painter->setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);
    painter->drawText(rect, Qt::AlignCenter, text);
}

}  // namespace

int ImageListDelegate::thumbnailSize(const QFontMetrics& metrics) {
    return 2 * metrics.height() + kLineGap + kPadY;
}

QColor ImageListDelegate::statusColour(amr::project::ReviewStatus status) {
    using amr::project::ReviewStatus;
    switch (status) {
        case ReviewStatus::New:
            return QColor(0x9e, 0x9e, 0x9e);
        case ReviewStatus::Accepted:
            return QColor(0x2e, 0x7d, 0x32);
        case ReviewStatus::Corrected:
            return QColor(0x15, 0x65, 0xc0);
        case ReviewStatus::NeedsWork:
            return QColor(0xef, 0x6c, 0x00);
    }
    return Qt::gray;
}

QSize ImageListDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    return {240, thumbnailSize(option.fontMetrics) + 2 * kPadY};
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
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        option.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor textColour =
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QRect r = option.rect.adjusted(kPadX, kPadY, -kPadX, -kPadY);

    // Thumbnail, centred in its square; a neutral placeholder until the decode arrives.
    const int side = thumbnailSize(option.fontMetrics);
    const QRect thumbBox(r.left(), r.top() + (r.height() - side) / 2, side, side);
    const QImage thumb = index.data(ImageListModel::ThumbnailRole).value<QImage>();
    if (thumb.width() > 1) {
        QSize fit = thumb.size().scaled(side, side, Qt::KeepAspectRatio);
        QRect target(QPoint(0, 0), fit);
        target.moveCenter(thumbBox.center());
        painter->drawImage(target, thumb);
    } else {
        painter->fillRect(thumbBox, option.palette.color(group, QPalette::Midlight));
    }

    const int x0 = thumbBox.right() + 1 + 2 * kPadX;
    const int lineHeight = option.fontMetrics.height();
    const QRect line1(x0, r.top(), r.right() - x0, lineHeight);
    const QRect line2(x0, r.top() + lineHeight + kLineGap, r.right() - x0, lineHeight);

    const QFont small = chipFont(option.font);
    const QFontMetrics fm(small);
    const int pillHeight = fm.height() + 2;

    // Right end of line 1: the score, then the status badge left of it.
    int right = line1.right();
    const QVariant score = index.data(ImageListModel::ScoreRole);
    painter->setFont(small);
    if (score.isValid()) {
        const QString text = QString::number(score.toDouble(), 'f', 2);
        const int w = fm.horizontalAdvance(text);
        painter->setPen(textColour);
        painter->drawText(QRect(right - w, line1.top(), w, line1.height()),
                          Qt::AlignVCenter | Qt::AlignRight, text);
        right -= w + kChipGap;
    }
    const auto status =
        static_cast<amr::project::ReviewStatus>(index.data(ImageListModel::StatusRole).toInt());
    const QString statusText = index.data(ImageListModel::StatusTextRole).toString();
    if (!statusText.isEmpty()) {
        const int w = fm.horizontalAdvance(statusText) + 2 * kChipPadX;
        const QRectF badge(right - w, line1.top() + (line1.height() - pillHeight) / 2.0, w,
                           pillHeight);
        drawPill(painter, badge, statusColour(status), statusText);
        right -= w + kChipGap;
    }

    // The id gets what is left of line 1, elided in the middle (both ends tell ids apart).
    const QString id = index.data(ImageListModel::IdRole).toString();
    painter->setFont(option.font);
    painter->setPen(textColour);
    const int idWidth = std::max(0, right - kChipGap - line1.left());
    painter->drawText(QRect(line1.left(), line1.top(), idWidth, line1.height()), Qt::AlignVCenter,
                      option.fontMetrics.elidedText(id, Qt::ElideMiddle, idWidth));

    // Line 2: tag chips.
    painter->setFont(small);
    int x = line2.left();
    const QStringList names = index.data(ImageListModel::TagNamesRole).toStringList();
    const QList<int> tags = index.data(ImageListModel::TagIndicesRole).value<QList<int>>();
    const int chipTop = line2.top() + (line2.height() - pillHeight) / 2;
    for (int i = 0; i < names.size() && i < tags.size(); ++i) {
        const int w = fm.horizontalAdvance(names[i]) + 2 * kChipPadX;
        if (x + w > line2.right()) {
            painter->setPen(textColour);
            painter->drawText(QRect(x, line2.top(), line2.right() - x, line2.height()),
                              Qt::AlignVCenter, QStringLiteral("…"));
            break;
        }
        drawPill(painter, QRectF(x, chipTop, w, pillHeight), classColour(tags[i]), names[i]);
        x += w + kChipGap;
    }
    painter->restore();
}

}  // namespace amr::ui
