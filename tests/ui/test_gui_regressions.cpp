// Defects found walking the GUI loop as a new user (issue 17), one test each: the window fits
// 1360×850 and 1600×1000 with every dock shown; a failed Open Dataset keeps the project;
// Score All reports progress, a result and a log line; undoing every edit saves nothing; New
// Project refuses a non-empty folder; the per-class IoU chart shows every class and the α marker
// shows at 0 and 1; Esc closes the Compare window; stage names and CAM kinds are translated;
// a language switch keeps the filter, edit mode and CAM kind; filtering follows the list; Page
// Up/Down move a focused slider, not the image; edit mode shows the whole Mask Editor; an open
// dataset gives the list the focus.

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>
#include <cmath>
#include <filesystem>

#include "support/qcustomplot_no_keywords.h"

#include <opencv2/core.hpp>

#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "engine/pipeline/stages.h"
#include "engine/project/project.h"
#include "support/test_support.h"
#include "ui/cam/cam_controller.h"
#include "ui/cam/cam_panel.h"
#include "ui/cam/cam_plots.h"
#include "ui/cam/cam_viewer.h"
#include "ui/cam/compare_view.h"
#include "ui/canvas/image_canvas.h"
#include "ui/console/stage_names.h"
#include "ui/console/training_console.h"
#include "ui/console/training_console_dock.h"
#include "ui/editor/editor_controller.h"
#include "ui/editor/mask_document.h"
#include "ui/editor/mask_editor.h"
#include "ui/i18n/language.h"
#include "ui/i18n/window_host.h"
#include "ui/jobs/job_runner.h"
#include "ui/project/new_project_dialog.h"
#include "ui/project/project_session.h"
#include "ui/widgets/message_banner.h"
#include "ui/workspace/image_list_model.h"
#include "ui/workspace/image_list_panel.h"
#include "ui/workspace/main_window.h"

namespace fs = std::filesystem;
using amr::project::ReviewStatus;
using amr::ui::MainWindow;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

// A plain-folder dataset of five 40×30 images with ground truth: apple1, apple2, berry1, berry2,
// cherry1 (tags cat or dog; each mask holds a square of its class).
fs::path makeDataset(const fs::path& root) {
    std::string tags = "image,tags\n";
    const char* ids[] = {"apple1", "apple2", "berry1", "berry2", "cherry1"};
    fs::create_directories(root / "masks");
    for (int i = 0; i < 5; ++i) {
        const std::string id = ids[i];
        amr::test::write_test_image(root / "images" / (id + ".png"), 40, 30);
        cv::Mat mask(30, 40, CV_8UC1, cv::Scalar(0));
        mask(cv::Rect(10, 8, 12, 10)).setTo(1 + i % 2);
        amr::data::write_label_png(root / "masks" / (id + ".png"), mask);
        tags += id + ".png," + (i % 2 ? "dog" : "cat") + "\n";
    }
    amr::test::write_text(root / "classes.txt", "cat\ndog\n");
    amr::test::write_text(root / "tags.csv", tags);
    return root;
}

// Waits until `w` shows dataset image `index` on its canvas.
bool waitShown(MainWindow& w, int index) {
    return QTest::qWaitFor([&] { return w.shownImageIndex() == index; }, 20000);
}

void clickAt(amr::ui::MaskEditor& ed, QPointF p) {
    ed.toolPress(p, Qt::LeftButton, Qt::NoModifier);
    ed.toolRelease(p, Qt::LeftButton);
}

bool same(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && cv::countNonZero(a != b) == 0;
}

}  // namespace

