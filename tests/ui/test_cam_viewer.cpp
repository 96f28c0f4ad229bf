// The CAM viewer on a hand-made CAM store (two classes with known maps): the α and threshold
// sliders change the pseudo label shown, the heatmap kinds, background loading, settings
// persistence, nudge shortcuts, "Apply to all" and the mIoU-vs-α figures.

#include <QAction>
#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "support/qcustomplot_no_keywords.h"

#include <opencv2/core.hpp>

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "engine/project/project.h"
#include "support/test_support.h"
#include "ui/cam/apply_cam_job.h"
#include "ui/cam/cam_controller.h"
#include "ui/cam/cam_panel.h"
#include "ui/cam/cam_plots.h"
#include "ui/cam/cam_viewer.h"
#include "ui/canvas/image_canvas.h"
#include "ui/jobs/job_runner.h"
#include "ui/project/project_session.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/workspace_actions.h"

namespace fs = std::filesystem;
using amr::ui::CamController;
using amr::ui::CamKind;
using amr::ui::LayerId;

namespace {

constexpr int kW = 6, kH = 4;

// Left half value `l`, right half value `r`.
cv::Mat halves(float l, float r) {
    cv::Mat m(kH, kW, CV_32FC1);
    for (int y = 0; y < kH; ++y)
        for (int x = 0; x < kW; ++x)
            m.at<float>(y, x) = x < kW / 2 ? l : r;
    return m;
}

// Classes cat (key 0, label 1) and person (key 2, label 3). The spotlight CAM sees the cat on the
// left, the compensation CAM the person on the right:
//   α = 1:   cat 0.9 | 0.1, person 0    -> label 1 | 0 (threshold 0.2)
//   α = 0:   cat 0,         person 0.1 | 0.8 -> label 0 | 3
//   α = 0.5: cat 0.45 | 0.05, person 0.05 | 0.4 -> label 1 | 3
amr::cam::CamEntry fixtureEntry() {
    amr::cam::CamEntry e;
    e.height = kH;
    e.width = kW;
    e.keys = {0, 2};
    e.spotlight.high_res = {halves(0.9f, 0.1f), halves(0.0f, 0.0f)};
    e.compensation.high_res = {halves(0.0f, 0.0f), halves(0.1f, 0.8f)};
    for (auto* b : {&e.spotlight, &e.compensation})
        for (const cv::Mat& p : b->high_res)
            b->strided.push_back(p(cv::Rect(0, 0, 2, 1)).clone());
    return e;
}

QRgb voc(int label) {
    const auto& c = amr::data::voc_palette()[std::size_t(label)];
    return qRgba(c[0], c[1], c[2], 255);
}

// A plain-folder dataset: images a and b (6x4), both tagged cat and person; a has ground truth
// (cat left, person right) and CAMs, b has neither; c (5x3) has no tags.
struct Fixture {
    QTemporaryDir tmp;
    fs::path root, store;
    std::shared_ptr<amr::data::Dataset> dataset;

    Fixture() {
        root = amr::test::to_path(tmp.path()) / "data";
        store = amr::test::to_path(tmp.path()) / "project" / "cams";
        amr::test::write_text(root / "classes.txt", "cat\ndog\nperson\n");
        amr::test::write_text(
            root / "tags.csv",
            "image,tags,split\na,cat;person,train\nb,cat;person,train\nc,,train\n");
        amr::test::write_test_image(root / "images" / "a.png", kW, kH);
        amr::test::write_test_image(root / "images" / "b.png", kW, kH);
        amr::test::write_test_image(root / "images" / "c.png", 5, 3);  // untagged
        cv::Mat gt(kH, kW, CV_8UC1);
        for (int y = 0; y < kH; ++y)
            for (int x = 0; x < kW; ++x)
                gt.at<uchar>(y, x) = x < kW / 2 ? 1 : 3;
        fs::create_directories(root / "masks");
        amr::data::write_label_png(root / "masks" / "a.png", gt);
        amr::cam::CamStore(store, "fixture-model").put("a", fixtureEntry());
        dataset = std::make_shared<amr::data::Dataset>(amr::data::open_dataset(root));
    }
    amr::ui::ReviewSources sources() const {
        return amr::ui::ReviewSources::fromFolder(store.parent_path());
    }
};

// Only the live CAM label, fully opaque.
void onlyCamLabel(CamController& c) {
    for (int i = 0; i < amr::ui::kLayerCount; ++i)
        c.setLayerVisible(LayerId(i), false);
    c.setLayerVisible(LayerId::CamLabel, true);
    c.setLayerOpacity(LayerId::CamLabel, 1.0);
}

amr::ui::ReviewBackend mapBackend(std::map<QString, QString>& store) {
    amr::ui::ReviewBackend b;
    b.readSetting = [&store](const QString& key) -> std::optional<QString> {
        auto it = store.find(key);
        return it == store.end() ? std::nullopt : std::optional<QString>(it->second);
    };
    b.writeSetting = [&store](const QString& key, const QString& value) { store[key] = value; };
    return b;
}

}  // namespace

