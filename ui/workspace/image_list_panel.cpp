#include "ui/workspace/image_list_panel.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/widgets/text_format.h"
#include "ui/workspace/image_list_delegate.h"
#include "ui/workspace/image_list_model.h"

namespace amr::ui {

ImageListPanel::ImageListPanel(ImageListModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_filter(new QLineEdit(this)),
      m_view(new QListView(this)),
      m_count(new QLabel(this)),
      m_filterTimer(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    m_filter->setObjectName(QStringLiteral("imageFilter"));
    m_filter->setPlaceholderText(tr("Filter by id or tag, e.g. \"2008 dog\""));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(
        tr("Space-separated words; an image is listed when every word is part of its id or "
           "the start of one of its tags."));

    m_view->setObjectName(QStringLiteral("imageList"));
    m_view->setModel(model);
    m_view->setItemDelegate(new ImageListDelegate(m_view));
    // Uniform sizes and no per-row widgets: the view lays out 100k rows without asking each.
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_count->setObjectName(QStringLiteral("imageCount"));
    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Typing stays fluid: the filter runs once the user pauses.
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(120);
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this,
            [this] { m_model->setFilterText(m_filter->text()); });

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ImageListPanel::onCurrentRowChanged);
    connect(model, &QAbstractItemModel::modelReset, this, &ImageListPanel::onModelReset);
    connect(model, &ImageListModel::countsChanged, this, &ImageListPanel::updateCount);
    updateCount(model->rowCount(), model->totalCount());
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
    const int row = current.isValid() ? std::clamp(current.row() + delta, 0, rows - 1)
                                      : (delta > 0 ? 0 : rows - 1);
    const QModelIndex index = m_model->index(row);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
}

void ImageListPanel::onCurrentRowChanged() {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;  // filtered out: keep showing the image
    const int datasetIndex = current.data(ImageListModel::DatasetIndexRole).toInt();
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
        if (m_model->rowCount() > 0)
            step(+1);
        return;
    }
    const int row = m_model->rowOfDatasetIndex(m_current);
    if (row >= 0) {
        const QModelIndex index = m_model->index(row);
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
        m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
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