class TestGuiRegressions : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path m_root;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio Test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_gui_regressions"));
        QSettings().clear();
        qRegisterMetaType<amr::ui::MainWindow*>();
        amr::ui::installLanguage(QStringLiteral("en"));
        m_root = amr::test::to_path(m_tmp.path());
    }

    void cleanup() {
        QSettings().clear();  // no window state leaks from one test into the next
        amr::ui::installLanguage(QStringLiteral("en"));
    }

    // With every dock shown (the training console too) the window keeps the size it is given
    // at both screen sizes, and nothing overlaps or leaves it.
    void windowFitsTheScreen_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1360x850") << QSize(1360, 850);
        QTest::newRow("1600x1000") << QSize(1600, 1000);
    }
    void windowFitsTheScreen() {
        QFETCH(QSize, size);
        MainWindow w;
        for (QDockWidget* dock : w.findChildren<QDockWidget*>())
            dock->show();
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // The console opened after the window, as a user does with Ctrl+Shift+T.
        w.trainingConsole()->hide();
        QCoreApplication::processEvents();
        w.trainingConsole()->toggleViewAction()->trigger();
        QVERIFY(w.trainingConsole()->isVisible());
        QCoreApplication::processEvents();
        QVERIFY2(w.minimumSizeHint().height() <= size.height() &&
                     w.minimumSizeHint().width() <= size.width(),
                 qPrintable(QStringLiteral("minimum %1×%2")
                                .arg(w.minimumSizeHint().width())
                                .arg(w.minimumSizeHint().height())));
        QCOMPARE(w.size(), size);

        const QRect inside = w.rect();
        QList<QWidget*> parts{w.menuBar(), w.statusBar(), w.centralWidget()};
        QList<QDockWidget*> docks;
        for (QDockWidget* dock : w.findChildren<QDockWidget*>())
            if (dock->isVisible() && !dock->visibleRegion().isEmpty())
                docks << dock;
        QVERIFY(docks.size() >= 4);  // images, mask editor, CAM viewer (or overlays), console
        for (QDockWidget* dock : docks)
            parts << dock;
        for (QToolBar* bar : w.findChildren<QToolBar*>())
            if (bar->isVisible())
                parts << bar;
        for (QWidget* part : parts) {
            const QString name = part->objectName();
            QVERIFY2(inside.contains(part->geometry()),
                     qPrintable(name + QStringLiteral(" leaves the window")));
            // Its content got at least the room it needs (else Qt draws widgets over others).
            QWidget* body = qobject_cast<QDockWidget*>(part)
                                ? qobject_cast<QDockWidget*>(part)->widget()
                                : part;
            QVERIFY2(body->width() >= body->minimumSizeHint().width() &&
                         body->height() >= body->minimumSizeHint().height(),
                     qPrintable(name + QStringLiteral(" is squeezed below its minimum")));
        }
        for (int i = 0; i < parts.size(); ++i)
            for (int j = i + 1; j < parts.size(); ++j)
                QVERIFY2(!parts[i]->geometry().intersects(parts[j]->geometry()),
                         qPrintable(parts[i]->objectName() + QStringLiteral(" overlaps ") +
                                    parts[j]->objectName()));
    }

    // A saved geometry larger than the screen (from a bigger monitor) is fitted to it.
    void oversizedSavedGeometryIsFitted() {
        {
            MainWindow big;
            big.resize(5000, 4000);
            big.close();  // saves the geometry
        }
        MainWindow w;
        const QRect screen = w.screen()->availableGeometry();
        QVERIFY2(w.width() <= screen.width() && w.height() <= screen.height(),
                 qPrintable(QStringLiteral("%1×%2 on a %3×%4 screen")
                                .arg(w.width())
                                .arg(w.height())
                                .arg(screen.width())
                                .arg(screen.height())));
    }

    // File > Open Dataset on a folder that is no dataset: the project stays open and the
    // message names the folder and what is wrong.
    void failedOpenDatasetKeepsTheProject() {
        const fs::path data = makeDataset(m_root / "keep-data");
        const fs::path dir = m_root / "keep-proj";
        amr::project::Project::create(dir, data, "Shop")
            .set_status("apple2", ReviewStatus::Accepted);

        MainWindow w;
        w.show();
        w.openProject(q(dir));
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);
        QVERIFY(waitShown(w, 0));
        const QString title = w.windowTitle();
        QVERIFY(title.startsWith(QStringLiteral("Shop")));
        const auto dataset = w.dataset();
        QVERIFY(w.imageModel()->hasReviewState());

        const fs::path bad = m_root / "not-a-dataset";
        fs::create_directories(bad);
        amr::test::write_text(bad / "notes.txt", "nothing to see");
        w.openDataset(q(bad));
        QTRY_VERIFY_WITH_TIMEOUT(w.banner()->level() == amr::ui::MessageBanner::Level::Error &&
                                     !w.banner()->text().isEmpty(),
                                 20000);
        const QString message = w.banner()->text();
        QVERIFY2(message.contains(q(bad)), qPrintable(message));
        QVERIFY2(message.size() > q(bad).size() + 30, qPrintable(message));  // and a reason
        QVERIFY(w.projectSession()->isOpen());
        QCOMPARE(w.windowTitle(), title);
        QCOMPARE(w.dataset(), dataset);
        QVERIFY(w.imageModel()->hasReviewState());
        QCOMPARE(w.shownImageIndex(), 0);
    }

    // Review > Score All Images: "Scoring N images…" at once, a job on the runner (the status
    // bar's progress), then the result in the review panel, the status bar and the log.
    void scoreAllShowsProgressAndResult() {
        const fs::path data = makeDataset(m_root / "score-data");
        MainWindow w;
        w.show();
        w.openDataset(q(data));
        QVERIFY(waitShown(w, 0));
        w.editor()->setStatus(ReviewStatus::Accepted);  // apple1 reviewed: 4 left to review

        QSignalSpy started(w.jobRunner(), &amr::ui::JobRunner::jobStarted);
        QAction* score = nullptr;
        for (QAction* a : w.editor()->menuActions())
            if (a && a->text().contains(QStringLiteral("Score")))
                score = a;
        QVERIFY(score);
        score->trigger();
        QCOMPARE(started.count(), 1);
        const auto* job = started.at(0).at(0).value<amr::ui::Job*>();
        QVERIFY(job->title().contains(QStringLiteral("Scoring")));
        QCOMPARE(w.editor()->scoringText(), QStringLiteral("Scoring 5 image(s)…"));
        QVERIFY(!score->isEnabled());  // one run at a time

        QTRY_VERIFY_WITH_TIMEOUT(w.editor()->scoringText().startsWith(
                                     QStringLiteral("Scored 5 image(s); 4 need review")),
                                 20000);
        QVERIFY(score->isEnabled());
        QVERIFY(w.editor()->document() != nullptr);
        auto* label = w.findChild<QLabel*>(QStringLiteral("scoringStatus"));
        QVERIFY(label && label->isVisible());
        QVERIFY2(w.trainingConsole()->console()->logText().contains(
                     QStringLiteral("Scored 5 image(s); 4 need review")),
                 qPrintable(w.trainingConsole()->console()->logText()));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Scored 5 image(s)")));
    }

    // Painting and undoing back to the start is no correction: no human mask, no "Corrected",
    // also when an autosave ran in between (its save is withdrawn), and an earlier human
    // version and review status come back as they were.
    void undoToTheStartSavesNothing() {
        const fs::path data = makeDataset(m_root / "undo-data");
        auto dataset = std::make_shared<amr::data::Dataset>(amr::data::open_dataset(data));
        QWidget window;
        amr::ui::ImageCanvas canvas(&window);
        amr::ui::JobRunner runner;
        amr::ui::EditorController ctl(&canvas, &runner, &window);
        ctl.setDataset(dataset);
        QImage photo(40, 30, QImage::Format_RGB32);
        photo.fill(Qt::gray);
        const fs::path human = data / "amr-edits" / "human" / "apple1.png";
        auto status = [&](const char* id) { return ctl.storage()->state(id).status; };

        // 1. Stroke, undo, leave the image: nothing saved.
        ctl.showImage(0, photo, {});
        ctl.editModeAction()->setChecked(true);
        ctl.editor()->setLabel(2);
        clickAt(*ctl.editor(), QPointF(30.5, 20.5));
        QVERIFY(ctl.document()->isModified());
        ctl.document()->undoStack()->undo();
        ctl.showImage(1, photo, {});
        QVERIFY(!fs::exists(human));
        QCOMPARE(status("apple1"), ReviewStatus::New);

        // 2. Stroke, autosave, undo, save again: the autosaved correction is withdrawn.
        ctl.showImage(0, photo, {});
        clickAt(*ctl.editor(), QPointF(30.5, 20.5));
        QVERIFY(ctl.saveNow());  // what the autosave timer does
        QVERIFY(fs::exists(human));
        QCOMPARE(status("apple1"), ReviewStatus::Corrected);
        ctl.document()->undoStack()->undo();
        QVERIFY(ctl.document()->isModified());
        QVERIFY(ctl.saveNow());
        QVERIFY(!fs::exists(human));
        QCOMPARE(status("apple1"), ReviewStatus::New);
        QVERIFY(!ctl.document()->isModified());
        // Redo is an edit again and is saved.
        ctl.document()->undoStack()->redo();
        QVERIFY(ctl.saveNow());
        QVERIFY(fs::exists(human));
        QCOMPARE(status("apple1"), ReviewStatus::Corrected);

        // 3. Editing an existing human version of an accepted image, autosave, undo: the human
        //    file and "Accepted" are back as they were.
        ctl.setStatus(ReviewStatus::Accepted);
        ctl.showImage(1, photo, {});
        ctl.showImage(0, photo, {});
        QCOMPARE(ctl.document()->sourceVersion(), QStringLiteral("human"));
        const cv::Mat before = amr::data::read_label_png(human);
        clickAt(*ctl.editor(), QPointF(3.5, 3.5));
        QVERIFY(ctl.saveNow());
        QCOMPARE(status("apple1"), ReviewStatus::Corrected);
        QVERIFY(!same(amr::data::read_label_png(human), before));
        ctl.document()->undoStack()->undo();
        ctl.showImage(1, photo, {});
        QVERIFY(same(amr::data::read_label_png(human), before));
        QCOMPARE(status("apple1"), ReviewStatus::Accepted);
    }

    // New Project refuses a folder that holds files; an empty or new one is fine.
    void newProjectRefusesANonEmptyFolder() {
        const fs::path data = makeDataset(m_root / "np-data");
        amr::ui::NewProjectDialog dialog(q(data));
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        const fs::path full = m_root / "np-full";
        amr::test::write_text(full / "thesis.tex", "\\documentclass{article}");
        dialog.setProjectDir(q(full));
        QVERIFY2(dialog.problem().contains(QStringLiteral("not empty")),
                 qPrintable(dialog.problem()));
        QVERIFY(dialog.problem().contains(q(full)));
        QVERIFY(!ok->isEnabled());
        const fs::path hidden = m_root / "np-hidden";
        amr::test::write_text(hidden / ".git" / "HEAD", "ref: refs/heads/main");
        dialog.setProjectDir(q(hidden));
        QVERIFY(dialog.problem().contains(QStringLiteral("not empty")));
        const fs::path empty = m_root / "np-empty";
        fs::create_directories(empty);
        dialog.setProjectDir(q(empty));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        QVERIFY(ok->isEnabled());
        dialog.setProjectDir(q(m_root / "np-new"));
        QVERIFY(dialog.problem().isEmpty());
        // The folder fills after its path was typed: OK re-checks and keeps the dialog open.
        dialog.setProjectDir(q(empty));
        amr::test::write_text(empty / "late.txt", "x");
        ok->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.problem().contains(QStringLiteral("not empty")));
    }

    // The per-class IoU bars: one per label, the last class's name drawn inside the widget.
    void classIouChartShowsEveryClass() {
        amr::ui::CamPlots plots;
        plots.resize(340, 420);
        plots.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plots));
        QStringList names{QStringLiteral("background")};
        for (const char* n : {"tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
                              "sneaker", "bag", "ankleboot"})
            names << QString::fromLatin1(n);
        std::vector<double> iou;
        for (int i = 0; i < names.size(); ++i)
            iou.push_back(0.05 * (i + 1));
        plots.setClassIoU(names, iou, 0.5, 0.2);
        QCOMPARE(plots.barCount(), 11);
        QCustomPlot* bars = plots.barPlot();
        bars->replot();
        const QCPRange range = bars->xAxis->range();
        QVERIFY(range.contains(1) && range.contains(11));
        // Every bar's centre lies inside the axis rectangle.
        const QRect area = bars->axisRect()->rect();
        for (int i = 1; i <= 11; ++i) {
            const double x = bars->xAxis->coordToPixel(i);
            QVERIFY2(x > area.left() && x < area.right(), qPrintable(QString::number(i)));
        }
        // The tick labels fit in the widget: the last one is not cut off at the right edge.
        const QSharedPointer<QCPAxisTickerText> ticker =
            bars->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().size(), 11);
        QCOMPARE(ticker->ticks().value(11), QStringLiteral("ankleboot"));
        const QFontMetrics fm(bars->xAxis->tickLabelFont());
        const double degrees = bars->xAxis->tickLabelRotation();
        const double slant = std::cos(qDegreesToRadians(std::abs(degrees)));
        // Horizontal reach of a label from its tick: along the text when rotated that way.
        auto reach = [&](const QString& text, bool right) {
            return (right ? degrees > 0 : degrees < 0) ? fm.horizontalAdvance(text) * slant
                                                       : fm.height() / 2.0;
        };
        const double start = bars->xAxis->coordToPixel(1) - reach(names.first(), false);
        const double end = bars->xAxis->coordToPixel(11) + reach(names.last(), true);
        QVERIFY2(
            start >= 0 && end <= bars->width(),
            qPrintable(
                QStringLiteral("labels span %1..%2 of %3").arg(start).arg(end).arg(bars->width())));
    }

    // The α marker is drawn at α = 0 and α = 1 too, inside the plot, not on its border.
    void alphaMarkerShowsAtTheEnds() {
        amr::ui::CamPlots plots;
        plots.resize(340, 420);
        plots.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plots));
        plots.setCurve({0.0, 0.5, 1.0}, {0.1, 0.3, 0.2}, 0.2);
        QCustomPlot* curve = plots.curvePlot();
        for (double alpha : {0.0, 1.0, 0.5}) {
            plots.setAlphaMarker(alpha);
            curve->replot();
            const QRect area = curve->axisRect()->rect();
            const double x = curve->xAxis->coordToPixel(alpha);
            QVERIFY2(x >= area.left() + 2 && x <= area.right() - 2,
                     qPrintable(QStringLiteral("α %1 at x %2 in %3..%4")
                                    .arg(alpha)
                                    .arg(x)
                                    .arg(area.left())
                                    .arg(area.right())));
            // The marker's red pixels are there in the drawn plot.
            const QImage image = curve->toPixmap(curve->width(), curve->height()).toImage();
            int red = 0;
            for (int y = area.top() + 5; y < area.bottom() - 5; ++y) {
                const QColor c = image.pixelColor(qRound(x), y);
                red += c.red() > 180 && c.green() < 120 && c.blue() < 120;
            }
            QVERIFY2(red > 10,
                     qPrintable(QStringLiteral("α %1: %2 red pixels").arg(alpha).arg(red)));
        }
    }

    // Esc closes the Compare window.
    void escClosesCompare() {
        MainWindow w;
        w.show();
        w.camViewer()->showCompare();
        amr::ui::CompareView* compare = w.camViewer()->compareView();
        QVERIFY(QTest::qWaitForWindowExposed(compare));
        compare->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(compare));
        QTest::keyClick(compare, Qt::Key_Escape);
        QTRY_VERIFY(!compare->isVisible());
    }

    // Stage titles, pipeline events, run statuses and CAM kinds in German and Chinese.
    void stageNamesAreTranslated() {
        amr::ui::installLanguage(QStringLiteral("en"));
        for (const auto& s : amr::pipeline::stages()) {  // the UI's table mirrors the engine's
            QCOMPARE(amr::ui::stageTitle(s.name), QString::fromStdString(s.title));
            QCOMPARE(amr::ui::stageDescription(s.name), QString::fromStdString(s.description));
        }
        using Kind = amr::pipeline::StageEvent::Kind;
        QCOMPARE(amr::ui::stageEventName(Kind::Finished), QStringLiteral("finished"));

        for (const char* code : {"de", "zh_CN"}) {
            QCOMPARE(amr::ui::installLanguage(QString::fromLatin1(code)),
                     QString::fromLatin1(code));
            for (const auto& s : amr::pipeline::stages()) {
                QVERIFY2(
                    amr::ui::stageTitle(s.name) != QString::fromStdString(s.title),
                    qPrintable(QString::fromLatin1(code) + u' ' + QString::fromStdString(s.name)));
                QVERIFY(amr::ui::stageDescription(s.name) != QString::fromStdString(s.description));
            }
            QVERIFY(amr::ui::stageEventName(Kind::Finished) != QStringLiteral("finished"));
            QVERIFY(amr::ui::runStatusName(amr::project::RunStatus::Finished) !=
                    QStringLiteral("finished"));
            QVERIFY(amr::ui::camKindName(amr::ui::CamKind::Weighted) != QStringLiteral("Weighted"));
            // The console's stage list uses them.
            amr::ui::JobRunner runner;
            amr::ui::TrainingConsole console(&runner);
            auto* combo = console.findChild<QComboBox*>(QStringLiteral("stageCombo"));
            QCOMPARE(combo->itemText(0), amr::ui::stageTitle(std::string("train-cam")));
        }
        amr::ui::installLanguage(QStringLiteral("de"));
        QCOMPARE(amr::ui::stageTitle(std::string("train-cam")),
                 QStringLiteral("CAM-Netz trainieren"));
        QCOMPARE(amr::ui::camKindName(amr::ui::CamKind::Weighted), QStringLiteral("Gewichtet"));
        amr::ui::installLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(amr::ui::stageTitle(std::string("predict")), QStringLiteral("预测掩码"));
    }

    // View > Language rebuilds the window; the filter text, edit mode and CAM kind carry over.
    void languageSwitchKeepsTheView() {
        const fs::path data = makeDataset(m_root / "lang-data");
        amr::ui::WindowHost host;
        QPointer<MainWindow> first = host.window();
        first->show();
        first->openDataset(q(data));
        QVERIFY(waitShown(*first, 0));
        first->imageList()->setFilterText(QStringLiteral("berry"));
        QVERIFY(waitShown(*first, 2));
        first->editor()->editModeAction()->setChecked(true);
        QComboBox* kinds = first->camViewer()->panel()->kindSelector();
        kinds->setCurrentIndex(kinds->findData(int(amr::ui::CamKind::Spotlight)));
        QCOMPARE(first->camViewer()->controller()->kind(), amr::ui::CamKind::Spotlight);

        QVERIFY(host.switchLanguage(QStringLiteral("de")));
        MainWindow* second = host.window();
        QVERIFY(second != first.data());
        QTRY_VERIFY(second->dataset() != nullptr);
        QVERIFY(waitShown(*second, 2));
        QCOMPARE(second->imageList()->filterEdit()->text(), QStringLiteral("berry"));
        QCOMPARE(second->imageModel()->rowCount(), 2);
        QVERIFY(second->editor()->isEditing());
        QTRY_VERIFY(!second->editor()->document()->isEmpty());  // the mask of berry1 is loaded
        QCOMPARE(second->camViewer()->controller()->kind(), amr::ui::CamKind::Spotlight);
        QCOMPARE(second->camViewer()->panel()->kindSelector()->currentData().toInt(),
                 int(amr::ui::CamKind::Spotlight));
    }

    // A filter that leaves the shown image out moves to the first match; one that matches
    // nothing clears the canvas; the list's current row always is the image shown.
    void filteringFollowsTheList() {
        const fs::path data = makeDataset(m_root / "filter-data");
        MainWindow w;
        w.show();
        w.openDataset(q(data));
        QVERIFY(waitShown(w, 0));  // apple1
        w.imageList()->setFilterText(QStringLiteral("berry"));
        QVERIFY(waitShown(w, 2));  // berry1, the first match
        QCOMPARE(w.imageList()->currentDatasetIndex(), 2);
        w.imageList()->setFilterText(QStringLiteral("nothing-like-this"));
        QCOMPARE(w.imageModel()->rowCount(), 0);
        QCOMPARE(w.shownImageIndex(), -1);
        QVERIFY(!w.canvas()->hasImage());
        QCOMPARE(w.imageList()->currentDatasetIndex(), -1);
        // Still listed: the image stays.
        w.imageList()->setFilterText(QStringLiteral("cherry"));
        QVERIFY(waitShown(w, 4));
        w.imageList()->setFilterText(QStringLiteral("che"));
        QTest::qWait(200);
        QCOMPARE(w.shownImageIndex(), 4);
        // Typed into the box (with its delay), as a user does.
        w.imageList()->filterEdit()->setText(QStringLiteral("apple2"));
        QVERIFY(waitShown(w, 1));
    }

    // After Train to CAMs the CAM viewer holds two thirds of the window's height; entering edit
    // mode gives the Mask Editor the height its tools, classes and review buttons need, and
    // leaves a taller editor as the user made it.
    void editModeShowsTheWholeEditor() {
        const fs::path data = makeDataset(m_root / "room-data");
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDataset(q(data));
        QVERIFY(waitShown(w, 0));
        auto* editDock = w.findChild<QDockWidget*>(QStringLiteral("maskEditorDock"));
        auto* scroll = w.findChild<QScrollArea*>(QStringLiteral("maskEditorScroll"));
        QVERIFY(editDock && scroll);
        QDockWidget* camDock = w.camViewer()->camDock();
        camDock->show();
        camDock->raise();
        w.resizeDocks({camDock}, {w.height() * 2 / 3}, Qt::Vertical);
        QCoreApplication::processEvents();
        QVERIFY2(scroll->verticalScrollBar()->maximum() > 0, "the editor must start squeezed");

        w.editor()->editModeAction()->setChecked(true);
        QCoreApplication::processEvents();
        QTRY_COMPARE(scroll->verticalScrollBar()->maximum(), 0);
        QVERIFY(!camDock->visibleRegion().isEmpty());  // the CAM viewer keeps the rest

        // Out of edit mode and in again, after the user made the editor taller still.
        w.editor()->editModeAction()->setChecked(false);
        w.resizeDocks({editDock, camDock}, {editDock->height() + 60, camDock->height() - 60},
                      Qt::Vertical);
        QCoreApplication::processEvents();
        const int tall = editDock->height();
        w.editor()->editModeAction()->setChecked(true);
        QCoreApplication::processEvents();
        QCOMPARE(editDock->height(), tall);
    }

    // The filter box has the focus when the window opens; once a dataset is open the list has
    // it, so that Ctrl+E (a line edit's end of line on X11) exports and arrows move the list.
    void openDatasetFocusesTheList() {
        const fs::path data = makeDataset(m_root / "focus-data");
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.imageList()->filterEdit()->setFocus();
        QTRY_VERIFY(w.imageList()->filterEdit()->hasFocus());
        w.openDataset(q(data));
        QVERIFY(waitShown(w, 0));
        QTRY_VERIFY(w.imageList()->view()->hasFocus());
        QTest::keyClick(w.imageList()->view(), Qt::Key_Down);
        QVERIFY(waitShown(w, 1));
    }

    // Page Up/Down change the image, except when a slider has the focus: then they move it.
    void pageKeysMoveAFocusedSlider() {
        const fs::path data = makeDataset(m_root / "keys-data");
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.openDataset(q(data));
        QVERIFY(waitShown(w, 0));
        QTest::keyClick(&w, Qt::Key_PageDown);  // the window's shortcut
        QVERIFY(waitShown(w, 1));

        auto* alpha = w.findChild<QSlider*>(QStringLiteral("alphaSlider"));
        QVERIFY(alpha);
        for (QWidget* p = alpha; p; p = p->parentWidget())
            p->show();
        alpha->setValue(50);
        alpha->setFocus();
        QTRY_VERIFY(alpha->hasFocus());
        QTest::keyClick(alpha, Qt::Key_PageDown);
        QCOMPARE(alpha->value(), 50 - alpha->pageStep());
        QTest::keyClick(alpha, Qt::Key_PageUp);
        QTest::keyClick(alpha, Qt::Key_PageUp);
        QCOMPARE(alpha->value(), 50 + alpha->pageStep());
        QTest::qWait(100);
        QCOMPARE(w.shownImageIndex(), 1);  // still the same image
    }
};

QTEST_MAIN(TestGuiRegressions)
#include "test_gui_regressions.moc"
