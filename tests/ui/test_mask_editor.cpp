// The mask document and its tools: strokes change exactly the pixels under the brush, one undo
// step per stroke holding only the touched rectangle, memory bounded over many strokes, the
// eraser, fills, the polygon and superpixel tools, saving, and mouse input through the canvas.

#include <QAbstractButton>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include <opencv2/imgproc.hpp>

#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "ui/canvas/image_canvas.h"
#include "ui/editor/editor_controller.h"
#include "ui/editor/mask_document.h"
#include "ui/editor/mask_editor.h"
#include "ui/editor/palette_widget.h"
#include "ui/jobs/job_runner.h"

using namespace amr::ui;

namespace {

cv::Mat disc(cv::Size size, cv::Point c, int r) {
    cv::Mat m(size, CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            if ((x - c.x) * (x - c.x) + (y - c.y) * (y - c.y) <= r * r + r)
                m.at<uchar>(y, x) = 255;
    return m;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && cv::countNonZero(a != b) == 0;
}

const MaskEditCommand* command(MaskDocument& doc, int i) {
    return dynamic_cast<const MaskEditCommand*>(doc.undoStack()->command(i));
}

std::size_t historyBytes(MaskDocument& doc) {
    std::size_t sum = 0;
    for (int i = 0; i < doc.undoStack()->count(); ++i)
        sum += command(doc, i)->byteSize();
    return sum;
}

void click(MaskEditor& ed, QPointF p) {
    ed.toolPress(p, Qt::LeftButton, Qt::NoModifier);
    ed.toolRelease(p, Qt::LeftButton);
}

}  // namespace

class TestMaskEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void dabPaintsTheDiscAndUndoRestores() {
        MaskDocument doc;
        doc.reset(cv::Mat(80, 100, CV_8UC1, cv::Scalar(0)), QStringLiteral("cam"));
        MaskEditor ed(&doc);
        ed.setTool(EditTool::Brush);
        ed.setBrushRadius(5);
        ed.setLabel(3);
        click(ed, QPointF(20.5, 30.7));  // pixel (20, 30)
        QVERIFY(same(doc.labels() == 3, disc(doc.labels().size(), {20, 30}, 5)));
        QCOMPARE(cv::countNonZero(doc.labels()), 97);
        QCOMPARE(doc.undoStack()->count(), 1);
        // Only the 11x11 box of the dab is kept, before and after.
        QCOMPARE(command(doc, 0)->rect(), cv::Rect(15, 25, 11, 11));
        QCOMPARE(command(doc, 0)->byteSize(), std::size_t(2 * 11 * 11));
        QVERIFY(doc.isModified());
        doc.undoStack()->undo();
        QCOMPARE(cv::countNonZero(doc.labels()), 0);
        doc.undoStack()->redo();
        QVERIFY(same(doc.labels() == 3, disc(doc.labels().size(), {20, 30}, 5)));
        // Painting over the same class again records nothing.
        click(ed, QPointF(20.5, 30.5));
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void dragIsOneUndoStep() {
        MaskDocument doc;
        doc.reset(cv::Mat(40, 60, CV_8UC1, cv::Scalar(1)), QStringLiteral("refined"));
        MaskEditor ed(&doc);
        ed.setBrushRadius(3);
        ed.setLabel(255);  // void is paintable
        ed.toolPress(QPointF(10.5, 20.5), Qt::LeftButton, Qt::NoModifier);
        for (int x = 12; x <= 40; x += 4)
            ed.toolMove(QPointF(x + 0.5, 20.5), Qt::LeftButton);
        ed.toolRelease(QPointF(40.5, 20.5), Qt::LeftButton);
        cv::Mat expected(doc.labels().size(), CV_8UC1, cv::Scalar(0));
        for (int x = 10; x <= 40; ++x)
            expected |= disc(expected.size(), {x, 20}, 3);
        QVERIFY(same(doc.labels() == 255, expected));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(command(doc, 0)->rect(), cv::Rect(7, 17, 37, 7));
        doc.undoStack()->undo();
        QCOMPARE(cv::countNonZero(doc.labels() != 1), 0);
    }