class TestCamViewer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sourcesFromProjectLayout() {
        Fixture f;
        const auto s = f.sources();
        QCOMPARE(s.camStore, f.store);
        QVERIFY(s.maskDirs.empty());
        QCOMPARE(amr::ui::camEntryFingerprint(amr::cam::CamStore(f.store, "").path_of("a")),
                 std::string("fixture-model"));
        // A bare store folder is taken as the store itself.
        QCOMPARE(amr::ui::ReviewSources::fromFolder(f.store).camStore, f.store);
    }

    void loadsMaskLayersAndHeatmaps() {
        Fixture f;
        const fs::path proj = f.store.parent_path();
        fs::create_directories(proj / "masks" / "refined");
        fs::create_directories(proj / "masks" / "human");
        fs::create_directories(proj / "boundary");
        amr::data::write_label_png(proj / "masks" / "refined" / "a.png",
                                   cv::Mat(kH, kW, CV_8UC1, cv::Scalar(3)));
        amr::data::write_label_png(proj / "masks" / "human" / "a.png",
                                   cv::Mat(kH + 1, kW, CV_8UC1, cv::Scalar(1)));  // wrong size
        amr::data::write_label_png(proj / "boundary" / "a.png",
                                   amr::test::label_image(1, 2, {0, 255}));  // stride 4
        const auto sources = f.sources();
        QCOMPARE(sources.maskDirs.size(), std::size_t(2));
        QCOMPARE(sources.boundaryDir, proj / "boundary");
        const auto data = amr::ui::loadReviewData(sources, "a", cv::Size(kW, kH));
        QVERIFY(data.cams);
        QCOMPARE(data.layers.count(LayerId::Refined), std::size_t(1));
        QCOMPARE(cv::countNonZero(data.layers.at(LayerId::Refined) != 3), 0);
        QCOMPARE(data.layers.count(LayerId::Human), std::size_t(0));
        QCOMPARE(data.problems.size(), 1);
        QVERIFY(data.problems[0].contains(QStringLiteral("human/a.png")));
        // The stride-4 boundary map is scaled to the image: cold on the left, hot on the right.
        const cv::Mat& b = data.layers.at(LayerId::Boundary);
        QCOMPARE(b.size(), cv::Size(kW, kH));
        QCOMPARE(int(b.at<uchar>(0, 0)), 0);
        QCOMPARE(int(b.at<uchar>(3, 5)), 255);
        // Nothing for an image without files.
        const auto none = amr::ui::loadReviewData(sources, "b", cv::Size(kW, kH));
        QVERIFY(!none.cams);
        QVERIFY(none.layers.empty());
        QVERIFY(none.problems.isEmpty());
    }

    void applyStopsWhenCancelled() {
        Fixture f;
        amr::ui::ApplyCamOptions options;
        options.store = f.store;
        options.out_dir = f.store.parent_path() / "out";
        options.ids = {"a", "b"};
        amr::CancelToken cancel;
        cancel.cancel();
        bool stopped = false;
        try {
            amr::ui::apply_cam_to_all(options, amr::JobContext{{}, &cancel});
        } catch (const amr::Cancelled&) {
            stopped = true;
        }
        QVERIFY(stopped);
        QVERIFY(!fs::exists(options.out_dir / "a.png"));
        // Without cancel: one written, one skipped, the model's fingerprint reported.
        const auto result = amr::ui::apply_cam_to_all(options);
        QCOMPARE(result.written, std::size_t(1));
        QCOMPARE(result.skipped, std::size_t(1));
        QCOMPARE(result.fingerprint, std::string("fixture-model"));
    }

    void alphaSliderChangesTheLabelShown() {
        Fixture f;
        CamController c;
        amr::ui::CamPanel panel(&c);
        c.showImage(-1, QSize(kW, kH), {});
        c.setReviewData(amr::ui::loadReviewData(f.sources(), "a", cv::Size(kW, kH)));
        QVERIFY(c.entry());
        onlyCamLabel(c);
        QCOMPARE(panel.alphaSlider()->value(), 50);
        // α 0.5: cat left, person right.
        QCOMPARE(c.overlay().pixel(0, 0), voc(1));
        QCOMPARE(c.overlay().pixel(5, 3), voc(3));
        QCOMPARE(int(c.pseudoLabel().at<uchar>(2, 4)), 3);

        QSignalSpy shown(&c, &CamController::overlayChanged);
        panel.alphaSlider()->setValue(100);  // spotlight only: the person disappears
        QCOMPARE(c.alpha(), 1.0);
        QCOMPARE(shown.count(), 1);
        QCOMPARE(c.overlay().pixel(0, 0), voc(1));
        QCOMPARE(c.overlay().pixel(5, 3), qRgba(0, 0, 0, 0));
        QCOMPARE(int(c.pseudoLabel().at<uchar>(2, 4)), 0);

        panel.alphaSlider()->setValue(0);  // compensation only: the cat disappears
        QCOMPARE(c.overlay().pixel(0, 0), qRgba(0, 0, 0, 0));
        QCOMPARE(c.overlay().pixel(5, 3), voc(3));
        QCOMPARE(cv::countNonZero(c.pseudoLabel()), kW * kH / 2);
    }

    void thresholdSliderChangesTheLabelShown() {
        Fixture f;
        CamController c;
        amr::ui::CamPanel panel(&c);
        c.showImage(-1, QSize(kW, kH), {});
        c.setReviewData(amr::ui::loadReviewData(f.sources(), "a", cv::Size(kW, kH)));
        onlyCamLabel(c);
        panel.thresholdSlider()->setValue(42);  // cat 0.45 stays, person 0.4 goes
        QCOMPARE(c.threshold(), 0.42);
        QCOMPARE(c.overlay().pixel(1, 1), voc(1));
        QCOMPARE(c.overlay().pixel(4, 1), qRgba(0, 0, 0, 0));
        panel.thresholdSlider()->setValue(50);  // everything is background
        QCOMPARE(cv::countNonZero(c.pseudoLabel()), 0);
        QCOMPARE(c.overlay().pixel(1, 1), qRgba(0, 0, 0, 0));
        // Shortcut nudges: ; lowers, ' raises by one step.
        QAction* lower = panel.actions().at(2);
        QCOMPARE(lower->shortcut(), QKeySequence(Qt::Key_Semicolon));
        for (int i = 0; i < 6; ++i)
            lower->trigger();
        QCOMPARE(panel.thresholdSlider()->value(), 44);
        QCOMPARE(c.overlay().pixel(1, 1), voc(1));
        QAction* raiseAlpha = panel.actions().at(1);
        QCOMPARE(raiseAlpha->shortcut(), QKeySequence(Qt::Key_Period));
        raiseAlpha->trigger();
        QCOMPARE(c.alpha(), 0.51);
    }

    void heatmapKindsAndClasses() {
        Fixture f;
        CamController c;
        c.showImage(-1, QSize(kW, kH), {});
        c.setReviewData(amr::ui::loadReviewData(f.sources(), "a", cv::Size(kW, kH)));
        c.setAlpha(0.25);
        c.setClassPlane(0);  // cat
        // Stored as float16: 0.9 comes back as 0.8999.
        QVERIFY(std::abs(c.camMap(CamKind::Spotlight).at<float>(0, 0) - 0.9f) < 1e-3f);
        QCOMPARE(c.camMap(CamKind::Compensation).at<float>(0, 0), 0.0f);
        QVERIFY(std::abs(c.camMap(CamKind::Weighted).at<float>(0, 0) - 0.225f) < 1e-3f);
        c.setClassPlane(-1);  // all classes: the max over cat and person
        QVERIFY(std::abs(c.camMap(CamKind::Weighted).at<float>(0, 5) - 0.6f) < 1e-3f);
        // The heatmap layer shows the selected kind through the colormap.
        for (int i = 0; i < amr::ui::kLayerCount; ++i)
            c.setLayerVisible(LayerId(i), false);
        c.setLayerVisible(LayerId::CamHeatmap, true);
        c.setLayerOpacity(LayerId::CamHeatmap, 1.0);
        c.setKind(CamKind::Spotlight);
        const auto& lut = amr::ui::colormapLut(c.layers().colormap());
        const float v = c.camMap(CamKind::Spotlight).at<float>(0, 0);
        const int index = int(v * 255.0f + 0.5f), alpha = 64 + 3 * index / 4;
        const QRgb shown = c.overlay().pixel(0, 0);
        QCOMPARE(qAlpha(shown), alpha);
        QVERIFY(std::abs(qRed(shown) - qRed(lut[std::size_t(index)]) * alpha / 255) <= 1);
        QVERIFY(std::abs(qGreen(shown) - qGreen(lut[std::size_t(index)]) * alpha / 255) <= 1);
        c.setLayerVisible(LayerId::CamHeatmap, false);
        QCOMPARE(c.overlay().pixel(0, 0), qRgba(0, 0, 0, 0));
        // The chosen class follows to the next image by class, not by plane index.
        c.setClassPlane(1);  // person
        auto other = amr::ui::loadReviewData(f.sources(), "a", cv::Size(kW, kH));
        auto swapped = std::make_shared<amr::cam::CamEntry>(*other.cams);
        std::swap(swapped->keys[0], swapped->keys[1]);
        std::swap(swapped->spotlight.high_res[0], swapped->spotlight.high_res[1]);
        std::swap(swapped->compensation.high_res[0], swapped->compensation.high_res[1]);
        other.cams = swapped;
        c.setReviewData(other);
        QCOMPARE(c.classPlane(), 0);
        QVERIFY(std::abs(c.camMap(CamKind::Compensation).at<float>(0, 5) - 0.8f) < 1e-3f);
        c.setClassPlane(7);  // out of range: all classes
        QCOMPARE(c.classPlane(), -1);
    }

    void loadsInTheBackground() {
        Fixture f;
        CamController c;
        c.setDataset(f.dataset);
        c.setSources(f.sources());
        const int a = int(f.dataset->find("a")), b = int(f.dataset->find("b"));
        c.showImage(b, QSize(kW, kH), {});
        c.showImage(a, QSize(kW, kH), {});
        QTRY_VERIFY(!c.isLoading() && c.entry());
        QCOMPARE(c.currentId(), QStringLiteral("a"));
        QCOMPARE(int(c.pseudoLabel().at<uchar>(0, 0)), 1);
        c.showImage(b, QSize(kW, kH), {});
        QTRY_VERIFY(!c.isLoading());
        QVERIFY(!c.entry());
        QVERIFY(c.pseudoLabel().empty());
    }

    void settingsPersistThroughTheBackend() {
        std::map<QString, QString> settings{{QStringLiteral("cam.alpha"), QStringLiteral("0.3")}};
        CamController c;
        amr::ui::CamPanel panel(&c);
        c.setBackend(mapBackend(settings));
        QCOMPARE(c.alpha(), 0.3);
        QCOMPARE(c.threshold(), CamController::kDefaultThreshold);
        QCOMPARE(panel.alphaSlider()->value(), 30);
        panel.alphaSlider()->setValue(70);
        panel.thresholdSlider()->setValue(35);
        c.saveSettings();
        QCOMPARE(settings[QStringLiteral("cam.alpha")], QStringLiteral("0.7"));
        QCOMPARE(settings[QStringLiteral("cam.threshold")], QStringLiteral("0.35"));
    }

    void applyToAllWritesTheCamVersion() {
        Fixture f;
        QMainWindow window;
        auto* canvas = new amr::ui::ImageCanvas(&window);
        window.setCentralWidget(canvas);
        auto* runner = new amr::ui::JobRunner(&window);
        amr::ui::CamViewer viewer(&window, canvas, runner);
        std::map<QString, QString> settings;
        auto backend = mapBackend(settings);
        QString published;
        backend.publishMasks = [&published](const std::string& version, const std::string& json) {
            published = QString::fromStdString(version + " " + json);
        };
        viewer.setDataset(f.dataset);
        viewer.setSources(f.sources(), backend);
        viewer.controller()->setAlpha(1.0);
        const fs::path out = f.store.parent_path() / "masks" / "cam";
        amr::ui::Job* job = viewer.applyToAll(out);
        QVERIFY(job);
        QSignalSpy done(job, &amr::ui::Job::finished);
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(0).value<amr::ui::Job::State>(), amr::ui::Job::State::Succeeded);
        const cv::Mat label = amr::data::read_label_png(out / "a.png");
        QCOMPARE(
            cv::countNonZero(label != amr::cam::recalibrated_label(fixtureEntry(), 1.0f, 0.2f)), 0);
        QCOMPARE(int(label.at<uchar>(0, 0)), 1);
        QCOMPARE(int(label.at<uchar>(0, 5)), 0);
        QVERIFY(!fs::exists(out / "b.png"));  // no CAMs for b
        const cv::Mat untagged = amr::data::read_label_png(out / "c.png");
        QCOMPARE(untagged.size(), cv::Size(5, 3));
        QCOMPARE(cv::countNonZero(untagged), 0);
        QVERIFY(published.startsWith(QStringLiteral("cam {")));
        const auto json = QJsonDocument::fromJson(published.mid(4).toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("stage")).toString(), QStringLiteral("cam"));
        QCOMPARE(json.value(QStringLiteral("checkpoint")).toString(),
                 QStringLiteral("fixture-model"));
        QCOMPARE(json.value(QStringLiteral("alpha")).toDouble(), 1.0);
        QCOMPARE(json.value(QStringLiteral("threshold")).toDouble(), 0.2);
        QCOMPARE(viewer.controller()->sources().maskDirs.at("cam"), out);

        amr::ui::ApplyCamOptions bad;
        bad.store = f.store;
        bad.out_dir = out;
        bad.alpha = 1.5;
        QVERIFY(amr::test::error_of([&] { bad.check(); }).contains(QStringLiteral("alpha")));
    }

    void miouPlotFollowsTheSlider() {
        Fixture f;
        QMainWindow window;
        auto* canvas = new amr::ui::ImageCanvas(&window);
        window.setCentralWidget(canvas);
        auto* runner = new amr::ui::JobRunner(&window);
        amr::ui::CamViewer viewer(&window, canvas, runner);
        std::map<QString, QString> settings;
        viewer.setDataset(f.dataset);
        viewer.setSources(f.sources(), mapBackend(settings));
        // The job starts once the sliders have settled and may end before we could look at it.
        QTRY_COMPARE_WITH_TIMEOUT(viewer.plots()->curvePointCount(), 11, 20000);  // α = 0 … 1
        QCOMPARE(viewer.plots()->barCount(), 4);  // background + 3 classes
        // The headline: the weighted CAM at the official 0.20, the best of the sweep beside.
        QTRY_VERIFY_WITH_TIMEOUT(!viewer.plots()->headline().isEmpty(), 20000);
        QVERIFY2(viewer.plots()->headline().contains(QStringLiteral("mIoU 100.0 %</b> at the "
                                                                    "official threshold 0.20")),
                 qPrintable(viewer.plots()->headline()));
        QVERIFY2(viewer.plots()->headline().contains(QStringLiteral("best 100.0 % at ")),
                 qPrintable(viewer.plots()->headline()));
        // At α 0.5 and threshold 0.2 the label equals the ground truth: mIoU 100 % (dog has no
        // pixels anywhere, so its IoU is undefined and left out).
        const auto* graph = viewer.plots()->curvePlot()->graph(0);
        QCOMPARE(graph->data()->at(5)->key, 0.5);
        QCOMPARE(graph->data()->at(5)->value, 100.0);
        QVERIFY(graph->data()->at(10)->value < 100.0);
        viewer.panel()->alphaSlider()->setValue(80);
        QCOMPARE(viewer.plots()->markerAlpha(), 0.8);
        // Once the slider settles the bars are redone at the new α; the α curve is kept.
        QTRY_VERIFY_WITH_TIMEOUT(
            viewer.plots()->barPlot()->xAxis->label().contains(QStringLiteral("α 0.80")), 20000);
        QCOMPARE(viewer.plots()->curvePointCount(), 11);
        QCOMPARE(graph->data()->at(5)->value, 100.0);
        // A new threshold redoes the curve: at 0.5 everything is background (cat 0.45 at α 0.5).
        viewer.panel()->thresholdSlider()->setValue(50);
        QTRY_VERIFY_WITH_TIMEOUT(
            viewer.plots()->curvePlot()->xAxis->label().contains(QStringLiteral("0.50")), 20000);
        QVERIFY(graph->data()->at(5)->value < 50.0);
    }

    void mainWindowShowsTheLiveLabel() {
        Fixture f;
        amr::ui::MainWindow w;
        std::map<QString, QString> settings;
        w.camViewer()->setSources(f.sources(), mapBackend(settings));
        onlyCamLabel(*w.camViewer()->controller());
        w.setDataset(f.dataset, QString::fromStdString(f.root.string()));
        QTRY_VERIFY(w.shownImageIndex() == 0 && w.camViewer()->controller()->entry());
        QCOMPARE(w.canvas()->overlay().pixel(0, 0), voc(1));
        QCOMPARE(w.canvas()->overlay().pixel(5, 0), voc(3));
        w.camViewer()->panel()->alphaSlider()->setValue(100);
        QCOMPARE(w.canvas()->overlay().pixel(5, 0), qRgba(0, 0, 0, 0));
        // Image b has no CAMs: nothing is drawn.
        w.actions().nextImage->trigger();
        QTRY_COMPARE(w.shownImageIndex(), 1);
        QTRY_VERIFY(!w.camViewer()->controller()->isLoading());
        QVERIFY(w.canvas()->overlay().isNull());
    }

    void followsTheProject() {
        Fixture f;
        const fs::path dir = amr::test::to_path(f.tmp.path()) / "proj";
        {
            auto p = amr::project::Project::create(dir, f.root, "cams");
            amr::cam::CamStore(p.cam_store_dir(), "fixture-model").put("a", fixtureEntry());
            p.set_setting("cam.alpha", "0.8");
            p.set_setting("cam.threshold", "0.3");
        }
        QMainWindow window;
        auto* canvas = new amr::ui::ImageCanvas(&window);
        window.setCentralWidget(canvas);
        auto* runner = new amr::ui::JobRunner(&window);
        auto* session = new amr::ui::ProjectSession(&window);
        amr::ui::CamViewer viewer(&window, canvas, runner);  // finds the window's session
        viewer.setDataset(f.dataset);
        session->setOpen(QString::fromStdString(dir.string()),
                         QString::fromStdString(f.root.string()), QStringLiteral("cams"));
        auto* c = viewer.controller();
        QCOMPARE(c->sources().camStore, dir / "cams");
        QCOMPARE(c->alpha(), 0.8);
        QCOMPARE(c->threshold(), 0.3);
        QCOMPARE(viewer.panel()->alphaSlider()->value(), 80);

        viewer.panel()->alphaSlider()->setValue(100);
        c->saveSettings();
        QCOMPARE(amr::project::Project::open(dir).setting("cam.alpha").value_or(""),
                 std::string("1"));

        // Apply to all goes to masks/cam and is recorded with its provenance.
        QSignalSpy written(&viewer, &amr::ui::CamViewer::masksWritten);
        QSignalSpy changed(session, &amr::ui::ProjectSession::masksChanged);
        viewer.chooseAndApply();
        QVERIFY(written.wait(20000));
        QCOMPARE(changed.count(), 1);
        const auto p = amr::project::Project::open(dir);
        const auto rec = p.mask("a", "cam");
        QVERIFY(rec.has_value());
        QCOMPARE(rec->path, p.mask_dir("cam") / "a.png");
        const auto json =
            QJsonDocument::fromJson(QByteArray::fromStdString(rec->provenance)).object();
        QCOMPARE(json.value(QStringLiteral("alpha")).toDouble(), 1.0);
        QCOMPARE(json.value(QStringLiteral("threshold")).toDouble(), 0.3);
        QCOMPARE(json.value(QStringLiteral("checkpoint")).toString(),
                 QStringLiteral("fixture-model"));
        QVERIFY(!p.mask("b", "cam").has_value());

        session->close();
        QVERIFY(c->sources().camStore.empty());
    }
};

QTEST_MAIN(TestCamViewer)
#include "test_cam_viewer.moc"
