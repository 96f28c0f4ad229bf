#pragma once
// Small thumbnails of dataset images for the browser, decoded off the UI thread. The delegate
// asks for the rows it paints; a missing thumbnail is queued (newest request first, since
// those are the rows on screen now) and ready() says when it arrived. At most kCapacity
// thumbnails are kept, least recently used dropped first.

#include <QCache>
#include <QImage>
#include <QObject>
#include <QThreadPool>
#include <deque>
#include <memory>
#include <unordered_set>

#include "engine/data/dataset.h"

namespace amr::ui {

class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    static constexpr int kCapacity = 600;
    static constexpr int kMaxQueued = 120;  // older requests are dropped (scrolled past)

    explicit ThumbnailCache(QObject* parent = nullptr);
    ~ThumbnailCache() override;  // waits for the decoders

    void setDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    void setSize(int pixels);  // the longer side; clears the cache
    int size() const { return m_size; }

    // The thumbnail when cached (a null image otherwise, with a decode queued).
    QImage thumbnail(int datasetIndex);
    bool contains(int datasetIndex) const { return m_cache.contains(datasetIndex); }
    int pendingCount() const { return int(m_queue.size()) + m_running; }

    // Decodes one image scaled to fit `pixels` (the work a worker does), or a null image.
    static QImage load(const QString& file, int pixels);

Q_SIGNALS:
    void ready(int datasetIndex);

private:
    void schedule();
    void onLoaded(quint64 generation, int datasetIndex, const QImage& image);

    std::shared_ptr<const amr::data::Dataset> m_dataset;
    QCache<int, QImage> m_cache;
    std::deque<int> m_queue;
    std::unordered_set<int> m_wanted;  // queued or running
    QThreadPool m_pool;
    int m_running = 0;
    int m_size = 40;
    quint64 m_generation = 0;  // bumped per dataset: results of the old one are dropped
};

}  // namespace amr::ui