    void memoryStaysBoundedOverManyStrokes() {
        MaskDocument doc;
        const cv::Mat start(200, 200, CV_8UC1, cv::Scalar(0));
        doc.reset(start, QStringLiteral("cam"));
        MaskEditor ed(&doc);
        ed.setBrushRadius(3);
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> pos(0, 200), step(-5, 5);
        for (int i = 0; i < 500; ++i) {
            ed.setLabel(std::uint8_t(1 + i % 5));
            const QPointF a(pos(rng), pos(rng));
            const QPointF b = a + QPointF(step(rng), step(rng));
            ed.toolPress(a, Qt::LeftButton, Qt::NoModifier);
            ed.toolMove(b, Qt::LeftButton);
            ed.toolRelease(b, Qt::LeftButton);
        }
        const int steps = doc.undoStack()->count();
        QVERIFY(steps > 450);
        // Each stroke spans at most (5 + 1 + 2 * 3)² pixels, kept twice: far below a full copy
        // (40 000 bytes) per stroke.
        const std::size_t bytes = historyBytes(doc);
        QVERIFY2(bytes <= std::size_t(steps) * 2 * 13 * 13, qPrintable(QString::number(bytes)));
        QVERIFY(bytes < std::size_t(steps) * 200 * 200 / 50);
        const cv::Mat end = doc.labels().clone();
        while (doc.undoStack()->canUndo())
            doc.undoStack()->undo();
        QVERIFY(same(doc.labels(), start));
        while (doc.undoStack()->canRedo())
            doc.undoStack()->redo();
        QVERIFY(same(doc.labels(), end));
    }

    void eraserRestoresTheSourceVersion() {
        cv::Mat source(30, 30, CV_8UC1, cv::Scalar(2));
        source.colRange(0, 15).setTo(0);
        MaskDocument doc;
        doc.reset(source, QStringLiteral("deeplab"));
        MaskEditor ed(&doc);
        ed.setBrushRadius(25);
        ed.setLabel(7);
        click(ed, QPointF(15, 15));
        QCOMPARE(cv::countNonZero(doc.labels() == 7), 900);
        ed.setTool(EditTool::Eraser);
        ed.setBrushRadius(4);
        click(ed, QPointF(5.5, 5.5));
        const cv::Mat under = disc(source.size(), {5, 5}, 4);
        QVERIFY(same(doc.labels() == 0, under));
        QCOMPARE(doc.undoStack()->count(), 2);
    }

    void fillPolygonAndSuperpixelTools() {
        cv::Mat labels(40, 40, CV_8UC1, cv::Scalar(0));
        cv::rectangle(labels, cv::Rect(10, 10, 20, 20), cv::Scalar(4), 1);
        MaskDocument doc;
        doc.reset(labels, QStringLiteral("refined"));
        MaskEditor ed(&doc);
        ed.setTool(EditTool::Fill);
        ed.setLabel(4);
        click(ed, QPointF(20, 20));
        QCOMPARE(cv::countNonZero(doc.labels() == 4), 400);  // the inside, ring kept
        QCOMPARE(int(doc.labels().at<uchar>(5, 5)), 0);

        ed.setTool(EditTool::Polygon);
        ed.setLabel(255);
        for (QPointF p : {QPointF(0, 0), QPointF(5, 0), QPointF(5, 5), QPointF(0, 5)})
            click(ed, p);
        QCOMPARE(ed.polygon().size(), std::size_t(4));
        QKeyEvent enter(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
        QVERIFY(ed.toolKey(&enter));
        QCOMPARE(cv::countNonZero(doc.labels() == 255), 36);
        QVERIFY(ed.polygon().empty());

        // Superpixels on a two-colour photo: one click paints a whole segment.
        cv::Mat photo(40, 40, CV_8UC3, cv::Scalar(20, 20, 200));
        photo.colRange(20, 40).setTo(cv::Scalar(200, 200, 20));
        ed.setPhoto(photo);
        ed.setSuperpixelSize(10);
        ed.setTool(EditTool::Superpixel);
        ed.setLabel(9);
        click(ed, QPointF(35.5, 35.5));
        const cv::Mat seg = ed.segments();
        const int id = seg.at<int>(35, 35);
        QVERIFY(same(doc.labels() == 9, seg == id));
        QCOMPARE(cv::countNonZero(doc.labels()(cv::Rect(0, 0, 20, 40)) == 9), 0);

        const int before = doc.undoStack()->count();
        QVERIFY(ed.addVoidBand(2));
        QCOMPARE(doc.undoStack()->count(), before + 1);
    }

    void paletteHoldsTheTagsBackgroundAndVoid() {
        const auto entries = paletteFor({1, 4}, {"cat", "dog", "cow", "bus", "car"});
        QCOMPARE(entries.size(), std::size_t(4));
        QCOMPARE(entries[0].first, 0);
        QCOMPARE(entries[1], (std::pair<int, QString>(2, QStringLiteral("dog"))));
        QCOMPARE(entries[2], (std::pair<int, QString>(5, QStringLiteral("car"))));
        QCOMPARE(entries[3].first, 255);
        PaletteWidget palette;
        palette.setEntries(entries);
        QCOMPARE(palette.labelForDigit(0), 0);
        QCOMPARE(palette.labelForDigit(2), 5);
        QCOMPARE(palette.labelForDigit(3), 255);
        QCOMPARE(palette.labelForDigit(4), -1);
        QSignalSpy chosen(&palette, &PaletteWidget::labelChosen);
        auto* dog = palette.findChild<QAbstractButton*>(QStringLiteral("paletteLabel2"));
        QVERIFY(dog);
        dog->click();
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toInt(), 2);
    }

