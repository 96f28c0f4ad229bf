#include "ui/cam/cam_viewer.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QStatusBar>
#include <QVBoxLayout>
#include <cmath>
#include <optional>

#include "engine/cam/eval_cams.h"
#include "engine/pipeline/output_check.h"
#include "ui/cam/apply_cam_job.h"
#include "ui/cam/cam_controller.h"
#include "ui/cam/cam_panel.h"
#include "ui/cam/cam_plots.h"
#include "ui/cam/compare_view.h"
#include "ui/cam/project_review.h"
#include "ui/canvas/image_canvas.h"
#include "ui/console/output_problem.h"
#include "ui/jobs/job_runner.h"
#include "ui/overlay/overlay_panel.h"
#include "ui/project/project_session.h"

namespace amr::ui {

namespace fs = std::filesystem;

namespace {

QDockWidget* makeDock(QMainWindow* window, const QString& title, const char* name, QWidget* body) {
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(QLatin1String(name));
    auto* scroll = new QScrollArea(dock);
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    return dock;
}

// The split whose ground-truth images all have CAMs, the largest such; "" when none.
std::string evaluableSplit(const amr::data::Dataset& dataset, const fs::path& store) {
    const amr::cam::CamStore probe(store, "");
    std::string best;
    std::size_t bestCount = 0;
    for (const std::string& split : dataset.split_names()) {
        std::size_t count = 0;
        bool covered = true;
        for (std::size_t i : dataset.split(split)) {
            const auto& rec = dataset[i];
            if (!rec.mask)
                continue;
            if (!rec.tags.empty() && !fs::exists(probe.path_of(rec.id))) {
                covered = false;
                break;
            }
            ++count;
        }
        if (covered && count > bestCount) {
            best = split;
            bestCount = count;
        }
    }
    return best;
}

}  // namespace

CamViewer::CamViewer(QMainWindow* window, ImageCanvas* canvas, JobRunner* runner)
    : QObject(window),
      m_window(window),
      m_canvas(canvas),
      m_runner(runner),
      m_controller(new CamController(this)),
      m_panel(new CamPanel(m_controller)),
      m_overlays(new OverlayPanel(m_controller)),
      m_plots(new CamPlots),
      m_compare(new CompareView(m_controller, window)) {
    m_compare->setWindowFlag(Qt::Window);
    m_compare->setObjectName(QStringLiteral("compareView"));

    auto* camBody = new QWidget;
    auto* camLayout = new QVBoxLayout(camBody);
    camLayout->setContentsMargins(0, 0, 0, 0);
    camLayout->addWidget(m_panel);
    camLayout->addWidget(m_plots, 1);
    m_camDock = makeDock(window, tr("CAM Viewer"), "camDock", camBody);
    m_overlayDock = makeDock(window, tr("Overlays"), "overlayDock", m_overlays);
    window->addDockWidget(Qt::RightDockWidgetArea, m_camDock);
    window->addDockWidget(Qt::RightDockWidgetArea, m_overlayDock);
    window->tabifyDockWidget(m_camDock, m_overlayDock);
    m_camDock->raise();

    // Shortcuts work anywhere in the window; a Review menu lists them.
    QMenu* menu = new QMenu(tr("&Review"), window->menuBar());
    const QList<QAction*> bar = window->menuBar()->actions();
    window->menuBar()->insertMenu(bar.isEmpty() ? nullptr : bar.last(), menu);
    menu->addActions(m_overlays->actions());
    menu->addSeparator();
    menu->addActions(m_panel->actions());
    menu->addSeparator();
    QAction* compare = menu->addAction(tr("Compare CAM Kinds"), this, &CamViewer::showCompare);
    compare->setShortcut(QKeySequence(tr("Ctrl+K")));
    menu->addAction(m_camDock->toggleViewAction());
    menu->addAction(m_overlayDock->toggleViewAction());
    window->addActions(m_overlays->actions());
    window->addActions(m_panel->actions());
    window->addAction(compare);

    // Heatmap opacity: the panel's slider and the overlay panel's heatmap row are one setting.
    QSlider* heatA = m_panel->heatmapOpacitySlider();
    QSlider* heatB = m_overlays->opacitySlider(LayerId::CamHeatmap);
    heatA->setValue(heatB->value());
    connect(heatA, &QSlider::valueChanged, heatB, &QSlider::setValue);
    connect(heatB, &QSlider::valueChanged, heatA, &QSlider::setValue);
    connect(heatB, &QSlider::valueChanged, m_compare,
            [this](int v) { m_compare->setHeatmapOpacity(v / 100.0); });
    m_compare->setHeatmapOpacity(heatB->value() / 100.0);

    connect(m_controller, &CamController::overlayChanged, this, [this](const QImage& overlay) {
        if (!m_canvasPaused)
            m_canvas->setOverlay(overlay);
    });
    connect(m_controller, &CamController::alphaChanged, m_plots, &CamPlots::setAlphaMarker);
    connect(m_controller, &CamController::alphaChanged, this, &CamViewer::scheduleEval);
    connect(m_controller, &CamController::thresholdChanged, this, &CamViewer::scheduleEval);
    connect(m_controller, &CamController::loadProblem, this,
            [this](const QString& text) { m_window->statusBar()->showMessage(text, 8000); });
    connect(m_panel->compareButton(), &QPushButton::clicked, this, &CamViewer::showCompare);
    connect(m_panel->applyButton(), &QPushButton::clicked, this, &CamViewer::chooseAndApply);
    m_evalTimer.setSingleShot(true);
    m_evalTimer.setInterval(600);
    connect(&m_evalTimer, &QTimer::timeout, this, &CamViewer::startEval);
    m_plots->setAlphaMarker(m_controller->alpha());
    if (auto* session = window->findChild<ProjectSession*>())
        setProjectSession(session);
}

CamViewer::~CamViewer() = default;

void CamViewer::setProjectSession(ProjectSession* session) {
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (!session)
        return;
    connect(session, &ProjectSession::opened, this, &CamViewer::reloadProject);
    connect(session, &ProjectSession::masksChanged, this, &CamViewer::reloadProject);
    connect(session, &ProjectSession::camsChanged, this, &CamViewer::reloadProject);
    connect(session, &ProjectSession::closed, this,
            [this] { setSources({}, ReviewBackend::qsettings()); });
    connect(this, &CamViewer::masksWritten, session,
            [session](const QString& version) { session->notifyMasksChanged(version); });
    if (session->isOpen())
        reloadProject();
}

void CamViewer::reloadProject() {
    if (!m_session || !m_session->isOpen())
        return;
    try {
        setSources(projectSources(*m_session), projectBackend(*m_session));
    } catch (const std::exception& e) {
        emit failed(QString::fromUtf8(e.what()));
        m_window->statusBar()->showMessage(
            tr("Cannot read the project's CAMs: %1").arg(QString::fromUtf8(e.what())), 10000);
    }
}

Job* CamViewer::evalJob() const {
    return m_evalJob;
}

void CamViewer::setDataset(std::shared_ptr<const amr::data::Dataset> dataset) {
    if (dataset) {
        m_panel->setClasses(dataset->classes());
        m_overlays->setClasses(dataset->classes());
    }
    m_controller->setDataset(std::move(dataset));
    m_photo = QImage();
    m_compare->setPhoto({});
    m_curveThreshold = -1;
    scheduleEval();
}

void CamViewer::setSources(const ReviewSources& sources, const ReviewBackend& backend) {
    m_controller->setBackend(backend);
    m_controller->setSources(sources);
    checkStore();
    m_plots->setAlphaMarker(m_controller->alpha());
    m_curveThreshold = -1;
    scheduleEval();
}

void CamViewer::checkStore() {
    if (m_checkJob)
        m_checkJob->cancel();
    m_panel->setStoreWarning({});
    const fs::path store = m_controller->sources().camStore;
    if (store.empty())
        return;
    // A sample of the store's entries, off the UI thread: all-zero CAMs are said in words.
    auto check = std::make_shared<amr::pipeline::OutputCheck>();
    m_checkJob = m_runner->start(tr("Checking the CAMs"), [store, check](const amr::JobContext&) {
        *check = amr::pipeline::check_cam_store(store);
    });
    Job* job = m_checkJob;
    connect(job, &Job::finished, this, [this, job, check](Job::State state) {
        if (job != m_checkJob || state != Job::State::Succeeded)
            return;
        m_panel->setStoreWarning(
            outputProblemText(check->problem, QStringLiteral("make-cam"), int(check->sampled)));
    });
}

void CamViewer::showImage(int index, const QImage& photo, const cv::Mat& groundTruth) {
    m_photo = photo;
    m_controller->showImage(index, photo.size(), groundTruth);
    if (m_compare->isVisible())
        m_compare->setPhoto(photo);
}

void CamViewer::setCanvasPaused(bool paused) {
    m_canvasPaused = paused;
    if (!paused)
        m_controller->refresh();  // composes the current image's layers again, onto the canvas
}

void CamViewer::showCompare() {
    m_compare->setPhoto(m_photo);
    m_compare->show();
    m_compare->raise();
    m_compare->refresh();
}

void CamViewer::scheduleEval() {
    m_evalTimer.start();
}

void CamViewer::startEval() {
    const auto& dataset = m_controller->dataset();
    const fs::path store = m_controller->sources().camStore;
    if (m_evalJob)
        m_evalJob->cancel();
    const quint64 generation = ++m_evalGeneration;
    if (!dataset || store.empty()) {
        m_plots->setMessage(tr("The mIoU plots need a dataset and a CAM store."));
        return;
    }
    if (dataset->count_with_mask() == 0) {
        m_plots->setMessage(tr("No ground truth in this dataset: no mIoU plots."));
        return;
    }
    amr::cam::EvalCamsOptions options;
    options.dataset = dataset->root();
    options.store = store;
    options.alpha = m_controller->alpha();
    options.threshold = m_controller->threshold();
    // The α sweep depends on the threshold only: after an α move, the bars alone are redone.
    options.alpha_sweep = m_curveThreshold != m_controller->threshold();
    auto result = std::make_shared<amr::cam::EvalCamsResult>();
    // The headline (official 0.20 and the best of the sweep) depends on α only.
    auto sweep = std::make_shared<std::optional<amr::cam::EvalCamsResult>>();
    const bool headline = m_headlineAlpha != options.alpha;
    auto ds = dataset;
    m_evalJob = m_runner->start(tr("CAM mIoU against α"), [options, result, sweep, headline,
                                                           ds](const amr::JobContext& ctx) mutable {
        options.split = evaluableSplit(*ds, options.store);
        if (options.split.empty())
            throw amr::Error(options.store,
                             "has no CAMs for every ground-truth image of any split");
        *result = amr::cam::eval_cams(options, ctx);
        if (headline) {
            options.threshold.reset();
            options.alpha_sweep = false;
            *sweep = amr::cam::eval_cams(options, ctx);
        }
    });
    connect(m_evalJob, &Job::finished, this,
            [this, result, sweep, generation, options](Job::State state, const QString& error) {
                if (generation != m_evalGeneration)
                    return;
                if (state == Job::State::Failed) {
                    m_plots->setMessage(tr("No mIoU figures: %1").arg(error));
                    return;
                }
                if (state != Job::State::Succeeded)
                    return;
                std::vector<double> alphas, miou;
                for (const auto& c : result->curves)
                    if (c.name.rfind("alpha=", 0) == 0) {
                        alphas.push_back(c.alpha);
                        miou.push_back(c.miou.empty() ? NAN : c.miou[0]);
                    }
                if (options.alpha_sweep) {
                    m_plots->setCurve(alphas, miou, *options.threshold);
                    m_curveThreshold = *options.threshold;
                }
                QStringList names;
                std::vector<double> iou;
                if (result->curves.size() > 2) {
                    const auto& m = result->curves[2].best_metrics;  // the weighted CAM at α
                    for (std::size_t l = 0; l < m.classes.size(); ++l) {
                        names << QString::fromStdString(result->classes.label_name(int(l)));
                        iou.push_back(m.classes[l].iou);
                    }
                }
                m_plots->setClassIoU(names, iou, options.alpha, *options.threshold);
                if (*sweep && (*sweep)->curves.size() > 2 && (*sweep)->curves[2].has_official()) {
                    const auto& w = (*sweep)->curves[2];
                    m_plots->setHeadline(options.alpha, w.miou[w.official], w.miou[w.best],
                                         w.thresholds[w.best]);
                    m_headlineAlpha = options.alpha;
                }
                m_plots->setAlphaMarker(m_controller->alpha());
            });
}

void CamViewer::chooseAndApply() {
    const ReviewSources& s = m_controller->sources();
    fs::path out;
    if (const auto it = s.maskDirs.find("cam"); it != s.maskDirs.end()) {
        out = it->second;
    } else if (!s.camStore.empty() && s.camStore.filename() == "cams") {
        out = s.camStore.parent_path() / "masks" / "cam";  // the project layout
    } else {
        const QString dir = QFileDialog::getExistingDirectory(
            m_window, tr("Folder for the CAM pseudo labels (one PNG per image)"));
        if (dir.isEmpty())
            return;
        out = fs::path(dir.toStdString());
    }
    applyToAll(out);
}

Job* CamViewer::applyToAll(const fs::path& outDir) {
    const auto& dataset = m_controller->dataset();
    if (!dataset || m_controller->sources().camStore.empty() || m_applyJob)
        return nullptr;
    ApplyCamOptions options;
    options.store = m_controller->sources().camStore;
    options.out_dir = outDir;
    options.alpha = m_controller->alpha();
    options.threshold = m_controller->threshold();
    for (const auto& rec : dataset->images())
        if (rec.tags.empty())
            options.untagged.emplace_back(rec.id, rec.image);
        else
            options.ids.push_back(rec.id);
    auto result = std::make_shared<ApplyCamResult>();
    const auto publish = m_controller->backend().publishMasks;
    m_applyJob = m_runner->start(
        tr("Applying α %1, threshold %2 to all images").arg(options.alpha).arg(options.threshold),
        [options, result, publish](const amr::JobContext& ctx) {
            *result = apply_cam_to_all(options, ctx);
            if (publish)
                publish("cam",
                        cam_provenance_json(result->fingerprint, options.alpha, options.threshold));
        });
    connect(m_applyJob, &Job::finished, this,
            [this, result, outDir](Job::State state, const QString& error) {
                if (state == Job::State::Failed) {
                    emit failed(tr("Apply to all failed: %1").arg(error));
                    m_window->statusBar()->showMessage(tr("Apply to all failed: %1").arg(error));
                    return;
                }
                if (state != Job::State::Succeeded)
                    return;
                ReviewSources s = m_controller->sources();
                s.maskDirs["cam"] = outDir;
                m_controller->setSources(s);
                const QString summary =
                    tr("Wrote %1 CAM pseudo labels and %2 all-background labels of untagged "
                       "images to %3 (%4 images without CAMs skipped)")
                        .arg(result->written)
                        .arg(result->background)
                        .arg(QString::fromStdString(outDir.string()))
                        .arg(result->skipped);
                m_window->statusBar()->showMessage(summary, 10000);
                emit masksWritten(QStringLiteral("cam"), summary);
            });
    return m_applyJob;
}

}  // namespace amr::ui
