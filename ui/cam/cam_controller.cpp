#include "ui/cam/cam_controller.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"

namespace amr::ui {

namespace fs = std::filesystem;

namespace {

const char* kAlphaKey = "cam.alpha";
const char* kThresholdKey = "cam.threshold";

double readDouble(const ReviewBackend& b, const char* key, double fallback) {
    if (!b.readSetting)
        return fallback;
    std::optional<QString> v;
    try {
        v = b.readSetting(QLatin1String(key));
    } catch (const std::exception&) {
        return fallback;  // an unreadable setting is not worth stopping the viewer for
    }
    bool ok = false;
    const double d = v ? v->toDouble(&ok) : 0.0;
    return ok ? std::clamp(d, 0.0, 1.0) : fallback;
}

}  // namespace

// CamController::tr: the context is the class's full name, "amr::ui::CamController", which is
// what the translations file holds (QCoreApplication::translate("CamController") found nothing).
QString camKindName(CamKind kind) {
    switch (kind) {
        case CamKind::Spotlight:
            return CamController::tr("Spotlight");
        case CamKind::Compensation:
            return CamController::tr("Compensation");
        case CamKind::Weighted:
            break;
    }
    return CamController::tr("Weighted");
}

ReviewData loadReviewData(const ReviewSources& sources, const std::string& id, cv::Size size) {
    ReviewData out;
    out.id = id;
    auto problem = [&](const std::exception& e) { out.problems << QString::fromUtf8(e.what()); };
    if (!sources.camStore.empty() &&
        fs::exists(amr::cam::CamStore(sources.camStore, "").path_of(id))) {
        try {
            auto entry = std::make_shared<amr::cam::CamEntry>(readCamEntry(sources.camStore, id));
            if (entry->width != size.width || entry->height != size.height)
                throw amr::Error(amr::cam::CamStore(sources.camStore, "").path_of(id),
                                 "holds CAMs of another image size");
            out.cams = std::move(entry);
        } catch (const std::exception& e) {
            problem(e);
        }
    }
    for (int i = 0; i < kLayerCount; ++i) {
        const auto layer = LayerId(i);
        fs::path file;
        if (const auto version = maskVersionOf(layer)) {
            const auto it = sources.maskDirs.find(*version);
            if (it != sources.maskDirs.end())
                file = it->second / (id + ".png");
        } else if (layer == LayerId::Boundary && !sources.boundaryDir.empty()) {
            file = sources.boundaryDir / (id + ".png");
        } else if (layer == LayerId::Confidence && !sources.confidenceDir.empty()) {
            file = sources.confidenceDir / (id + ".png");
        }
        std::error_code ec;
        if (file.empty() || !fs::exists(file, ec))
            continue;
        try {
            cv::Mat m = amr::data::read_label_png(file);
            if (m.size() != size) {
                // Heat maps may be strided (IRNet's boundary map is at stride 4); labels may not.
                if (!isHeatLayer(layer))
                    throw amr::Error(file, "mask is " + std::to_string(m.cols) + "x" +
                                               std::to_string(m.rows) + " but the image is " +
                                               std::to_string(size.width) + "x" +
                                               std::to_string(size.height));
                cv::resize(m, m, size, 0, 0, cv::INTER_LINEAR);
            }
            out.layers[layer] = m;
        } catch (const std::exception& e) {
            problem(e);
        }
    }
    return out;
}

CamController::CamController(QObject* parent)
    : QObject(parent), m_backend(ReviewBackend::qsettings()) {
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &CamController::onLoaded);
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(400);
    connect(&m_saveTimer, &QTimer::timeout, this, &CamController::saveSettings);
}

void CamController::saveSettings() {
    m_saveTimer.stop();
    if (!m_backend.writeSetting)
        return;
    try {
        m_backend.writeSetting(QLatin1String(kAlphaKey), QString::number(m_alpha, 'g', 4));
        m_backend.writeSetting(QLatin1String(kThresholdKey), QString::number(m_threshold, 'g', 4));
    } catch (const std::exception& e) {
        emit loadProblem(tr("Cannot save the CAM settings: %1").arg(QString::fromUtf8(e.what())));
    }
}

