// Raster edits of label images: brush and eraser footprints, flood fill borders, polygon fill,
// the VOC void band's width, superpixel painting.

#include <QtTest>
#include <cmath>
#include <random>

#include <opencv2/imgproc.hpp>

#include "engine/review/mask_ops.h"

using namespace amr::review;

namespace {

// Reference disc, written independently of the engine: centres within radius + 0.5.
cv::Mat disc(cv::Size size, cv::Point c, int r) {
    cv::Mat m(size, CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            if ((x - c.x) * (x - c.x) + (y - c.y) * (y - c.y) <= r * r + r)
                m.at<uchar>(y, x) = 255;
    return m;
}

int differing(const cv::Mat& a, const cv::Mat& b) {
    return cv::countNonZero(a != b);
}

}  // namespace

class TestMaskOps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dabChangesExactlyTheDisc() {
        cv::Mat labels(60, 50, CV_8UC1, cv::Scalar(0));
        const cv::Rect r = paint_stroke(labels, {20, 25}, {20, 25}, 5, 3);
        const cv::Mat expected = disc(labels.size(), {20, 25}, 5);
        QCOMPARE(differing(labels == 3, expected), 0);
        // 5² + 5 = 30: the lattice points with x² + y² <= 30 number 97.
        QCOMPARE(cv::countNonZero(labels), 97);
        QCOMPARE(r, cv::Rect(15, 20, 11, 11));
        QCOMPARE(differing(brush_footprint(labels.size(), {20, 25}, 5), expected), 0);
        // Radius 0 is one pixel.
        cv::Mat one(5, 5, CV_8UC1, cv::Scalar(0));
        paint_stroke(one, {2, 2}, {2, 2}, 0, 7);
        QCOMPARE(cv::countNonZero(one), 1);
        QCOMPARE(int(one.at<uchar>(2, 2)), 7);
    }

    void strokeIsTheUnionOfDiscsAlongALine() {
        cv::Mat labels(40, 60, CV_8UC1, cv::Scalar(1));
        paint_stroke(labels, {10, 20}, {40, 20}, 3, 255);
        cv::Mat expected(labels.size(), CV_8UC1, cv::Scalar(0));
        for (int x = 10; x <= 40; ++x)
            expected |= disc(labels.size(), {x, 20}, 3);
        QCOMPARE(differing(labels == 255, expected), 0);
        QCOMPARE(cv::countNonZero(labels == 1) + cv::countNonZero(expected), 40 * 60);
    }

    void strokeIsClippedAtTheBorder() {
        cv::Mat labels(10, 10, CV_8UC1, cv::Scalar(0));
        const cv::Rect r = paint_stroke(labels, {0, 0}, {0, 0}, 4, 2);
        QCOMPARE(r, cv::Rect(0, 0, 5, 5));
        QCOMPARE(differing(labels == 2, disc(labels.size(), {0, 0}, 4)), 0);
    }

    void eraserRestoresTheSource() {
        cv::Mat source(30, 30, CV_8UC1);
        for (int y = 0; y < 30; ++y)
            for (int x = 0; x < 30; ++x)
                source.at<uchar>(y, x) = uchar((x + y) % 5);
        cv::Mat labels(30, 30, CV_8UC1, cv::Scalar(9));
        restore_stroke(labels, source, {15, 15}, {15, 15}, 4);
        const cv::Mat under = disc(labels.size(), {15, 15}, 4);
        QCOMPARE(differing(labels == source, under), 0);
    }

    void floodFillStaysInsideTheRegion() {
        // A ring of class 2 splits background into inside and outside.
        cv::Mat labels(30, 30, CV_8UC1, cv::Scalar(0));
        cv::rectangle(labels, cv::Rect(5, 5, 20, 20), cv::Scalar(2), 1);
        const cv::Mat before = labels.clone();
        const cv::Rect r = flood_fill(labels, {15, 15}, 4);
        QCOMPARE(r, cv::Rect(6, 6, 18, 18));
        QCOMPARE(cv::countNonZero(labels == 4), 18 * 18);
        QCOMPARE(cv::countNonZero(labels == 2), cv::countNonZero(before == 2));
        QCOMPARE(int(labels.at<uchar>(0, 0)), 0);
        // 4-connected: a diagonal touch is no passage.
        cv::Mat diag = (cv::Mat_<uchar>(3, 3) << 0, 1, 1, 1, 0, 1, 1, 1, 0);
        flood_fill(diag, {0, 0}, 5);
        QCOMPARE(cv::countNonZero(diag == 5), 1);
        // Filling with the region's own label changes nothing.
        QVERIFY(flood_fill(labels, {0, 0}, 0).empty());
        QVERIFY(flood_fill(labels, {-1, 3}, 1).empty());
    }

