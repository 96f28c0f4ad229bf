#include "ui/workspace/image_list_model.h"

#include <QRegularExpression>
#include <algorithm>
#include <bitset>
#include <cctype>

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

ImageListModel::ImageListModel(QObject* parent) : QAbstractListModel(parent) {}

void ImageListModel::setDataset(std::shared_ptr<const amr::data::Dataset> dataset) {
    beginResetModel();
    m_dataset = std::move(dataset);
    m_classNames.clear();
    m_lowerIds.clear();
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
}

void ImageListModel::setFilterText(const QString& text) {
    if (text == m_filter)
        return;
    beginResetModel();
    m_filter = text;
    rebuildRows();
    endResetModel();
    emit countsChanged(rowCount(), totalCount());
}

void ImageListModel::rebuildRows() {
    m_rows.clear();
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
        if (keep)
            m_rows.push_back(int(i));
    }
}

int ImageListModel::totalCount() const {
    return m_dataset ? int(m_dataset->size()) : 0;
}

int ImageListModel::rowOfDatasetIndex(int datasetIndex) const {
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), datasetIndex);
    return it != m_rows.end() && *it == datasetIndex ? int(it - m_rows.begin()) : -1;
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
        case Qt::ToolTipRole:
            return tr("%1\nTags: %2\nImage: %3%4")
                .arg(QString::fromStdString(rec.id),
                     rec.tags.empty() ? tr("none") : tagNames(rec).join(u", "),
                     QString::fromStdString(rec.image.string()),
                     rec.mask ? tr("\nMask: %1").arg(QString::fromStdString(rec.mask->string()))
                              : tr("\nNo ground-truth mask"));
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
    return names;
}

}  // namespace amr::ui
