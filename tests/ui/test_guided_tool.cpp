// The editor's Guided tool (issue 21): a held click previews without touching the mask, the
// release makes one undo step, undo restores the exact previous mask and forgets the click's
// seeds, a right click paints background; the IoU-per-click plot reads eval-clicks' CSV.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "support/qcustomplot_no_keywords.h"

#include "engine/review/click_eval.h"
#include "engine/review/guided_walk.h"
#include "support/test_support.h"
#include "ui/canvas/image_canvas.h"
#include "ui/editor/click_curve_dialog.h"
#include "ui/editor/guided_tool.h"
#include "ui/editor/mask_document.h"

using namespace amr::ui;
using amr::review::GuidedWalkSession;

namespace {

// 64×64, strong vertical edges in cell columns 5 and 10 (image columns 20..23 and 40..43).
std::shared_ptr<const GuidedWalkSession> threeRegions() {
    cv::Mat b(16, 16, CV_32FC1, cv::Scalar(0.0f));
    b.col(5).setTo(1.0f);
    b.col(10).setTo(1.0f);
    return std::make_shared<const GuidedWalkSession>(b, cv::Size(64, 64), std::vector<cv::Mat>{},
                                                     std::vector<int>{});
}

// The starting mask of the click tests: class 1 in the left region, background elsewhere.
cv::Mat leftRegionMask() {
    cv::Mat start(64, 64, CV_8UC1, cv::Scalar(0));
    start(cv::Rect(0, 0, 20, 64)).setTo(1);
    return start;
}

int differing(const cv::Mat& a, const cv::Mat& b) {
    return cv::countNonZero(a != b);
}

}  // namespace

class TestGuidedTool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clickPreviewsThenCommitsOneUndoStep() {
        MaskDocument doc;
        const cv::Mat start = leftRegionMask();
        doc.reset(start, QStringLiteral("refined"));
        GuidedTool tool(&doc);
        tool.setSession(threeRegions());
        tool.setLabel(2);
        QSignalSpy preview(&tool, &GuidedTool::previewReady);

        tool.toolPress(QPointF(55.5, 30.5), Qt::LeftButton, {});
        QTRY_COMPARE(preview.count(), 1);
        const cv::Mat shown = preview.at(0).at(0).value<cv::Mat>();
        QCOMPARE(cv::countNonZero(shown(cv::Rect(44, 0, 20, 64)) == 2), 20 * 64);
        QCOMPARE(differing(doc.labels(), start), 0);  // held: only a preview
        QCOMPARE(doc.undoStack()->count(), 0);
        tool.toolRelease(QPointF(55.5, 30.5), Qt::LeftButton);
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(differing(doc.labels(), shown), 0);
        const cv::Mat afterFirst = doc.labels().clone();

        // A right click in the class-1 region makes it background: a second step.
        tool.toolPress(QPointF(10.5, 30.5), Qt::RightButton, {});
        QTRY_COMPARE(preview.count(), 2);
        tool.toolRelease(QPointF(10.5, 30.5), Qt::RightButton);
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(cv::countNonZero(doc.labels()(cv::Rect(0, 0, 20, 64)) == 0), 20 * 64);
        QCOMPARE(int(tool.clicks().size()), 2);
        QVERIFY(tool.provenanceJson().find("\"guided\"") != std::string::npos);

