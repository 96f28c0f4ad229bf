#pragma once
// The dataset's images as a flat list model, with the filter built in so that 100k rows
// filter in milliseconds: rows are an index vector into the dataset, nothing is decoded and
// nothing is allocated per row in data().
//
// Filter syntax: whitespace-separated terms, all of which must match (case-insensitive).
// A term matches an image when it is a substring of the image id, or a prefix of the name of
// one of the image's tags ("dog" matches the tag dog, "pers" matches person).
//
// With a project open the rows also carry each image's review status and score
// (setImageStates / setImageState), can be limited to some statuses and sorted by id,
// status or score. Thumbnails come from a ThumbnailCache that decodes off the UI thread.

#include <QAbstractListModel>
#include <QStringList>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/project/project.h"

namespace amr::ui {

class ThumbnailCache;

class ImageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,  // QString
        DatasetIndexRole,           // int: index into Dataset::images()
        TagNamesRole,               // QStringList
        TagIndicesRole,             // QList<int>, 0-based class indices
        HasMaskRole,                // bool
        StatusRole,                 // int: amr::project::ReviewStatus
        StatusTextRole,             // QString: "New", "Accepted", ... (empty without review state)
        ScoreRole,                  // double, or an invalid QVariant without a score
        ThumbnailRole,              // QImage, null until decoded (asking queues the decode)
    };
    Q_ENUM(Role)

    enum class SortKey { Id, Status, ScoreAscending, ScoreDescending };
    Q_ENUM(SortKey)

    // One bit per amr::project::ReviewStatus; kAllStatuses lists everything.
    static constexpr unsigned statusBit(amr::project::ReviewStatus s) {
        return 1u << static_cast<unsigned>(s);
    }
    static constexpr unsigned kAllStatuses = 0xF;

    explicit ImageListModel(QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    const std::shared_ptr<const amr::data::Dataset>& dataset() const { return m_dataset; }

    void setFilterText(const QString& text);
    QString filterText() const { return m_filter; }
    void setStatusFilter(unsigned statusBits);
    unsigned statusFilter() const { return m_statusFilter; }
    void setSortKey(SortKey key);
    SortKey sortKey() const { return m_sortKey; }

    // Review state: replaces all (ids not in the dataset are ignored) / changes one image /
    // forgets all (every image "new" with no score).
    void setImageStates(const std::vector<amr::project::ImageState>& states);
    void setImageState(const amr::project::ImageState& state);
    void clearImageStates();
    // True between setImageStates() and clearImageStates() or the next dataset: rows then
    // show a status (a plain dataset has none to show).
    bool hasReviewState() const { return m_hasReview; }
    amr::project::ReviewStatus statusOf(int datasetIndex) const;
    static QString statusText(amr::project::ReviewStatus status);

    ThumbnailCache* thumbnails() const { return m_thumbnails; }

    int totalCount() const;
    int rowOfDatasetIndex(int datasetIndex) const;  // -1 when filtered out
    int datasetIndexOfRow(int row) const;           // -1 when out of range

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    // Emitted after every reset (new dataset, filter, sort or a state change that moves rows).
    void countsChanged(int shown, int total);
    void reviewStateChanged(bool available);  // hasReviewState() changed

private:
    void rebuildRows();
    void resetRows();
    void applyStates(const std::vector<amr::project::ImageState>& states);
    void onThumbnailReady(int datasetIndex);
    QStringList tagNames(const amr::data::ImageRecord& record) const;

    std::shared_ptr<const amr::data::Dataset> m_dataset;
    QStringList m_classNames;
    std::vector<std::string> m_lowerIds;  // ids in lower case, built once per dataset
    std::vector<int> m_rows;              // dataset index of each visible row, in sort order
    std::vector<int> m_rowOf;             // row of each dataset index, -1 when filtered out
    QString m_filter;
    unsigned m_statusFilter = kAllStatuses;
    SortKey m_sortKey = SortKey::Id;
    bool m_hasReview = false;
    std::vector<std::uint8_t> m_status;  // ReviewStatus per dataset index
    std::vector<double> m_score;         // NaN = no score
    ThumbnailCache* m_thumbnails;
};

}  // namespace amr::ui