CamController::~CamController() {
    if (m_saveTimer.isActive())
        saveSettings();  // do not lose the last slider move
    m_watcher.waitForFinished();
}

void CamController::setSources(const ReviewSources& sources) {
    m_sources = sources;
    if (m_index >= 0)
        startLoad();
}

void CamController::setBackend(const ReviewBackend& backend) {
    if (m_saveTimer.isActive())
        saveSettings();  // the last move belongs to the old backend
    m_backend = backend;
    setAlpha(readDouble(m_backend, kAlphaKey, kDefaultAlpha));
    setThreshold(readDouble(m_backend, kThresholdKey, kDefaultThreshold));
    m_saveTimer.stop();  // values just read need no write-back
}

void CamController::setDataset(std::shared_ptr<const amr::data::Dataset> dataset) {
    m_dataset = std::move(dataset);
    clearImage();
}

void CamController::showImage(int index, QSize size, const cv::Mat& groundTruth) {
    m_index = index;
    m_size = cv::Size(size.width(), size.height());
    m_wantedId = (m_dataset && index >= 0 && std::size_t(index) < m_dataset->size())
                     ? (*m_dataset)[std::size_t(index)].id
                     : std::string();
    m_groundTruth = groundTruth;
    m_data = ReviewData{};
    m_data.id = m_wantedId;
    m_stack.setImageSize(size);
    m_stack.clearData();
    m_stack.setData(LayerId::GroundTruth, m_groundTruth);
    m_label = cv::Mat();
    refresh();
    startLoad();
    emit reviewDataChanged();
}

void CamController::clearImage() {
    ++m_generation;
    m_index = -1;
    m_wantedId.clear();
    m_data = ReviewData{};
    m_groundTruth = cv::Mat();
    m_label = cv::Mat();
    m_stack.setImageSize({});
    emit reviewDataChanged();
}

void CamController::startLoad() {
    ++m_generation;
    if (m_wantedId.empty() || m_sources.isEmpty())
        return;
    if (m_watcher.isRunning()) {
        m_pending = true;  // onLoaded() starts the newest request
        return;
    }
    m_pending = false;
    const quint64 generation = m_generation;
    const ReviewSources sources = m_sources;
    const std::string id = m_wantedId;
    const cv::Size size = m_size;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [=] {
        return Outcome{generation, loadReviewData(sources, id, size)};
    }));
}

void CamController::onLoaded() {
    Outcome outcome = m_watcher.result();
    if (m_pending) {
        m_pending = false;
        startLoad();
        return;
    }
    if (outcome.generation != m_generation)
        return;
    for (const QString& p : outcome.data.problems)
        emit loadProblem(p);
    setReviewData(std::move(outcome.data));
}

void CamController::setReviewData(ReviewData data) {
    m_data = std::move(data);
    m_stack.clearData();
    m_stack.setData(LayerId::GroundTruth, m_groundTruth);
    for (const auto& [layer, mat] : m_data.layers)
        if (layer != LayerId::CamLabel || !m_data.cams)  // the live label replaces a stored one
            m_stack.setData(layer, mat);
    // Keep the selected class across images where it is tagged, else show all classes.
    m_plane = -1;
    if (m_data.cams && m_selectedKey >= 0) {
        const auto& keys = m_data.cams->keys;
        const auto it = std::find(keys.begin(), keys.end(), m_selectedKey);
        if (it != keys.end())
            m_plane = int(it - keys.begin());
    }
    m_label = cv::Mat();
    refresh();
    emit reviewDataChanged();
}

cv::Mat CamController::camMap(CamKind kind) const {
    cv::Mat out, scratch;
    camMapInto(kind, out, scratch);
    return out;
}