    void saveIsCleanAndUndoAfterSaveIsModified() {
        QTemporaryDir tmp;
        const QString file = tmp.filePath(QStringLiteral("human/a.png"));
        QDir().mkpath(tmp.filePath(QStringLiteral("human")));
        MaskDocument doc;
        doc.reset(cv::Mat(16, 16, CV_8UC1, cv::Scalar(0)), QStringLiteral("cam"));
        MaskEditor ed(&doc);
        ed.setLabel(2);
        click(ed, QPointF(8, 8));
        doc.save(file);
        QVERIFY(!doc.isModified());
        QVERIFY(same(amr::data::read_label_png(file.toStdString()), doc.labels()));
        doc.undoStack()->undo();
        QVERIFY(doc.isModified());  // the undo must reach the next autosave
        QVERIFY(QString::fromStdString(doc.provenanceJson()).contains(QStringLiteral("\"cam\"")));
        MaskDocument again;
        again.load(file, QStringLiteral("human"));
        QCOMPARE(cv::countNonZero(again.labels() == 2),
                 cv::countNonZero(disc({16, 16}, {8, 8}, 6)));
    }

    void mouseOnTheCanvasPaintsImagePixels() {
        ImageCanvas canvas;
        canvas.resize(416, 216);
        QImage photo(200, 100, QImage::Format_RGB32);
        photo.fill(Qt::gray);
        canvas.setImage(photo);  // fitted: scale 2, offset (8, 8)
        QCOMPARE(canvas.zoom(), 2.0);
        MaskDocument doc;
        doc.reset(cv::Mat(100, 200, CV_8UC1, cv::Scalar(0)), QStringLiteral("cam"));
        MaskEditor ed(&doc);
        ed.setBrushRadius(0);
        ed.setLabel(5);
        canvas.setTool(&ed);
        const QPointF at(8 + 2 * 50.5, 8 + 2 * 20.5);  // image pixel (50, 20)
        QMouseEvent press(QEvent::MouseButtonPress, at, canvas.mapToGlobal(at), Qt::LeftButton,
                          Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&canvas, &press);
        QMouseEvent release(QEvent::MouseButtonRelease, at, canvas.mapToGlobal(at), Qt::LeftButton,
                            Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&canvas, &release);
        QCOMPARE(cv::countNonZero(doc.labels()), 1);
        QCOMPARE(int(doc.labels().at<uchar>(20, 50)), 5);
        // The view did not pan: the left button went to the tool.
        QCOMPARE(canvas.view().offset, QPointF(8, 8));
    }

