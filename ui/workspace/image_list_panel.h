#pragma once
// The image browser dock: a filter box, a review-status filter and the sort order, the
// virtualised list of images and the row count. It keeps the current image across filter
// changes when that image is still listed. When the user's filter (text or status) leaves it
// out, the first match becomes current, or none (currentImageChanged(-1)) when nothing
// matches. When the image leaves the list because its review state changed (e.g. it was just
// accepted under a "New" filter), it stays shown and next/previous continue from where it was.

#include <QStringList>
#include <QWidget>

#include "engine/project/project.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;

namespace amr::ui {

class ImageListModel;

class ImageListPanel : public QWidget {
    Q_OBJECT
public:
    explicit ImageListPanel(ImageListModel* model, QWidget* parent = nullptr);

    QListView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* statusCombo() const { return m_status; }
    QComboBox* sortCombo() const { return m_sort; }
    QString countText() const;
    // Dataset index of the current image, or -1.
    int currentDatasetIndex() const { return m_current; }

public Q_SLOTS:
    void setCurrentDatasetIndex(int datasetIndex);
    // Puts `text` in the filter box and applies it at once (no typing delay).
    void setFilterText(const QString& text);
    void selectNext();
    void selectPrevious();
    void focusFilter();

Q_SIGNALS:
    // `datasetIndex` is -1 when the filter matches no image: nothing is current then.
    void currentImageChanged(int datasetIndex);
    // The user chose "Mark as …" in the list's context menu (only with review state shown).
    void statusRequested(const QStringList& ids, amr::project::ReviewStatus status);

private:
    void step(int delta);
    void onCurrentRowChanged();
    void onModelReset();
    void followFilter();
    void updateCount(int shown, int total);
    void updateThumbnailSize();
    void showContextMenu(const QPoint& pos);

    ImageListModel* m_model;
    QLineEdit* m_filter;
    QComboBox* m_status;
    QComboBox* m_sort;
    QListView* m_view;
    QLabel* m_count;
    QTimer* m_filterTimer;
    int m_current = -1;
    int m_currentRow = -1;            // row of m_current before the last reset, to resume stepping
    const void* m_dataset = nullptr;  // to tell a new dataset from a new filter on reset
};

}  // namespace amr::ui
