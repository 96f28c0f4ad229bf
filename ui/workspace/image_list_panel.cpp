#include "ui/workspace/image_list_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/widgets/text_format.h"
#include "ui/workspace/image_list_delegate.h"
#include "ui/workspace/image_list_model.h"
#include "ui/workspace/thumbnail_cache.h"

namespace amr::ui {

ImageListPanel::ImageListPanel(ImageListModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_filter(new QLineEdit(this)),
      m_status(new QComboBox(this)),
      m_sort(new QComboBox(this)),
      m_view(new QListView(this)),
      m_count(new QLabel(this)),
      m_filterTimer(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    auto* row = new QHBoxLayout;
    row->setSpacing(4);
    row->addWidget(m_status, 1);
    row->addWidget(m_sort, 1);
    layout->addLayout(row);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    m_filter->setObjectName(QStringLiteral("imageFilter"));
    m_filter->setPlaceholderText(tr("Filter by id or tag, e.g. \"2008 dog\""));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(
        tr("Space-separated words; an image is listed when every word is part of its id or "
           "the start of one of its tags."));

    using amr::project::ReviewStatus;
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->setToolTip(tr("Show only images with this review status"));
    m_status->addItem(tr("All statuses"), ImageListModel::kAllStatuses);
    for (auto s : {ReviewStatus::New, ReviewStatus::NeedsWork, ReviewStatus::Accepted,
                   ReviewStatus::Corrected})
        m_status->addItem(ImageListModel::statusText(s), ImageListModel::statusBit(s));
    m_status->addItem(tr("Reviewed (accepted or corrected)"),
                      ImageListModel::statusBit(ReviewStatus::Accepted) |
                          ImageListModel::statusBit(ReviewStatus::Corrected));
    m_status->addItem(tr("To review (new or needs work)"),
                      ImageListModel::statusBit(ReviewStatus::New) |
                          ImageListModel::statusBit(ReviewStatus::NeedsWork));
    m_status->setEnabled(model->hasReviewState());
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setStatusFilter(m_status->currentData().toUInt());
        followFilter();
    });

    using Key = ImageListModel::SortKey;
    m_sort->setObjectName(QStringLiteral("sortOrder"));
    m_sort->setToolTip(tr("Order of the list"));
    m_sort->addItem(tr("Sort by id"), int(Key::Id));
    m_sort->addItem(tr("Sort by status"), int(Key::Status));
    m_sort->addItem(tr("Score, lowest first"), int(Key::ScoreAscending));
    m_sort->addItem(tr("Score, highest first"), int(Key::ScoreDescending));
    connect(m_sort, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setSortKey(Key(m_sort->currentData().toInt())); });
    connect(model, &ImageListModel::reviewStateChanged, this, [this](bool available) {
        m_status->setEnabled(available);
        if (!available)
            m_status->setCurrentIndex(0);
    });

    m_view->setObjectName(QStringLiteral("imageList"));
    m_view->setModel(model);
    m_view->setItemDelegate(new ImageListDelegate(m_view));
    // Uniform sizes and no per-row widgets: the view lays out 100k rows without asking each.
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ImageListPanel::showContextMenu);

    m_count->setObjectName(QStringLiteral("imageCount"));
    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Typing stays fluid: the filter runs once the user pauses.
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(120);
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this, [this] {
        m_model->setFilterText(m_filter->text());
        followFilter();
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ImageListPanel::onCurrentRowChanged);
    connect(model, &QAbstractItemModel::modelReset, this, &ImageListPanel::onModelReset);
    connect(model, &ImageListModel::countsChanged, this, &ImageListPanel::updateCount);
    updateCount(model->rowCount(), model->totalCount());
    updateThumbnailSize();
}

void ImageListPanel::showContextMenu(const QPoint& pos) {
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid() || !m_model->hasReviewState())
        return;
    const QString id = index.data(ImageListModel::IdRole).toString();
    QMenu menu(this);
    using amr::project::ReviewStatus;
    const auto current = ReviewStatus(index.data(ImageListModel::StatusRole).toInt());
    for (auto s : {ReviewStatus::Accepted, ReviewStatus::Corrected, ReviewStatus::NeedsWork,
                   ReviewStatus::New}) {
        QAction* a = menu.addAction(tr("Mark as %1").arg(ImageListModel::statusText(s)));
        a->setEnabled(s != current);
        connect(a, &QAction::triggered, this, [this, id, s] { emit statusRequested({id}, s); });
    }
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void ImageListPanel::updateThumbnailSize() {
    // Decode at the size the delegate draws, in device pixels (sharp on HiDPI screens).
    const int side = ImageListDelegate::thumbnailSize(m_view->fontMetrics());
    m_model->thumbnails()->setSize(qRound(side * m_view->devicePixelRatioF()));
}

QString ImageListPanel::countText() const {
    return m_count->text();
}

void ImageListPanel::setCurrentDatasetIndex(int datasetIndex) {
    const int row = m_model->rowOfDatasetIndex(datasetIndex);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
}

void ImageListPanel::setFilterText(const QString& text) {
    m_filter->setText(text);
    m_filterTimer->stop();
    m_model->setFilterText(text);
    followFilter();
}

void ImageListPanel::selectNext() {
    step(+1);
}
void ImageListPanel::selectPrevious() {
    step(-1);
}

void ImageListPanel::focusFilter() {
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void ImageListPanel::step(int delta) {
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const QModelIndex current = m_view->currentIndex();
    int row;
    if (current.isValid())
        row = std::clamp(current.row() + delta, 0, rows - 1);
    else if (m_currentRow >= 0)  // the shown image left the list: its successor moved up
        row = std::clamp(delta > 0 ? m_currentRow : m_currentRow - 1, 0, rows - 1);
    else
        row = delta > 0 ? 0 : rows - 1;
    m_currentRow = -1;
    const QModelIndex index = m_model->index(row);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
}

void ImageListPanel::onCurrentRowChanged() {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;  // filtered out: keep showing the image
    const int datasetIndex = current.data(ImageListModel::DatasetIndexRole).toInt();
    m_currentRow = current.row();
    if (datasetIndex == m_current)
        return;
    m_current = datasetIndex;
    emit currentImageChanged(datasetIndex);
}

void ImageListPanel::onModelReset() {
    if (m_model->dataset().get() != m_dataset) {
        // A new dataset: start at its first image.
        m_dataset = m_model->dataset().get();
        m_current = -1;
        m_currentRow = -1;
        if (m_model->rowCount() > 0)
            step(+1);
        return;
    }
    const int row = m_model->rowOfDatasetIndex(m_current);
    if (row < 0)
        return;  // keep m_currentRow: stepping resumes there
    {
        const QModelIndex index = m_model->index(row);
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
        m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    }
}

void ImageListPanel::followFilter() {
    if (!m_model->dataset() || m_model->rowOfDatasetIndex(m_current) >= 0)
        return;  // still listed: onModelReset() kept it current
    m_currentRow = -1;
    if (m_model->rowCount() > 0) {
        step(+1);  // the first match
    } else if (m_current >= 0) {
        m_current = -1;
        emit currentImageChanged(-1);
    }
}

void ImageListPanel::updateCount(int shown, int total) {
    if (!m_model->dataset()) {
        m_count->setText(tr("No dataset open"));
        return;
    }
    m_count->setText(
        tr("%1 of %2 images", nullptr, total).arg(formatCount(shown), formatCount(total)));
}

}  // namespace amr::ui
