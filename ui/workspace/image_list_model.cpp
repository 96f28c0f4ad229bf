#include "ui/workspace/image_list_model.h"

#include <QImage>
#include <QRegularExpression>
#include <algorithm>
#include <bitset>
#include <cctype>
#include <cmath>
#include <limits>

#include "ui/workspace/thumbnail_cache.h"

namespace amr::ui {
namespace {

std::string lowerAscii(std::string s) {
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// One filter term, compiled: its lower-case text and the classes whose names it prefixes.
struct Term {
    std::string text;
    std::bitset<256> classes;
};

}  // namespace

using amr::project::ReviewStatus;

constexpr double kNoScore = std::numeric_limits<double>::quiet_NaN();

ImageListModel::ImageListModel(QObject* parent)
    : QAbstractListModel(parent), m_thumbnails(new ThumbnailCache(this)) {
    connect(m_thumbnails, &ThumbnailCache::ready, this, &ImageListModel::onThumbnailReady);
}

void ImageListModel::setDataset(std::shared_ptr<const amr::data::Dataset> dataset) {
    beginResetModel();
    m_dataset = std::move(dataset);
    m_thumbnails->setDataset(m_dataset);
    m_classNames.clear();
    m_lowerIds.clear();
    const std::size_t n = m_dataset ? m_dataset->size() : 0;
    m_status.assign(n, std::uint8_t(ReviewStatus::New));
    m_score.assign(n, kNoScore);
    const bool hadReview = m_hasReview;
    m_hasReview = false;
    if (m_dataset) {
        for (const auto& name : m_dataset->classes().names())
            m_classNames << QString::fromStdString(name);
        m_lowerIds.reserve(m_dataset->size());
        for (const auto& rec : m_dataset->images())
            m_lowerIds.push_back(lowerAscii(rec.id));
    }
    rebuildRows();
    endResetModel();
    emit countsChanged(rowCount(), totalCount());
    if (hadReview)
        emit reviewStateChanged(false);
}

void ImageListModel::setFilterText(const QString& text) {
    if (text == m_filter)
        return;
    m_filter = text;
    resetRows();
}

void ImageListModel::setStatusFilter(unsigned statusBits) {
    statusBits &= kAllStatuses;
    if (statusBits == 0)
        statusBits = kAllStatuses;
    if (statusBits == m_statusFilter)
        return;
    m_statusFilter = statusBits;
    resetRows();
}

void ImageListModel::setSortKey(SortKey key) {
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    resetRows();
}

void ImageListModel::resetRows() {
    beginResetModel();
    rebuildRows();
    endResetModel();
    emit countsChanged(rowCount(), totalCount());
}

void ImageListModel::setImageStates(const std::vector<amr::project::ImageState>& states) {
    applyStates(states);
    if (!m_hasReview) {
        m_hasReview = true;
        emit reviewStateChanged(true);
    }
}

void ImageListModel::applyStates(const std::vector<amr::project::ImageState>& states) {
    std::fill(m_status.begin(), m_status.end(), std::uint8_t(ReviewStatus::New));
    std::fill(m_score.begin(), m_score.end(), kNoScore);
    if (m_dataset)
        for (const auto& st : states) {
            const long i = m_dataset->find(st.id);
            if (i < 0)
                continue;
            m_status[std::size_t(i)] = std::uint8_t(st.status);
            m_score[std::size_t(i)] = st.score ? *st.score : kNoScore;
        }
    resetRows();
}

void ImageListModel::clearImageStates() {
    applyStates({});
    if (m_hasReview) {
        m_hasReview = false;
        emit reviewStateChanged(false);
    }
}

void ImageListModel::setImageState(const amr::project::ImageState& state) {
    if (!m_dataset)
        return;
    const long found = m_dataset->find(state.id);
    if (found < 0)
        return;
    const std::size_t i = std::size_t(found);
    if (!m_hasReview) {
        m_hasReview = true;
        emit reviewStateChanged(true);
    }
    const auto oldStatus = ReviewStatus(m_status[i]);
    const double oldScore = m_score[i];
    const double newScore = state.score ? *state.score : kNoScore;
    const bool sameScore = oldScore == newScore || (std::isnan(oldScore) && std::isnan(newScore));
    if (oldStatus == state.status && sameScore)
        return;
    m_status[i] = std::uint8_t(state.status);
    m_score[i] = newScore;
    // A change that can move the row or take it in or out of the list resets the rows;
    // otherwise only the row repaints.
    const bool statusMatters = oldStatus != state.status &&
                               (m_statusFilter != kAllStatuses || m_sortKey == SortKey::Status);
    const bool scoreMatters = !sameScore && (m_sortKey == SortKey::ScoreAscending ||
                                             m_sortKey == SortKey::ScoreDescending);
    if (statusMatters || scoreMatters) {
        resetRows();
        return;
    }
    const int row = rowOfDatasetIndex(int(i));
    if (row >= 0)
        emit dataChanged(index(row), index(row),
                         {StatusRole, StatusTextRole, ScoreRole, Qt::ToolTipRole});
}

ReviewStatus ImageListModel::statusOf(int datasetIndex) const {
    return datasetIndex >= 0 && std::size_t(datasetIndex) < m_status.size()
               ? ReviewStatus(m_status[std::size_t(datasetIndex)])
               : ReviewStatus::New;
}

QString ImageListModel::statusText(ReviewStatus status) {
    switch (status) {
        case ReviewStatus::New:
            return tr("New");
        case ReviewStatus::Accepted:
            return tr("Accepted");
        case ReviewStatus::Corrected:
            return tr("Corrected");
        case ReviewStatus::NeedsWork:
            return tr("Needs work");
    }
    return {};
}

void ImageListModel::onThumbnailReady(int datasetIndex) {
    const int row = rowOfDatasetIndex(datasetIndex);
    if (row >= 0)
        emit dataChanged(index(row), index(row), {ThumbnailRole});
}

void ImageListModel::rebuildRows() {
    m_rows.clear();
    m_rowOf.assign(m_dataset ? m_dataset->size() : 0, -1);
    if (!m_dataset)
        return;
    std::vector<Term> terms;
    const QStringList words =
        m_filter.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (const QString& word : words) {
        Term t;
        t.text = lowerAscii(word.toStdString());
        for (int c = 0; c < m_classNames.size(); ++c)
            if (m_classNames[c].startsWith(word, Qt::CaseInsensitive))
                t.classes.set(c);
        terms.push_back(std::move(t));
    }
    const auto& images = m_dataset->images();
    m_rows.reserve(images.size());
    for (std::size_t i = 0; i < images.size(); ++i) {
        const bool keep = std::all_of(terms.begin(), terms.end(), [&](const Term& t) {
            if (m_lowerIds[i].find(t.text) != std::string::npos)
                return true;
            const auto& tags = images[i].tags;
            return std::any_of(tags.begin(), tags.end(),
                               [&](std::uint16_t c) { return c < 256 && t.classes.test(c); });
        });
        if (keep && (m_statusFilter & (1u << m_status[i])))
            m_rows.push_back(int(i));
    }
    // Stable sorts: ties keep the dataset's order.
    switch (m_sortKey) {
        case SortKey::Id:
            break;
        case SortKey::Status:
            std::stable_sort(m_rows.begin(), m_rows.end(),
                             [this](int a, int b) { return m_status[a] < m_status[b]; });
            break;
        case SortKey::ScoreAscending:
        case SortKey::ScoreDescending: {
            const bool up = m_sortKey == SortKey::ScoreAscending;
            // Images without a score come last either way.
            std::stable_sort(m_rows.begin(), m_rows.end(), [this, up](int a, int b) {
                const double sa = m_score[a], sb = m_score[b];
                if (std::isnan(sa) || std::isnan(sb))
                    return !std::isnan(sa) && std::isnan(sb);
                return up ? sa < sb : sa > sb;
            });
            break;
        }
    }
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        m_rowOf[std::size_t(m_rows[r])] = int(r);
}

int ImageListModel::totalCount() const {
    return m_dataset ? int(m_dataset->size()) : 0;
}

int ImageListModel::rowOfDatasetIndex(int datasetIndex) const {
    return datasetIndex >= 0 && std::size_t(datasetIndex) < m_rowOf.size()
               ? m_rowOf[std::size_t(datasetIndex)]
               : -1;
}

int ImageListModel::datasetIndexOfRow(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)] : -1;
}

int ImageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QStringList ImageListModel::tagNames(const amr::data::ImageRecord& record) const {
    QStringList names;
    for (auto c : record.tags)
        names << (c < m_classNames.size() ? m_classNames[c] : tr("class %1").arg(c));
    return names;
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int datasetIndex = m_rows[std::size_t(index.row())];
    const auto& rec = (*m_dataset)[std::size_t(datasetIndex)];
    switch (role) {
        case Qt::DisplayRole: {
            const QString id = QString::fromStdString(rec.id);
            return rec.tags.empty() ? id : tr("%1 — %2").arg(id, tagNames(rec).join(u", "));
        }
        case Qt::ToolTipRole: {
            const double score = m_score[std::size_t(datasetIndex)];
            return tr("%1\nTags: %2\nImage: %3%4\nReview: %5%6")
                .arg(QString::fromStdString(rec.id),
                     rec.tags.empty() ? tr("none") : tagNames(rec).join(u", "),
                     QString::fromStdString(rec.image.string()),
                     rec.mask ? tr("\nMask: %1").arg(QString::fromStdString(rec.mask->string()))
                              : tr("\nNo ground-truth mask"),
                     m_hasReview ? statusText(statusOf(datasetIndex)) : tr("no project open"),
                     std::isnan(score) ? QString() : tr(", score %1").arg(score, 0, 'f', 3));
        }
        case IdRole:
            return QString::fromStdString(rec.id);
        case DatasetIndexRole:
            return datasetIndex;
        case TagNamesRole:
            return tagNames(rec);
        case TagIndicesRole: {
            QList<int> tags;
            for (auto c : rec.tags)
                tags << int(c);
            return QVariant::fromValue(tags);
        }
        case HasMaskRole:
            return rec.mask.has_value();
        case StatusRole:
            return int(statusOf(datasetIndex));
        case StatusTextRole:
            return m_hasReview ? statusText(statusOf(datasetIndex)) : QString();
        case ScoreRole: {
            const double score = m_score[std::size_t(datasetIndex)];
            return std::isnan(score) ? QVariant() : QVariant(score);
        }
        case ThumbnailRole:
            return m_thumbnails->thumbnail(datasetIndex);
        default:
            return {};
    }
}

QHash<int, QByteArray> ImageListModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names[IdRole] = "imageId";
    names[DatasetIndexRole] = "datasetIndex";
    names[TagNamesRole] = "tagNames";
    names[TagIndicesRole] = "tagIndices";
    names[HasMaskRole] = "hasMask";
    names[StatusRole] = "status";
    names[StatusTextRole] = "statusText";
    names[ScoreRole] = "score";
    names[ThumbnailRole] = "thumbnail";
    return names;
}

}  // namespace amr::ui
