#include "ui/workspace/thumbnail_cache.h"

#include <QImageReader>
#include <QtConcurrent/QtConcurrentRun>

namespace amr::ui {

ThumbnailCache::ThumbnailCache(QObject* parent) : QObject(parent), m_cache(kCapacity) {
    // Two decoders: enough to keep up with scrolling, few enough to leave the image loader and
    // training jobs their cores.
    m_pool.setMaxThreadCount(2);
}

ThumbnailCache::~ThumbnailCache() {
    m_queue.clear();
    m_pool.waitForDone();
}

void ThumbnailCache::setDataset(std::shared_ptr<const amr::data::Dataset> dataset) {
    m_dataset = std::move(dataset);
    ++m_generation;
    m_cache.clear();
    m_queue.clear();
    m_wanted.clear();
}

void ThumbnailCache::setSize(int pixels) {
    if (pixels == m_size)
        return;
    m_size = pixels;
    ++m_generation;
    m_cache.clear();
    m_queue.clear();
    m_wanted.clear();
}

QImage ThumbnailCache::thumbnail(int datasetIndex) {
    if (QImage* hit = m_cache.object(datasetIndex))
        return *hit;
    if (!m_dataset || datasetIndex < 0 || std::size_t(datasetIndex) >= m_dataset->size())
        return {};
    if (m_wanted.insert(datasetIndex).second) {
        m_queue.push_back(datasetIndex);
        while (m_queue.size() > std::size_t(kMaxQueued)) {
            m_wanted.erase(m_queue.front());
            m_queue.pop_front();
        }
    }
    schedule();
    return {};
}

QImage ThumbnailCache::load(const QString& file, int pixels) {
    QImageReader reader(file);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid()) {
        // JPEG decodes straight to a reduced size: much faster than decoding, then scaling.
        reader.setScaledSize(full.scaled(pixels, pixels, Qt::KeepAspectRatio));
    }
    QImage image = reader.read();
    if (image.isNull())
        return {};
    if (image.width() > pixels || image.height() > pixels)
        image = image.scaled(pixels, pixels, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image.convertToFormat(QImage::Format_RGB32);
}

void ThumbnailCache::schedule() {
    while (m_running < m_pool.maxThreadCount() && !m_queue.empty()) {
        const int index = m_queue.back();  // the most recent request is on screen now
        m_queue.pop_back();
        const QString file =
            QString::fromStdString((*m_dataset)[std::size_t(index)].image.string());
        const int pixels = m_size;
        const quint64 generation = m_generation;
        ++m_running;
        // The destructor waits for the pool, so `this` outlives the task; the result is
        // posted to the UI thread (and dropped by Qt if the cache is gone by then).
        (void)QtConcurrent::run(&m_pool, [this, file, pixels, generation, index] {
            const QImage image = load(file, pixels);
            QMetaObject::invokeMethod(
                this, [this, generation, index, image] { onLoaded(generation, index, image); },
                Qt::QueuedConnection);
        });
    }
}

void ThumbnailCache::onLoaded(quint64 generation, int datasetIndex, const QImage& image) {
    --m_running;
    if (generation == m_generation) {
        m_wanted.erase(datasetIndex);
        // An undecodable image gets a blank thumbnail, so it is not retried on every paint.
        QImage stored = image;
        if (stored.isNull()) {
            stored = QImage(1, 1, QImage::Format_RGB32);
            stored.fill(Qt::black);
        }
        m_cache.insert(datasetIndex, new QImage(stored));
        emit ready(datasetIndex);
    }
    schedule();
}

}  // namespace amr::ui
