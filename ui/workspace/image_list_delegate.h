#pragma once
// Paints one image row: a thumbnail (a placeholder until it is decoded), the id with the
// review-status badge and score on the first line, the tags as chips in their VOC class
// colours on the second. All rows have the same height so the view can lay out 100k rows
// without asking each one.

#include <QStyledItemDelegate>

namespace amr::project {
enum class ReviewStatus;
}

namespace amr::ui {

class ImageListDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The thumbnail's side for rows of this font (what the model's cache should decode to).
    static int thumbnailSize(const QFontMetrics& metrics);
    // Badge colours: grey new, green accepted, blue corrected, orange needs work.
    static QColor statusColour(amr::project::ReviewStatus status);
};

}  // namespace amr::ui