    void polygonFillCoversTheInsideAndEdges() {
        cv::Mat labels(20, 20, CV_8UC1, cv::Scalar(0));
        const cv::Rect r = fill_polygon(labels, {{5, 5}, {14, 5}, {14, 9}, {5, 9}}, 6);
        QCOMPARE(cv::countNonZero(labels == 6), 10 * 5);
        QCOMPARE(cv::countNonZero(labels(cv::Rect(5, 5, 10, 5)) == 6), 50);
        QCOMPARE(r, cv::Rect(5, 5, 10, 5));
        // A triangle: its vertices are painted, a point outside is not.
        cv::Mat tri(20, 20, CV_8UC1, cv::Scalar(0));
        fill_polygon(tri, {{2, 2}, {17, 2}, {2, 17}}, 1);
        QCOMPARE(int(tri.at<uchar>(2, 17)), 1);
        QCOMPARE(int(tri.at<uchar>(17, 2)), 1);
        QCOMPARE(int(tri.at<uchar>(15, 15)), 0);
        QVERIFY(fill_polygon(tri, {{1, 1}, {3, 3}}, 1).empty());
    }

    void voidBandAlongAStraightEdge() {
        // Left half background, right half class 1; edge between x = 19 and x = 20.
        cv::Mat labels(10, 40, CV_8UC1, cv::Scalar(0));
        labels.colRange(20, 40).setTo(1);
        const cv::Rect r = add_void_band(labels, 4);
        for (int x = 0; x < 40; ++x) {
            const bool band = x >= 18 && x <= 21;
            QCOMPARE(cv::countNonZero(labels.col(x) == 255), band ? 10 : 0);
        }
        QCOMPARE(r, cv::Rect(18, 0, 4, 10));
        // Void is no edge: a second pass changes nothing.
        QVERIFY(add_void_band(labels, 4).empty());
    }

    void voidBandHasTheRequestedWidthAroundABlob() {
        cv::Mat labels(40, 40, CV_8UC1, cv::Scalar(0));
        cv::circle(labels, {18, 22}, 9, cv::Scalar(3), cv::FILLED);
        cv::rectangle(labels, cv::Rect(27, 5, 8, 8), cv::Scalar(7), cv::FILLED);
        const cv::Mat before = labels.clone();
        const double width = 5;
        add_void_band(labels, width);
        // Brute force: a pixel is void iff a pixel of another label lies within width / 2.
        int voided = 0;
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 40; ++x) {
                double nearest = 1e9;
                for (int v = 0; v < 40; ++v)
                    for (int u = 0; u < 40; ++u)
                        if (before.at<uchar>(v, u) != before.at<uchar>(y, x))
                            nearest = std::min(nearest, std::hypot(u - x, v - y));
                const bool expectVoid = nearest <= width / 2;
                QCOMPARE(labels.at<uchar>(y, x) == 255, expectVoid);
                if (!expectVoid)
                    QCOMPARE(labels.at<uchar>(y, x), before.at<uchar>(y, x));
                voided += expectVoid;
            }
        QVERIFY(voided > 100);
    }

    void superpixelFillPaintsOneWholeSegment() {
        // Four flat quadrants with a little noise: superpixels must not cross the colour edges.
        cv::Mat bgr(64, 64, CV_8UC3);
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> noise(-6, 6);
        const cv::Vec3b colours[4] = {{200, 30, 30}, {30, 200, 30}, {30, 30, 200}, {220, 220, 40}};
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                cv::Vec3b c = colours[(y >= 32) * 2 + (x >= 32)];
                for (int k = 0; k < 3; ++k)
                    c[k] = cv::saturate_cast<uchar>(c[k] + noise(rng));
                bgr.at<cv::Vec3b>(y, x) = c;
            }
        const cv::Mat segments = superpixels(bgr, 12);
        QCOMPARE(segments.type(), CV_32SC1);
        QCOMPARE(segments.size(), bgr.size());
        double maxId = 0;
        cv::minMaxLoc(segments, nullptr, &maxId);
        QVERIFY2(maxId >= 8, "expected a dozen or more superpixels");

        cv::Mat labels(64, 64, CV_8UC1, cv::Scalar(0));
        const int id = segments.at<int>(10, 10);
        const cv::Rect r = paint_segment(labels, segments, id, 9);
        const cv::Mat inSegment = segments == id;
        QCOMPARE(differing(labels == 9, inSegment), 0);
        QCOMPARE(r, cv::boundingRect(inSegment));
        // The segment under (10, 10) stays in the top-left quadrant.
        QCOMPARE(cv::countNonZero(labels(cv::Rect(0, 0, 32, 32)) == 9),
                 cv::countNonZero(labels == 9));
        QVERIFY(paint_segment(labels, segments, -5, 9).empty());
    }
};

QTEST_APPLESS_MAIN(TestMaskOps)
#include "test_mask_ops.moc"
