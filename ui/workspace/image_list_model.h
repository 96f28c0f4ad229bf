#pragma once
// The dataset's images as a flat list model, with the filter built in so that 100k rows
// filter in milliseconds: rows are an index vector into the dataset, nothing is decoded and
// nothing is allocated per row in data().
//
// Filter syntax: whitespace-separated terms, all of which must match (case-insensitive).
// A term matches an image when it is a substring of the image id, or a prefix of the name of
// one of the image's tags ("dog" matches the tag dog, "pers" matches person).

#include <QAbstractListModel>
#include <QStringList>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/dataset.h"

namespace amr::ui {

class ImageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,  // QString
        DatasetIndexRole,           // int: index into Dataset::images()
        TagNamesRole,               // QStringList
        TagIndicesRole,             // QList<int>, 0-based class indices
        HasMaskRole,                // bool
    };
    Q_ENUM(Role)

    explicit ImageListModel(QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    const std::shared_ptr<const amr::data::Dataset>& dataset() const { return m_dataset; }

    void setFilterText(const QString& text);
    QString filterText() const { return m_filter; }

    int totalCount() const;
    int rowOfDatasetIndex(int datasetIndex) const;  // -1 when filtered out
    int datasetIndexOfRow(int row) const;           // -1 when out of range

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    // Emitted after every reset (new dataset or new filter).
    void countsChanged(int shown, int total);

private:
    void rebuildRows();
    QStringList tagNames(const amr::data::ImageRecord& record) const;

    std::shared_ptr<const amr::data::Dataset> m_dataset;
    QStringList m_classNames;
    std::vector<std::string> m_lowerIds;  // ids in lower case, built once per dataset
    std::vector<int> m_rows;              // dataset index of each visible row, ascending
    QString m_filter;
};

}  // namespace amr::ui
