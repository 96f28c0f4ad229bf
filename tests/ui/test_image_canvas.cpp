// The canvas: fit and zoom maths, wheel zoom around the cursor, panning, and the colours of the
// mask overlay as actually painted.

#include <QMouseEvent>
#include <QStandardPaths>
#include <QWheelEvent>
#include <QtTest>

#include <opencv2/core.hpp>

#include "engine/core/error.h"
#include "engine/data/colorize.h"
#include "ui/canvas/image_canvas.h"
#include "ui/canvas/qimage_convert.h"
#include "ui/canvas/view_transform.h"

using amr::ui::ImageCanvas;
using amr::ui::ViewTransform;

namespace {

bool near(QPointF a, QPointF b, double eps = 1e-6) {
    return std::abs(a.x() - b.x()) < eps && std::abs(a.y() - b.y()) < eps;
}

// |a - b| <= tol for each channel.
bool sameColour(QRgb a, QColor b, int tol = 2) {
    return std::abs(qRed(a) - b.red()) <= tol && std::abs(qGreen(a) - b.green()) <= tol &&
           std::abs(qBlue(a) - b.blue()) <= tol;
}

QString rgbText(QRgb c) {
    return QStringLiteral("(%1,%2,%3)").arg(qRed(c)).arg(qGreen(c)).arg(qBlue(c));
}

void sendWheel(QWidget* w, QPointF pos, int delta) {
    QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton,
                  Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButtons buttons,
               Qt::MouseButton button) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

}  // namespace

