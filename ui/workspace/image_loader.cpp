#include "ui/workspace/image_loader.h"

#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "engine/core/error.h"
#include "engine/data/sample.h"
#include "ui/canvas/qimage_convert.h"

namespace amr::ui {

ImageLoader::ImageLoader(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &ImageLoader::onFinished);
}

ImageLoader::~ImageLoader() {
    m_watcher.disconnect(this);
    m_pool.waitForDone();
}

void ImageLoader::setDataset(std::shared_ptr<const amr::data::Dataset> dataset) {
    m_dataset = std::move(dataset);
    ++m_generation;
    m_wanted = -1;
    m_pending = false;
}

void ImageLoader::request(int index) {
    if (index < 0) {  // nothing to show (e.g. no image matches the filter): drop what is pending
        ++m_generation;
        m_wanted = -1;
        m_pending = false;
        return;
    }
    if (!m_dataset || std::size_t(index) >= m_dataset->size())
        return;
    m_wanted = index;
    ++m_generation;
    if (m_watcher.isRunning())
        m_pending = true;
    else
        startNext();
}

void ImageLoader::startNext() {
    m_pending = false;
    auto task = [dataset = m_dataset, index = m_wanted, generation = m_generation] {
        Outcome out;
        out.generation = generation;
        out.image.index = index;
        try {
            amr::data::Sample sample = amr::data::load_sample(*dataset, std::size_t(index));
            out.image.image = imageFromBgr(sample.image);
            if (!sample.mask.empty()) {
                out.image.overlay = overlayFromLabels(sample.mask);
                out.image.labels = sample.mask;
            }
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    };
    m_watcher.setFuture(QtConcurrent::run(&m_pool, std::move(task)));
}

void ImageLoader::onFinished() {
    const Outcome out = m_watcher.result();
    if (out.generation == m_generation) {
        if (out.error.isEmpty())
            emit loaded(out.image);
        else
            emit failed(out.image.index, out.error);
    }
    if (m_pending)
        startNext();
}

}  // namespace amr::ui
