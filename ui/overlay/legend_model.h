#pragma once
// The legend of the overlays: one row per label present (class name, VOC colour swatch).

#include <QAbstractListModel>
#include <vector>

#include "engine/data/class_list.h"

namespace amr::ui {

class LegendModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { LabelRole = Qt::UserRole + 1 };

    explicit LegendModel(QObject* parent = nullptr);

    void setClasses(const amr::data::ClassList& classes);
    // The labels to list (1..255), e.g. LayerStack::presentLabels().
    void setLabels(const std::vector<int>& labels);
    const std::vector<int>& labels() const { return m_labels; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    amr::data::ClassList m_classes;
    std::vector<int> m_labels;
};

}  // namespace amr::ui
