#pragma once
// The CAM viewer's logic, without widgets: it holds the current image's CAM entry (loaded once
// per image off the UI thread), recomputes the weighted CAM heatmap and the pseudo label when α
// or the background threshold move (into reused buffers), and composites the overlay layers.
// Panels and the canvas only connect to it; tests and benches drive it directly.

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QSize>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <map>
#include <memory>

#include <opencv2/core.hpp>

#include "engine/cam/cam_store.h"
#include "engine/data/dataset.h"
#include "ui/cam/review_sources.h"
#include "ui/overlay/layer_stack.h"

namespace amr::ui {

enum class CamKind { Spotlight, Compensation, Weighted };
QString camKindName(CamKind kind);  // translated

// One image's review data as read from disk.
struct ReviewData {
    std::string id;
    std::shared_ptr<const amr::cam::CamEntry> cams;  // null when the store has no entry
    std::map<LayerId, cv::Mat> layers;               // label and heat layers at the image size
    QStringList problems;                            // files that exist but could not be used
};
// Reads what `sources` hold for image `id` of `size` (any thread). Missing files are simply
// absent; unreadable or mis-sized ones are listed in problems.
ReviewData loadReviewData(const ReviewSources& sources, const std::string& id, cv::Size size);

class CamController : public QObject {
    Q_OBJECT
public:
    explicit CamController(QObject* parent = nullptr);
    ~CamController() override;  // waits for a running load

    static constexpr double kDefaultAlpha = 0.5;
    static constexpr double kDefaultThreshold = 0.2;  // the official CAM eval threshold

    void setSources(const ReviewSources& sources);
    const ReviewSources& sources() const { return m_sources; }
    // Reads "cam.alpha" and "cam.threshold" through it; later changes are written back.
    void setBackend(const ReviewBackend& backend);
    const ReviewBackend& backend() const { return m_backend; }
    void setDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    const std::shared_ptr<const amr::data::Dataset>& dataset() const { return m_dataset; }

    // A new image is on the canvas: its size and ground truth (empty when none). Its review data
    // loads in the background; reviewDataChanged() and overlayChanged() follow.
    void showImage(int index, QSize size, const cv::Mat& groundTruth);
    void clearImage();
    // Installs already loaded data for the current image (tests, benches, the loader itself).
    void setReviewData(ReviewData data);
    bool isLoading() const { return m_watcher.isRunning() || m_pending; }
    int currentIndex() const { return m_index; }
    QString currentId() const { return QString::fromStdString(m_data.id); }

    double alpha() const { return m_alpha; }
    double threshold() const { return m_threshold; }
    CamKind kind() const { return m_kind; }
    int classPlane() const { return m_plane; }  // index into entry()->keys, -1 = all classes
    const amr::cam::CamEntry* entry() const { return m_data.cams.get(); }
    // The pseudo label at the current α and threshold (CV_8UC1), empty without CAMs.
    const cv::Mat& pseudoLabel() const { return m_label; }
    // The selected class's CAM of one kind at the current α, CV_32FC1 in [0, 1] (max over the
    // classes for "all"); empty without CAMs.
    cv::Mat camMap(CamKind kind) const;
    // The same into `out`, reusing its memory (the slider path); `scratch` is a work buffer.
    void camMapInto(CamKind kind, cv::Mat& out, cv::Mat& scratch) const;

    LayerStack& layers() { return m_stack; }
    const LayerStack& layers() const { return m_stack; }
    const QImage& overlay() const { return m_stack.lastComposite(); }

public Q_SLOTS:
    void setAlpha(double alpha);
    void setThreshold(double threshold);
    void setKind(amr::ui::CamKind kind);
    void setClassPlane(int plane);
    void setColormap(amr::ui::Colormap map);
    void setLayerVisible(amr::ui::LayerId id, bool visible);
    void setLayerOpacity(amr::ui::LayerId id, double opacity);
    void setDisagreementPair(amr::ui::LayerId a, amr::ui::LayerId b);
    void setOutlineOverHeatmaps(bool on);
    // Recomputes the label and heatmap and composites again.
    void refresh();
    // Writes α and threshold through the backend now (otherwise 400 ms after the last move).
    void saveSettings();

Q_SIGNALS:
    void overlayChanged(const QImage& overlay);
    void reviewDataChanged();  // a new image's data (or none) is in place
    void alphaChanged(double alpha);
    void thresholdChanged(double threshold);
    void loadProblem(const QString& message);

private:
    struct Outcome {
        quint64 generation = 0;
        ReviewData data;
    };
    void startLoad();
    void onLoaded();
    void recomputeLabel();
    void recomputeHeatmap();
    void composite();
    void scheduleSave();

    ReviewSources m_sources;
    ReviewBackend m_backend;
    std::shared_ptr<const amr::data::Dataset> m_dataset;
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
    quint64 m_generation = 0;
    bool m_pending = false;
    int m_index = -1;
    cv::Size m_size;
    std::string m_wantedId;

    ReviewData m_data;
    cv::Mat m_groundTruth;
    double m_alpha = kDefaultAlpha;
    double m_threshold = kDefaultThreshold;
    CamKind m_kind = CamKind::Weighted;
    int m_plane = -1;
    int m_selectedKey = -1;  // class chosen by the user (0-based), kept across images
    cv::Mat m_label;         // reused pseudo label buffer
    cv::Mat m_heatF;         // reused heatmap buffers
    cv::Mat m_heatScratch;
    cv::Mat m_heat8;
    LayerStack m_stack;
    QTimer m_saveTimer;
};

}  // namespace amr::ui
