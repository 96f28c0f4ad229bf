#pragma once
// The image browser dock: a filter box, the virtualised list of images and the row count.
// It keeps the current image across filter changes when that image is still listed.

#include <QWidget>

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
    QString countText() const;
    // Dataset index of the current image, or -1.
    int currentDatasetIndex() const { return m_current; }

public slots:
    void setCurrentDatasetIndex(int datasetIndex);
    void selectNext();
    void selectPrevious();
    void focusFilter();

signals:
    void currentImageChanged(int datasetIndex);

private:
    void step(int delta);
    void onCurrentRowChanged();
    void onModelReset();
    void updateCount(int shown, int total);

    ImageListModel* m_model;
    QLineEdit* m_filter;
    QListView* m_view;
    QLabel* m_count;
    QTimer* m_filterTimer;
    int m_current = -1;
    const void* m_dataset = nullptr;  // to tell a new dataset from a new filter on reset
};

}  // namespace amr::ui
