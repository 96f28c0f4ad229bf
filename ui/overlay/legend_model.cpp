#include "ui/overlay/legend_model.h"

#include <QColor>
#include <QPixmap>

#include "engine/data/label_png.h"

namespace amr::ui {

LegendModel::LegendModel(QObject* parent) : QAbstractListModel(parent) {}

void LegendModel::setClasses(const amr::data::ClassList& classes) {
    beginResetModel();
    m_classes = classes;
    endResetModel();
}

void LegendModel::setLabels(const std::vector<int>& labels) {
    if (labels == m_labels)
        return;
    beginResetModel();
    m_labels = labels;
    endResetModel();
}

int LegendModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_labels.size());
}

QVariant LegendModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount())
        return {};
    const int label = m_labels[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            if (label == 255)
                return tr("void / boundary");
            if (label <= m_classes.size())
                return QString::fromStdString(m_classes.label_name(label));
            return tr("label %1").arg(label);
        case Qt::DecorationRole: {
            const auto& c = amr::data::voc_palette()[std::size_t(label)];
            return QColor(c[0], c[1], c[2]);
        }
        case Qt::ToolTipRole:
            return tr("label value %1").arg(label);
        case LabelRole:
            return label;
        default:
            return {};
    }
}

}  // namespace amr::ui