void CamController::camMapInto(CamKind kind, cv::Mat& out, cv::Mat& one) const {
    const amr::cam::CamEntry* e = entry();
    if (!e || e->keys.empty()) {
        out = cv::Mat();
        return;
    }
    const float a = kind == CamKind::Spotlight      ? 1.0f
                    : kind == CamKind::Compensation ? 0.0f
                                                    : float(m_alpha);
    amr::cam::weighted_heat(*e, a, m_plane, out, one);
}

void CamController::recomputeLabel() {
    if (!m_data.cams) {
        m_label = cv::Mat();
        return;
    }
    try {
        amr::cam::recalibrated_label(*m_data.cams, float(m_alpha), float(m_threshold), m_label);
    } catch (const std::exception& e) {
        // An inconsistent entry (e.g. an out-of-range class key): report it, show no CAMs.
        emit loadProblem(QString::fromUtf8(e.what()));
        m_data.cams.reset();
        m_label = cv::Mat();
        m_stack.setData(LayerId::CamLabel, cv::Mat());
        return;
    }
    m_stack.setData(LayerId::CamLabel, m_label);
}

void CamController::recomputeHeatmap() {
    const amr::cam::CamEntry* e = entry();
    if (!e || e->keys.empty() || !m_stack.isVisible(LayerId::CamHeatmap)) {
        m_stack.setData(LayerId::CamHeatmap, cv::Mat());
        return;
    }
    camMapInto(m_kind, m_heatF, m_heatScratch);
    m_heatF.convertTo(m_heat8, CV_8U, 255.0);
    m_stack.setData(LayerId::CamHeatmap, m_heat8);
}

void CamController::composite() {
    const QImage& image = m_stack.composite();
    // A null overlay tells the canvas there is nothing on top of the photo.
    emit overlayChanged(m_stack.drawsAnything() ? image : QImage());
}

void CamController::refresh() {
    recomputeLabel();
    recomputeHeatmap();
    composite();
}

void CamController::setAlpha(double alpha) {
    alpha = std::clamp(alpha, 0.0, 1.0);
    if (alpha == m_alpha)
        return;
    m_alpha = alpha;
    recomputeLabel();
    if (m_kind == CamKind::Weighted)
        recomputeHeatmap();
    composite();
    scheduleSave();
    emit alphaChanged(m_alpha);
}

void CamController::setThreshold(double threshold) {
    threshold = std::clamp(threshold, 0.0, 1.0);
    if (threshold == m_threshold)
        return;
    m_threshold = threshold;
    recomputeLabel();
    composite();
    scheduleSave();
    emit thresholdChanged(m_threshold);
}

void CamController::setKind(CamKind kind) {
    m_kind = kind;
    recomputeHeatmap();
    composite();
}

void CamController::setClassPlane(int plane) {
    const amr::cam::CamEntry* e = entry();
    if (!e || plane < 0 || plane >= int(e->keys.size()))
        plane = -1;
    m_plane = plane;
    m_selectedKey = plane < 0 ? -1 : e->keys[std::size_t(plane)];
    recomputeHeatmap();
    composite();
}

void CamController::setColormap(Colormap map) {
    m_stack.setColormap(map);
    composite();
}

void CamController::setLayerVisible(LayerId id, bool visible) {
    m_stack.setVisible(id, visible);
    if (id == LayerId::CamHeatmap)
        recomputeHeatmap();
    composite();
}

void CamController::setLayerOpacity(LayerId id, double opacity) {
    m_stack.setOpacity(id, opacity);
    composite();
}

void CamController::setOutlineOverHeatmaps(bool on) {
    m_stack.setOutlineOverHeatmaps(on);
    composite();
}

void CamController::setDisagreementPair(LayerId a, LayerId b) {
    m_stack.setDisagreementPair(a, b);
    composite();
}

void CamController::scheduleSave() {
    m_saveTimer.start();
}

}  // namespace amr::ui
