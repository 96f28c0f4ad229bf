#pragma once
// Paints one image row: the id, then its tags as small chips in their VOC class colours.
// All rows have the same height so the view can lay out 100k rows without asking each one.

#include <QStyledItemDelegate>

namespace amr::ui {

class ImageListDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace amr::ui