class TestImageCanvas : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void fitCentresAndScales() {
        // 200x100 image in a 416x216 viewport with 8 px margins: both limits give scale 2.
        ViewTransform t = ViewTransform::fit(QSizeF(200, 100), QSizeF(416, 216), 8);
        QCOMPARE(t.scale, 2.0);
        QVERIFY(near(t.offset, QPointF(8, 8)));
        // Width-limited: 1000x500 into 516x516 -> 0.5, centred vertically.
        t = ViewTransform::fit(QSizeF(1000, 500), QSizeF(516, 516), 8);
        QCOMPARE(t.scale, 0.5);
        QVERIFY(near(t.offset, QPointF(8, 133)));
        QVERIFY(near(t.toWidget(QPointF(1000, 500)), QPointF(508, 383)));
        QVERIFY(near(t.toImage(QPointF(258, 258)), QPointF(500, 250)));
    }

    void zoomKeepsAnchorFixed() {
        const ViewTransform t{0.5, QPointF(8, 133)};
        const QPointF anchor(100, 200);
        const QPointF before = t.toImage(anchor);
        const ViewTransform z = t.zoomedAt(anchor, 3.0);
        QCOMPARE(z.scale, 1.5);
        QVERIFY(near(z.toImage(anchor), before));
        // Clamped at the limits, still around the anchor.
        const ViewTransform big = t.zoomedAt(anchor, 1e6);
        QCOMPARE(big.scale, ViewTransform::kMaxScale);
        QVERIFY(near(big.toImage(anchor), before));
    }

    void canvasFitsNewImagesAndZooms() {
        ImageCanvas canvas;
        canvas.resize(416, 216);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QImage image(200, 100, QImage::Format_RGB32);
        image.fill(Qt::gray);
        canvas.setImage(image);
        QCOMPARE(canvas.zoom(), 2.0);
        QVERIFY(canvas.isFitMode());
        QCOMPARE(canvas.imagePixelAt(QPointF(8, 8)), QPoint(0, 0));
        QCOMPARE(canvas.imagePixelAt(QPointF(407.5, 207.5)), QPoint(199, 99));
        QCOMPARE(canvas.imagePixelAt(QPointF(4, 4)), QPoint(-1, -1));

        canvas.zoomToActualSize();
        QCOMPARE(canvas.zoom(), 1.0);
        QVERIFY(!canvas.isFitMode());
        canvas.zoomIn();
        QCOMPARE(canvas.zoom(), 1.25);
        canvas.zoomOut();
        QCOMPARE(canvas.zoom(), 1.0);
        canvas.fitToWindow();
        QCOMPARE(canvas.zoom(), 2.0);
        // A fitted view follows the window size.
        canvas.resize(216, 116);
        QTRY_COMPARE(canvas.zoom(), 1.0);
    }

    void wheelZoomsAroundTheCursor() {
        ImageCanvas canvas;
        canvas.resize(416, 216);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QImage image(200, 100, QImage::Format_RGB32);
        image.fill(Qt::gray);
        canvas.setImage(image);
        const QPointF cursor(137, 61);
        const QPointF under = canvas.view().toImage(cursor);
        sendWheel(&canvas, cursor, 120);
        QCOMPARE(canvas.zoom(), 2.0 * ImageCanvas::kZoomStep);
        QVERIFY(near(canvas.view().toImage(cursor), under));
        sendWheel(&canvas, cursor, -240);
        QVERIFY(std::abs(canvas.zoom() - 2.0 / ImageCanvas::kZoomStep) < 1e-9);
        QVERIFY(near(canvas.view().toImage(cursor), under));
    }

    void dragPans() {
        ImageCanvas canvas;
        canvas.resize(416, 216);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QImage image(200, 100, QImage::Format_RGB32);
        image.fill(Qt::gray);
        canvas.setImage(image);
        const QPointF offset = canvas.view().offset;
        sendMouse(&canvas, QEvent::MouseButtonPress, {50, 50}, Qt::LeftButton, Qt::LeftButton);
        sendMouse(&canvas, QEvent::MouseMove, {60, 55}, Qt::LeftButton, Qt::NoButton);
        sendMouse(&canvas, QEvent::MouseMove, {80, 40}, Qt::LeftButton, Qt::NoButton);
        sendMouse(&canvas, QEvent::MouseButtonRelease, {80, 40}, Qt::NoButton, Qt::LeftButton);
        QVERIFY(near(canvas.view().offset, offset + QPointF(30, -10)));
        QCOMPARE(canvas.zoom(), 2.0);
    }

    void colorizeUsesVocColoursAndTransparentBackground() {
        cv::Mat labels(1, 3, CV_8UC1);
        labels.at<uchar>(0, 0) = 0;
        labels.at<uchar>(0, 1) = 15;
        labels.at<uchar>(0, 2) = 255;
        const cv::Mat bgra = amr::data::colorize_labels(labels);
        QCOMPARE(bgra.type(), CV_8UC4);
        QCOMPARE(bgra.at<cv::Vec4b>(0, 0), cv::Vec4b(0, 0, 0, 0));
        QCOMPARE(bgra.at<cv::Vec4b>(0, 1), cv::Vec4b(128, 128, 192, 255));  // person
        QCOMPARE(bgra.at<cv::Vec4b>(0, 2), cv::Vec4b(192, 224, 224, 255));  // void, cream
        const QImage overlay = amr::ui::overlayFromLabels(labels);
        QCOMPARE(overlay.pixel(1, 0), qRgba(192, 128, 128, 255));
        QCOMPARE(qAlpha(overlay.pixel(0, 0)), 0);
        QVERIFY_THROWS_EXCEPTION(amr::Error, amr::data::colorize_labels(cv::Mat(2, 2, CV_8UC3)));
    }

    void overlayIsPaintedAtTheChosenOpacity() {
        // 60x20 grey image: background | class 1 (128,0,0) | void (224,224,192), 20 px each.
        cv::Mat bgr(20, 60, CV_8UC3, cv::Scalar(100, 100, 100));
        cv::Mat labels(20, 60, CV_8UC1, cv::Scalar(0));
        labels(cv::Rect(20, 0, 20, 20)).setTo(1);
        labels(cv::Rect(40, 0, 20, 20)).setTo(255);
        ImageCanvas canvas;
        canvas.resize(300, 200);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        canvas.setImage(amr::ui::imageFromBgr(bgr), amr::ui::overlayFromLabels(labels));
        canvas.zoomToActualSize();
        QCOMPARE(canvas.zoom(), 1.0);
        const auto at = [&](double x, double y) {
            return canvas.view().toWidget(QPointF(x, y)).toPoint();
        };

        canvas.setOverlayOpacity(0.5);
        QImage shot = canvas.grab().toImage();
        const QPoint bg = at(10.5, 10.5), cls = at(30.5, 10.5), voidPx = at(50.5, 10.5);
        QVERIFY2(sameColour(shot.pixel(bg), QColor(100, 100, 100)),
                 qPrintable(rgbText(shot.pixel(bg))));
        QVERIFY2(sameColour(shot.pixel(cls), QColor(114, 50, 50)),
                 qPrintable(rgbText(shot.pixel(cls))));
        QVERIFY2(sameColour(shot.pixel(voidPx), QColor(162, 162, 146)),
                 qPrintable(rgbText(shot.pixel(voidPx))));

        canvas.setOverlayOpacity(1.0);
        shot = canvas.grab().toImage();
        QVERIFY(sameColour(shot.pixel(cls), QColor(128, 0, 0), 0));
        QVERIFY(sameColour(shot.pixel(voidPx), QColor(224, 224, 192), 0));
        QVERIFY(sameColour(shot.pixel(bg), QColor(100, 100, 100), 0));

        canvas.setOverlayVisible(false);
        shot = canvas.grab().toImage();
        QVERIFY(sameColour(shot.pixel(cls), QColor(100, 100, 100), 0));
        QVERIFY(sameColour(shot.pixel(voidPx), QColor(100, 100, 100), 0));
    }
};

QTEST_MAIN(TestImageCanvas)
#include "test_image_canvas.moc"
