#pragma once
// Decodes dataset images and their ground-truth masks on a worker thread for the canvas.
// Only the newest request matters: while one decode runs, later requests replace each other
// and results for images the user has already left are dropped, so holding PgDown never
// builds a backlog.

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <memory>

#include <opencv2/core.hpp>

#include "engine/data/dataset.h"

namespace amr::ui {

struct LoadedImage {
    int index = -1;  // dataset index
    QImage image;    // RGB32
    QImage overlay;  // ground truth in VOC colours; null when the image has no mask
    cv::Mat labels;  // CV_8UC1 ground truth; empty when there is none
};

class ImageLoader : public QObject {
    Q_OBJECT
public:
    explicit ImageLoader(QObject* parent = nullptr);
    ~ImageLoader() override;  // waits for a running decode

    // Forgets pending work; results for the previous dataset are never delivered.
    void setDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    // Asks for dataset image `index`; loaded() or failed() follows unless superseded. A negative
    // index drops the pending request: nothing is delivered for it.
    void request(int index);
    int requestedIndex() const { return m_wanted; }
    bool isBusy() const { return m_watcher.isRunning(); }

Q_SIGNALS:
    void loaded(const amr::ui::LoadedImage& result);
    // `message` names the file at fault, e.g. "/data/masks/a.png: mask is 10x10 but ...".
    void failed(int index, const QString& message);

private:
    struct Outcome {
        quint64 generation = 0;
        LoadedImage image;
        QString error;
    };
    void startNext();
    void onFinished();

    std::shared_ptr<const amr::data::Dataset> m_dataset;
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
    quint64 m_generation = 0;  // bumped on every request and dataset change
    int m_wanted = -1;
    bool m_pending = false;  // a request arrived while a decode was running
};

}  // namespace amr::ui
