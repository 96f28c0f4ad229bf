// Click-to-fix (issue 21): the guided random walk fills the clicked region up to a strong edge,
// a negative click removes a false region, pixels away from the clicks keep their labels, and
// eval-clicks counts the clicks a known case needs.

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/review/click_compare.h"
#include "engine/review/click_eval.h"
#include "engine/review/guided_prior.h"
#include "engine/review/guided_walk.h"
#include "support/test_support.h"

using namespace amr::review;
namespace fs = std::filesystem;

namespace {

// A 64×64 image at stride 4 (16×16 cells) split by a strong vertical edge in cell column 8
// (image columns 32..35).
cv::Mat split_boundary() {
    cv::Mat b(16, 16, CV_32FC1, cv::Scalar(0.0f));
    b.col(8).setTo(1.0f);
    return b;
}

int count_in(const cv::Mat& labels, cv::Rect r, int value) {
    return cv::countNonZero(labels(r) == value);
}

}  // namespace

class TestGuidedWalk : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void positiveClickFillsItsRegionAndStopsAtTheEdge() {
        const GuidedWalkSession s(split_boundary(), {64, 64}, {}, {});
        const cv::Mat start(64, 64, CV_8UC1, cv::Scalar(0));
        GuidedWalkStats stats;
        const cv::Mat out = s.run(start, {{{50, 20}, 2}}, &stats);
        QCOMPARE(stats.planes, 2);
        QVERIFY(stats.iterations > 0);
        // Right of the edge: all class 2. Left of it: untouched.
        QCOMPARE(count_in(out, cv::Rect(36, 0, 28, 64), 2), 28 * 64);
        QCOMPARE(count_in(out, cv::Rect(0, 0, 32, 64), 0), 32 * 64);
        QCOMPARE(cv::countNonZero(start), 0);  // run() keeps its input
    }

    void negativeClickRemovesAFalseRegion() {
        const GuidedWalkSession s(split_boundary(), {64, 64}, {}, {});
        cv::Mat labels(64, 64, CV_8UC1, cv::Scalar(1));  // right half falsely class 1
        const cv::Rect changed = s.apply(labels, {{{50, 40}, 0}});
        QCOMPARE(count_in(labels, cv::Rect(36, 0, 28, 64), 0), 28 * 64);
        QCOMPARE(count_in(labels, cv::Rect(0, 0, 32, 64), 1), 32 * 64);
        QVERIFY(changed.x >= 32 && changed.x <= 36);
        QCOMPARE(changed.x + changed.width, 64);
    }

    void colourEdgeStopsTheWalkWhereTheBoundaryMapIsSilent() {
        // The boundary map misses the edge between a red left half and a blue right half; the
        // mask calls both class 1. A negative click on the blue half: from the boundary map
        // alone the seed floods everything (the mask's weak prior cannot hold the red half);
        // with the cells' colours in the affinities it stops at the colour edge.
        cv::Mat img(64, 64, CV_8UC3, cv::Scalar(60, 60, 200));
        img(cv::Rect(32, 0, 32, 64)).setTo(cv::Scalar(200, 60, 60));
        const cv::Mat silent(16, 16, CV_32FC1, cv::Scalar(0.0f));
        const cv::Mat start(64, 64, CV_8UC1, cv::Scalar(1));
        GuidedWalkOptions o;
        o.edge.band = 0;  // the stride-4 walk alone, no full-resolution finish
        o.colour_beta = 0;
        GuidedWalkSession plain(silent, {64, 64}, {}, {}, o);
        plain.set_image(img);
        const cv::Mat flooded = plain.run(start, {{{50, 40}, 0}});
        QVERIFY(count_in(flooded, cv::Rect(0, 0, 28, 64), 0) > 28 * 64 * 9 / 10);
        o.colour_beta = 2;
        GuidedWalkSession coloured(silent, {64, 64}, {}, {}, o);
        coloured.set_image(img);
        const cv::Mat out = coloured.run(start, {{{50, 40}, 0}});
        QCOMPARE(count_in(out, cv::Rect(36, 0, 28, 64), 0), 28 * 64);
        QCOMPARE(count_in(out, cv::Rect(0, 0, 28, 64), 1), 28 * 64);
        // Without the image there are no colours: the boundary map alone, as before.
        GuidedWalkSession blind(silent, {64, 64}, {}, {}, o);
        QVERIFY(count_in(blind.run(start, {{{50, 40}, 0}}), cv::Rect(0, 0, 28, 64), 0) >
                28 * 64 * 9 / 10);
    }

    void changesStayNearTheClick() {
        // Three regions: edges in cell columns 5 and 10. Only the clicked one changes, even
        // though the walk's coarse stride could round other regions' corners.
        cv::Mat b(16, 16, CV_32FC1, cv::Scalar(0.0f));
        b.col(5).setTo(1.0f);
        b.col(10).setTo(1.0f);
        const GuidedWalkSession s(b, {64, 64}, {}, {});
        cv::Mat labels(64, 64, CV_8UC1, cv::Scalar(0));
        labels(cv::Rect(0, 0, 20, 64)).setTo(3);
        labels(cv::Rect(1, 1, 2, 2)).setTo(255);  // a void speck stays void
        const cv::Mat before = labels.clone();
        s.apply(labels, {{{56, 30}, 4}});
        QCOMPARE(count_in(labels, cv::Rect(44, 0, 20, 64), 4), 20 * 64);
        QCOMPARE(cv::countNonZero(labels(cv::Rect(0, 0, 40, 64)) != before(cv::Rect(0, 0, 40, 64))),
                 0);
    }

    void camPriorDecidesWhereTheAffinitiesAreSilent() {
        // No boundary at all: the click alone would flood everything; a CAM that says "class 1
        // only on the right" keeps the left as background.
        const cv::Mat b(16, 16, CV_32FC1, cv::Scalar(0.0f));
        cv::Mat cam(16, 16, CV_32FC1, cv::Scalar(0.0f));
        cam(cv::Rect(8, 0, 8, 16)).setTo(1.0f);
        GuidedWalkOptions o;
        o.cam_weight = 1.0;
        o.restart = 0.05;
        o.cam_pull = 0;  // the same pull everywhere: the prior's shares alone decide
        const cv::Mat blank(64, 64, CV_8UC1, cv::Scalar(0));
        const cv::Mat out =
            GuidedWalkSession(b, {64, 64}, {cam}, {0}, o).run(blank, {{{56, 32}, 1}});
        QCOMPARE(count_in(out, cv::Rect(0, 0, 24, 64), 0), 24 * 64);
        QVERIFY(count_in(out, cv::Rect(40, 0, 24, 64), 1) > 24 * 64 * 9 / 10);
        // At the default pull the prior holds harder where the CAM is sure (background, c = 1,
        // against c = 1/3 for class 1 at 1.0 over a background score of 0.5), so class 1 keeps
        // off the whole left half and still holds most of the click's side.
        o.cam_pull = GuidedWalkOptions{}.cam_pull;
        const cv::Mat pulled =
            GuidedWalkSession(b, {64, 64}, {cam}, {0}, o).run(blank, {{{56, 32}, 1}});
        QCOMPARE(count_in(pulled, cv::Rect(0, 0, 32, 64), 0), 32 * 64);
        QVERIFY(count_in(pulled, cv::Rect(40, 0, 24, 64), 1) > 24 * 64 * 3 / 4);
    }

    void clicksRecalibrateTheCamPrior() {
        // The start missed an object (cell columns 5..15) that a weak edge (column 10) splits;
        // a strong edge (column 4) parts it from the background. Its CAM (0.4) is below the
        // background score (0.5) everywhere, which is why the pseudo label missed it. A click
        // in the right part: the walk alone stops at the weak edge (the mask says background
        // behind it); with the CAM prior the click shows that this CAM is too weak, rescales
        // it, and the left part follows. The background's CAM (0.05) stays below.
        cv::Mat b(16, 16, CV_32FC1, cv::Scalar(0.0f));
        b.col(4).setTo(1.0f);
        b.col(10).setTo(0.5f);
        cv::Mat cam(16, 16, CV_32FC1, cv::Scalar(0.05f));
        cam(cv::Rect(5, 0, 11, 16)).setTo(0.4f);
        const cv::Mat start(64, 64, CV_8UC1, cv::Scalar(0));
        const std::vector<Click> click = {{{56, 32}, 1}};
        GuidedWalkOptions plain;
        plain.cam_weight = 0;
        const cv::Mat walk = GuidedWalkSession(b, {64, 64}, {}, {}, plain).run(start, click);
        GuidedWalkOptions adapt;
        adapt.cam_adapt = true;
        const cv::Mat guided = GuidedWalkSession(b, {64, 64}, {cam}, {0}, adapt).run(start, click);
        // (Away from the cells that the ×4 upsampling blends with the edges.)
        const cv::Rect right(48, 0, 16, 64), left(24, 0, 12, 64), background(0, 0, 16, 64);
        QCOMPARE(count_in(walk, right, 1), 16 * 64);
        QCOMPARE(count_in(walk, left, 1), 0);
        QCOMPARE(count_in(guided, right, 1), 16 * 64);
        QCOMPARE(count_in(guided, left, 1), 12 * 64);
        QCOMPARE(count_in(guided, background, 0), 16 * 64);
        // Without the recalibration the CAM stays under the background score: as the walk.
        const cv::Mat unscaled = GuidedWalkSession(b, {64, 64}, {cam}, {0}).run(start, click);
        QCOMPARE(count_in(unscaled, left, 1), 0);
        // The scale puts the click 10 % past the background score.
        const auto scales = click_cam_scales({cam}, {0}, click, 4, adapt);
        QCOMPARE(int(scales.size()), 1);
        QVERIFY(std::abs(scales[0] - 0.5f * 1.1f / 0.4f) < 1e-5f);
        // A click that says "not class 1" where its CAM is high scales it down.
        cv::Mat hot(16, 16, CV_32FC1, cv::Scalar(0.9f));
        const auto down = click_cam_scales({hot}, {0}, {{{8, 8}, 0}}, 4, adapt);
        QVERIFY(std::abs(down[0] - 0.5f * 0.9f / 0.9f) < 1e-5f);
    }

    void camPriorKeepsTheWalkFromLeaking() {
        // The object (cell columns 9..15, CAM 0.9) is in the mask except its left part (cells
        // 9..11); a weak edge (column 8) is all that parts it from the background (left, CAM
        // 0). A click in the missed part: the walk alone leaks over the weak edge, and so does
        // the walk with a CAM prior that pulls only at γ (cam_pull 0). The CAM is sure that the
        // left is background; at the default pull its prior holds there and keeps the leak out.
        cv::Mat b(16, 16, CV_32FC1, cv::Scalar(0.0f));
        b.col(8).setTo(0.15f);
        cv::Mat cam(16, 16, CV_32FC1, cv::Scalar(0.0f));
        cam(cv::Rect(9, 0, 7, 16)).setTo(0.9f);
        cv::Mat start(64, 64, CV_8UC1, cv::Scalar(0));
        start(cv::Rect(48, 0, 16, 64)).setTo(1);
        const std::vector<Click> click = {{{42, 32}, 1}};
        GuidedWalkOptions plain;
        plain.cam_weight = 0;
        const cv::Mat walk = GuidedWalkSession(b, {64, 64}, {}, {}, plain).run(start, click);
        GuidedWalkOptions unpulled;
        unpulled.cam_pull = 0;
        const cv::Mat mixed =
            GuidedWalkSession(b, {64, 64}, {cam}, {0}, unpulled).run(start, click);
        QCOMPARE(GuidedWalkOptions{}.cam_pull, 10.0);
        const cv::Mat guided = GuidedWalkSession(b, {64, 64}, {cam}, {0}).run(start, click);
        const cv::Rect left(0, 0, 28, 64), missed(38, 0, 10, 64);
        QVERIFY(count_in(walk, left, 1) > 28 * 64 / 2);
        QVERIFY(count_in(mixed, left, 1) > 28 * 64 / 2);
        QCOMPARE(count_in(guided, left, 1), 0);
        QCOMPARE(count_in(guided, missed, 1), 10 * 64);
        QCOMPARE(count_in(walk, missed, 1), 10 * 64);
    }

    void fullResolutionFinishFollowsTheImageEdge() {
        // The photo's edge lies between columns 30 and 31, left of the boundary map's cell
        // column 8 (image columns 32..35), where the stride-4 walk stops. With the image the
        // result follows the photo's edge (up to the one pixel that its light blur mixes).
        cv::Mat img(64, 64, CV_8UC3, cv::Scalar(40, 60, 40));
        img(cv::Rect(31, 0, 33, 64)).setTo(cv::Scalar(200, 180, 190));
        GuidedWalkSession s(split_boundary(), {64, 64}, {}, {});
        const cv::Mat start(64, 64, CV_8UC1, cv::Scalar(0));
        const cv::Mat coarse = s.run(start, {{{50, 20}, 2}});
        QCOMPARE(count_in(coarse, cv::Rect(32, 0, 4, 64), 2), 0);  // stride 4: stops at 36
        s.set_image(img);
        const cv::Mat fine = s.run(start, {{{50, 20}, 2}});
        QCOMPARE(count_in(fine, cv::Rect(32, 0, 32, 64), 2), 32 * 64);
        QCOMPARE(count_in(fine, cv::Rect(0, 0, 31, 64), 0), 31 * 64);
    }

    void clickOnAnObjectTakesBackItsSpillOver() {
        // The mask's class 1 spills from the right region over the edge into columns 20..35.
        // A click on the object re-decides it whole: the spill left of the edge goes back to
        // the background around it. Without whole_objects only additions are made.
        cv::Mat start(64, 64, CV_8UC1, cv::Scalar(0));
        start(cv::Rect(20, 0, 44, 64)).setTo(1);
        const GuidedWalkSession s(split_boundary(), {64, 64}, {}, {});
        const cv::Mat out = s.run(start, {{{50, 20}, 1}});
        // Up to the stride: the boundary cells (32..35) and the pixels the upsampling blends
        // with them keep their label.
        QCOMPARE(count_in(out, cv::Rect(0, 0, 28, 64), 0), 28 * 64);
        QCOMPARE(count_in(out, cv::Rect(36, 0, 28, 64), 1), 28 * 64);
        GuidedWalkOptions o;
        o.whole_objects = false;
        const GuidedWalkSession additions(split_boundary(), {64, 64}, {}, {}, o);
        QCOMPARE(cv::countNonZero(additions.run(start, {{{50, 20}, 1}}) != start), 0);
    }

    void refusesInconsistentInput() {
        QVERIFY(amr::test::error_of([] {
                    GuidedWalkSession(cv::Mat(10, 16, CV_32FC1, cv::Scalar(0)), {64, 64}, {}, {});
                }).contains("does not fit"));
        const GuidedWalkSession s(split_boundary(), {64, 64}, {}, {});
        cv::Mat wrong(32, 32, CV_8UC1, cv::Scalar(0));
        QVERIFY(amr::test::error_of([&] { s.apply(wrong, {{{1, 1}, 1}}); }).contains("size"));
        GuidedWalkOptions o;
        o.restart = 0;
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("restart"));
    }

    void simulatedUserClicksTheInteriorOfTheLargestError() {
        cv::Mat gt(40, 40, CV_8UC1, cv::Scalar(0));
        gt(cv::Rect(10, 10, 20, 10)).setTo(1);  // 200 px of class 1
        cv::Mat pred(40, 40, CV_8UC1, cv::Scalar(0));
        pred(cv::Rect(0, 30, 6, 6)).setTo(1);  // a 36 px false region
        cv::Point p;
        bool positive = false;
        QVERIFY(next_click(pred, gt, 1, p, positive));
        QVERIFY(positive);
        // On the ridge of the distance transform: 5 px from the nearest edge.
        QVERIFY(p.x >= 14 && p.x <= 25);
        QVERIFY(p.y >= 14 && p.y <= 15);
        gt(cv::Rect(10, 10, 20, 10)).copyTo(pred(cv::Rect(10, 10, 20, 10)));
        QVERIFY(next_click(pred, gt, 1, p, positive));
        QVERIFY(!positive);
        // The border counts as edge: the interior of the corner square, not its corner.
        QVERIFY(p.x >= 2 && p.x <= 3 && p.y >= 32 && p.y <= 33);
        pred(cv::Rect(0, 30, 6, 6)).setTo(0);
        QVERIFY(!next_click(pred, gt, 1, p, positive));
        QCOMPARE(class_iou(pred, gt, 1), 1.0);
        QCOMPARE(clicks_to_reach({0.2, 0.5, 0.86, 0.95}, 0.85, 20), 2);
        QCOMPARE(clicks_to_reach({0.2, 0.5}, 0.85, 20), 20);
    }

    void evalClicksCountsTheKnownAnswer() {
        // Two squares on a grey canvas; the start mask has the first, misses the second.
        // Every method needs exactly one click for the second and none for the first.
        QTemporaryDir tmp;
        const fs::path root = amr::test::to_path(tmp.path());
        amr::test::write_text(root / "data/classes.txt", "cat\ndog\n");
        amr::test::write_text(root / "data/tags.csv", "image,tags,split\na.png,cat;dog,train\n");
        cv::Mat img(64, 64, CV_8UC3, cv::Scalar(90, 90, 90));
        cv::Mat gt(64, 64, CV_8UC1, cv::Scalar(0));
        img(cv::Rect(8, 8, 20, 20)).setTo(cv::Scalar(30, 200, 30));
        gt(cv::Rect(8, 8, 20, 20)).setTo(1);
        img(cv::Rect(36, 36, 20, 20)).setTo(cv::Scalar(200, 40, 40));
        gt(cv::Rect(36, 36, 20, 20)).setTo(2);
        for (const char* d : {"data/images", "data/masks", "start", "boundary"})
            fs::create_directories(root / d);
        cv::imwrite((root / "data/images/a.png").string(), img);
        amr::data::write_label_png(root / "data/masks/a.png", gt);
        cv::Mat start = gt.clone();
        start.setTo(0, gt == 2);
        amr::data::write_label_png(root / "start/a.png", start);
        // Boundary: the ring of cells just outside each square.
        cv::Mat b8(16, 16, CV_8UC1, cv::Scalar(0));
        cv::rectangle(b8, cv::Rect(1, 1, 7, 7), cv::Scalar(255));
        cv::rectangle(b8, cv::Rect(8, 8, 7, 7), cv::Scalar(255));
        cv::imwrite((root / "boundary/a.png").string(), b8);
        amr::cam::CamEntry e;
        e.height = 64;
        e.width = 64;
        e.keys = {0, 1};
        for (int k = 0; k < 2; ++k) {
            cv::Mat c(16, 16, CV_32FC1, cv::Scalar(0.1f));
            c(k == 0 ? cv::Rect(2, 2, 5, 5) : cv::Rect(9, 9, 5, 5)).setTo(0.9f);
            e.spotlight.strided.push_back(c);
            e.compensation.strided.push_back(c.clone());
        }
        amr::cam::CamStore(root / "cams", "test").put("a", e);

        ClickEvalOptions o;
        o.dataset = root / "data";
        o.start_masks = root / "start";
        o.boundary_dir = root / "boundary";
        o.cam_store = root / "cams";
        o.max_clicks = 5;
        const ClickEvalResult r = eval_clicks(o);
        QCOMPARE(r.images, std::size_t(1));
        QCOMPARE(int(r.methods.size()), 3);
        for (const MethodClicks& m : r.methods) {
            QCOMPARE(int(m.objects.size()), 2);
            QCOMPARE(clicks_to_reach(m.objects[0].iou, 0.90, 5), 0);  // cat: already right
            QCOMPARE(clicks_to_reach(m.objects[1].iou, 0.90, 5), 1);  // dog: one click
            QCOMPARE(mean_noc(m, 0.85, 5), 0.5);
            QCOMPARE(mean_noc(m, 0.90, 5, 2), 1.0);
        }
        const std::string csv = to_csv(r);
        QVERIFY(csv.rfind("method,click,mean_iou,objects\n", 0) == 0);
        QVERIFY(csv.find("guided,0,") != std::string::npos);
        QVERIFY(format_table(r).find("NoC@85") != std::string::npos);
        // Every method needs the same clicks on every object: no paired difference.
        const PairedClicks p = compare_methods(r.methods[0], r.methods[1], 0.90, 5);
        QCOMPARE(int(p.equal), 2);
        QCOMPARE(p.mean_difference, 0.0);
        QCOMPARE(p.sign_test_p, 1.0);
        QVERIFY(format_comparison(r).find("vs walk   NoC@90: +0.00") != std::string::npos);
        QVERIFY(to_json(r).find("\"paired\"") != std::string::npos);
        const std::string rows = to_objects_csv(r);
        QVERIFY(rows.rfind("method,image,class,noc85,noc90,iou_0,", 0) == 0);
        QVERIFY(rows.find("\nguided,a,dog,1,1,") != std::string::npos);
        QVERIFY(rows.find("\nflood,a,cat,0,0,1.0000,") != std::string::npos);
    }

    void pairedComparisonCountsObjectByObject() {
        // Sign test: two-sided binomial tail at p = 1/2.
        QCOMPARE(sign_test(0, 0), 1.0);
        QCOMPARE(sign_test(3, 3), 1.0);
        QVERIFY(qFuzzyCompare(sign_test(0, 5), 2.0 / 32));
        QVERIFY(qFuzzyCompare(sign_test(9, 1), 2.0 * 11 / 1024));  // (C(10,0) + C(10,1)) / 2^10
        // NoC@85 of A: 0, 1, 2 clicks; of B: 1, 1, 4 → differences −1, 0, −2.
        const auto object = [](const char* id, int label, std::vector<double> iou) {
            ObjectClicks o;
            o.id = id;
            o.label = label;
            o.iou = std::move(iou);
            return o;
        };
        MethodClicks a{
            "guided",
            {object("x", 1, {0.9, 0.9, 0.9, 0.9, 0.9}), object("x", 2, {0.1, 0.86, 0.9, 0.9, 0.9}),
             object("y,1", 1, {0.1, 0.5, 0.88, 0.9, 0.9})}};
        MethodClicks b{"walk",
                       {object("y,1", 1, {0.1, 0.2, 0.3, 0.5, 0.85}),
                        object("x", 1, {0.2, 0.87, 0.9, 0.9, 0.9}),
                        object("x", 2, {0.1, 0.85, 0.9, 0.9, 0.9})}};
        const PairedClicks p = compare_methods(a, b, 0.85, 4);
        QCOMPARE(int(p.objects), 3);
        QCOMPARE(int(p.fewer), 2);
        QCOMPARE(int(p.equal), 1);
        QCOMPARE(int(p.more), 0);
        QCOMPARE(p.mean_difference, -1.0);
        QVERIFY(qAbs(p.ci95 - 1.96 / std::sqrt(3.0)) < 1e-9);  // sd 1 over 3 objects
        QVERIFY(qFuzzyCompare(p.sign_test_p, 0.5));
        // Methods that ran other objects cannot be paired.
        b.objects.pop_back();
        QVERIFY_THROWS_EXCEPTION(amr::Error, compare_methods(a, b, 0.85, 4));
        // An id with a comma is quoted in the per-object CSV.
        ClickEvalResult r;
        r.class_names = {"cat", "dog"};
        r.max_clicks = 4;
        r.methods = {a};
        QVERIFY(to_objects_csv(r).find("\nguided,\"y,1\",cat,2,3,") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestGuidedWalk)
#include "test_guided_walk.moc"