        // Undo restores the exact previous masks and drops the undone click's seed.
        doc.undoStack()->undo();
        QCOMPARE(differing(doc.labels(), afterFirst), 0);
        QCOMPARE(int(tool.clicks().size()), 1);
        doc.undoStack()->undo();
        QCOMPARE(differing(doc.labels(), start), 0);
        QVERIFY(tool.clicks().empty());
        QVERIFY(tool.provenanceJson().empty());
    }

    void canvasPassesTheRightButtonToTheTool() {
        // In the application the clicks come through the canvas: a right click there must
        // reach the tool as "background" (it once only passed the left button on).
        MaskDocument doc;
        const cv::Mat start = leftRegionMask();
        doc.reset(start, QStringLiteral("refined"));
        GuidedTool tool(&doc);
        tool.setSession(threeRegions());
        ImageCanvas canvas;
        canvas.resize(200, 200);
        QImage photo(64, 64, QImage::Format_RGB32);
        photo.fill(Qt::gray);
        canvas.setImage(photo);
        ViewTransform view;
        view.scale = 2;
        canvas.setView(view);
        canvas.setTool(&tool);
        QSignalSpy preview(&tool, &GuidedTool::previewReady);
        const QPoint at = view.toWidget(QPointF(10.5, 30.5)).toPoint();
        QTest::mousePress(&canvas, Qt::RightButton, {}, at);
        QTRY_COMPARE(preview.count(), 1);
        QTest::mouseRelease(&canvas, Qt::RightButton, {}, at);
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(cv::countNonZero(doc.labels()(cv::Rect(0, 0, 20, 64)) == 0), 20 * 64);
        QCOMPARE(int(tool.clicks().size()), 1);
        QCOMPARE(int(tool.clicks().front().label), 0);
    }

    void scribbleAddsSeedsOfTheSameClass() {
        MaskDocument doc;
        doc.reset(cv::Mat(64, 64, CV_8UC1, cv::Scalar(0)), QStringLiteral("refined"));
        GuidedTool tool(&doc);
        tool.setSession(threeRegions());
        tool.setLabel(3);
        tool.toolPress(QPointF(5.5, 5.5), Qt::LeftButton, {});
        tool.toolMove(QPointF(5.5, 30.5), Qt::LeftButton);
        tool.toolMove(QPointF(5.5, 60.5), Qt::LeftButton);
        tool.toolRelease(QPointF(5.5, 60.5), Qt::LeftButton);
        QTRY_COMPARE(doc.undoStack()->count(), 1);
        QTRY_VERIFY(!tool.isBusy());
        QCOMPARE(int(tool.clicks().size()), 3);
        QCOMPARE(cv::countNonZero(doc.labels()(cv::Rect(0, 0, 20, 64)) == 3), 20 * 64);
        QCOMPARE(cv::countNonZero(doc.labels()(cv::Rect(24, 0, 40, 64))), 0);
    }

    void plotsTheCurvesOfTheCsv() {
        QTemporaryDir tmp;
        const auto file = amr::test::to_path(tmp.path()) / "curve.csv";
        amr::test::write_text(file,
                              "method,click,mean_iou,objects\nguided,0,0.5,4\nguided,1,0.8,4\n"
                              "guided,2,0.9,4\nflood,0,0.5,4\nflood,1,0.6,4\nflood,2,0.7,4\n");
        const auto curves = amr::review::read_click_curve_csv(file);
        QCOMPARE(int(curves.size()), 2);
        QCOMPARE(curves[0].mean_iou[2], 0.9);
        QCOMPARE(int(curves[1].objects), 4);
        ClickCurveDialog dialog;
        dialog.setCurves(curves, QStringLiteral("curve.csv"));
        QCustomPlot* plot = dialog.plot();
        QCOMPARE(plot->graphCount(), 2);
        QCOMPARE(plot->graph(0)->data()->size(), 3);
        // The tool's curve (the file's first) is drawn last, on top of a baseline it may hide,
        // with its own marker; the legend keeps the file's order.
        QCPGraph* top = plot->graph(plot->graphCount() - 1);
        QVERIFY(top->name().startsWith(QStringLiteral("guided")));
        QCOMPARE(top->data()->at(2)->value, 0.9);
        QVERIFY(top->scatterStyle().shape() != plot->graph(0)->scatterStyle().shape());
        QCOMPARE(plot->graph(0)->pen().style(), Qt::DashLine);
        auto* first = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(0));
        QVERIFY(first && first->plottable() == top);
        amr::test::write_text(file, "id,score\n");
        QVERIFY(amr::test::error_of([&] {
                    amr::review::read_click_curve_csv(file);
                }).contains("method,click,mean_iou"));
    }
};

QTEST_MAIN(TestGuidedTool)
#include "test_guided_tool.moc"