    // The controller on a folder dataset: an edit is saved (as the human version, marked
    // corrected) when the image changes, the source version stays untouched, scoring runs as a
    // job, and "next in queue" goes to the broken mask first.
    void controllerSavesOnImageChangeAndRanksTheQueue() {
        QTemporaryDir tmp;
        const std::filesystem::path root = tmp.path().toStdString();
        auto dataset = std::make_shared<amr::data::Dataset>(
            root, amr::data::DatasetFormat::Folder, amr::data::ClassList({"cat", "dog", "cow"}));
        for (int i = 0; i < 4; ++i) {
            amr::data::ImageRecord rec;
            rec.id = "im" + std::to_string(i);
            rec.image = root / (rec.id + ".jpg");
            rec.tags = {0};
            cv::Mat gt(30, 40, CV_8UC1, cv::Scalar(0));
            gt(cv::Rect(10, 10, 15, 10)).setTo(1);
            if (i == 2) {  // broken: a class that is no tag, and much void
                gt(cv::Rect(0, 0, 40, 12)).setTo(255);
                gt(cv::Rect(28, 20, 10, 8)).setTo(3);
            }
            rec.mask = root / "gt" / (rec.id + ".png");
            std::filesystem::create_directories(root / "gt");
            amr::data::write_label_png(*rec.mask, gt);
            dataset->add(rec, root);
        }
        QWidget window;
        ImageCanvas canvas(&window);
        JobRunner runner;
        EditorController ctl(&canvas, &runner, &window);
        QSignalSpy requested(&ctl, &EditorController::imageRequested);
        ctl.setDataset(dataset);
        QImage photo(40, 30, QImage::Format_RGB32);
        photo.fill(Qt::darkGray);
        canvas.setImage(photo);
        ctl.showImage(0, photo, {});
        ctl.editModeAction()->setChecked(true);
        QCOMPARE(canvas.tool(), static_cast<CanvasTool*>(ctl.editor()));
        QCOMPARE(ctl.document()->sourceVersion(), QStringLiteral("gt"));
        // Palette: background, the tag "cat" (label 1), void; digit 2 selects void.
        ctl.editor()->setLabel(255);
        ctl.editor()->setBrushRadius(2);
        click(*ctl.editor(), QPointF(3.5, 3.5));
        QVERIFY(ctl.document()->isModified());
        const cv::Mat edited = ctl.document()->labels().clone();

        ctl.showImage(1, photo, {});  // navigation saves first
        const auto human = root / "amr-edits" / "human" / "im0.png";
        QVERIFY(std::filesystem::exists(human));
        QVERIFY(same(amr::data::read_label_png(human), edited));
        QCOMPARE(cv::countNonZero(amr::data::read_label_png(root / "gt" / "im0.png") == 255), 0);
        QCOMPARE(ctl.storage()->state("im0").status, amr::project::ReviewStatus::Corrected);
        QCOMPARE(ctl.document()->sourceVersion(), QStringLiteral("gt"));

        // Back to im0: editing resumes from the human version.
        ctl.showImage(0, photo, {});
        QCOMPARE(ctl.document()->sourceVersion(), QStringLiteral("human"));
        ctl.setStatus(amr::project::ReviewStatus::Accepted);

        ctl.scoreDataset();
        QTRY_VERIFY_WITH_TIMEOUT(ctl.storage()->state("im3").score.has_value(), 20000);
        QVERIFY(*ctl.storage()->state("im2").score < *ctl.storage()->state("im1").score);
        ctl.nextInQueue();
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toInt(), 2);
        // The autosave timer (QSettings editor/autosaveSeconds, 1 s here) saves without any
        // navigation.
        QSettings().setValue(QStringLiteral("editor/autosaveSeconds"), 1);
        EditorController timed(&canvas, &runner, &window);
        timed.setDataset(dataset);
        timed.showImage(3, photo, {});
        timed.editModeAction()->setChecked(true);
        timed.editor()->setLabel(1);
        click(*timed.editor(), QPointF(35.5, 25.5));
        QVERIFY(timed.document()->isModified());
        const auto human3 = root / "amr-edits" / "human" / "im3.png";
        QVERIFY(!std::filesystem::exists(human3));
        QTRY_VERIFY_WITH_TIMEOUT(!timed.document()->isModified(), 15000);
        QVERIFY(same(amr::data::read_label_png(human3), timed.document()->labels()));

        // The state survives a new storage object (review.json).
        auto reread = amr::ui::makeFolderEditStorage(root);
        QCOMPARE(reread->state("im0").status, amr::project::ReviewStatus::Accepted);
        QVERIFY(reread->state("im2").score.has_value());
    }
};

QTEST_MAIN(TestMaskEditor)
#include "test_mask_editor.moc"
