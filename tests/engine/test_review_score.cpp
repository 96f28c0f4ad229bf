// The review queue's confidence score: each part on hand-made inputs, the ranking of a batch
// (a deliberately broken mask must come first), and the queue order by review status.

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/data/label_png.h"
#include "engine/review/confidence_score.h"
#include "engine/review/review_queue.h"

namespace fs = std::filesystem;
using namespace amr::review;
using amr::project::ImageState;
using amr::project::ReviewStatus;

namespace {

// A plausible mask: background with one blob of each tag.
cv::Mat good_mask(const std::vector<int>& tags, int seed) {
    cv::Mat m(48, 64, CV_8UC1, cv::Scalar(0));
    int x = 4 + seed % 5;
    for (int t : tags) {
        cv::rectangle(m, cv::Rect(x, 10 + seed % 7, 18, 20), cv::Scalar(t + 1), cv::FILLED);
        x += 24;
    }
    return m;
}

amr::cam::CamEntry cam_entry(int h, int w, float top, float second) {
    amr::cam::CamEntry e;
    e.height = h;
    e.width = w;
    e.keys = {0, 1};
    const cv::Size s((w + 3) / 4, (h + 3) / 4);
    e.spotlight.strided = {cv::Mat(s, CV_32FC1, cv::Scalar(top)),
                           cv::Mat(s, CV_32FC1, cv::Scalar(second))};
    e.compensation.strided = {e.spotlight.strided[0].clone(), e.spotlight.strided[1].clone()};
    return e;
}

}  // namespace

class TestReviewScore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void partsOfAGoodMask() {
        ScoreInputs in;
        in.tags = {0, 2};
        in.mask = good_mask(in.tags, 0);
        ScoreParts p = confidence_score(in);
        QCOMPARE(p.void_share, 0.0);
        QVERIFY(p.extra_classes.empty());
        QVERIFY(p.missing_tags.empty());
        QVERIFY(!p.cam_margin);
        QVERIFY(!p.deeplab_iou);
        QCOMPARE(p.score, 1.0);  // void and tags parts both perfect
        // DeepLab identical: IoU 1; shifted: lower.
        in.deeplab = in.mask.clone();
        QCOMPARE(*confidence_score(in).deeplab_iou, 1.0);
        cv::Mat shifted(in.mask.size(), CV_8UC1, cv::Scalar(0));
        in.mask(cv::Rect(0, 0, 54, 48)).copyTo(shifted(cv::Rect(10, 0, 54, 48)));
        in.deeplab = shifted;
        p = confidence_score(in);
        QVERIFY(*p.deeplab_iou < 0.8 && *p.deeplab_iou > 0.2);
        QVERIFY(p.score < 1.0);
    }

    void tagConsistencyAndVoid() {
        ScoreInputs in;
        in.tags = {0};
        in.mask = good_mask({0, 4}, 0);  // class 5 is no tag
        in.mask(cv::Rect(0, 0, 64, 12)).setTo(255);
        ScoreParts p = confidence_score(in);
        QCOMPARE(p.extra_classes, std::vector<int>{5});
        QVERIFY(p.missing_tags.empty());
        QCOMPARE(p.void_share, 12.0 / 48.0);
        in.tags = {0, 1};
        p = confidence_score(in);
        QCOMPARE(p.missing_tags, std::vector<int>{2});
        // Weighted mean: void part 1 - 0.25/0.25 = 0 (weight 1), tags 1/3 (weight 2).
        QVERIFY(std::abs(p.score - (2.0 / 3.0) / 3.0) < 1e-9);
        const auto j = nlohmann::json::parse(p.to_json());
        QCOMPARE(j["extra_classes"][0].get<int>(), 5);
        QCOMPARE(j["missing_tags"][0].get<int>(), 2);
        QVERIFY(!j.contains("cam_margin"));
    }

    void camMarginAndEntropy() {
        ScoreInputs in;
        in.tags = {0, 1};
        in.mask = good_mask(in.tags, 0);
        in.threshold = 0.1f;
        const auto sure = cam_entry(48, 64, 0.9f, 0.1f);
        const auto unsure = cam_entry(48, 64, 0.45f, 0.4f);
        in.cam = &sure;
        const ScoreParts a = confidence_score(in);
        in.cam = &unsure;
        const ScoreParts b = confidence_score(in);
        QVERIFY(std::abs(*a.cam_margin - 0.8) < 1e-6);
        QVERIFY(std::abs(*b.cam_margin - 0.05) < 1e-6);
        QVERIFY(*a.cam_entropy < *b.cam_entropy);
        QVERIFY(a.score > b.score);
    }

    void badInputIsRefused() {
        ScoreInputs in;
        QVERIFY_THROWS_EXCEPTION(amr::Error, confidence_score(in));
        in.mask = cv::Mat(4, 4, CV_8UC1, cv::Scalar(0));
        in.deeplab = cv::Mat(5, 4, CV_8UC1, cv::Scalar(0));
        QVERIFY_THROWS_EXCEPTION(amr::Error, confidence_score(in));
        ScoreDatasetOptions o;
        o.alpha = 2;
        QVERIFY_THROWS_EXCEPTION(amr::Error, o.check());
    }

    void rankingPutsTheBrokenMaskFirst() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        ScoreDatasetOptions o;
        for (int i = 0; i < 12; ++i) {
            ScoreItem item;
            item.id = "img" + std::to_string(i);
            item.tags = {i % 3, 3 + i % 4};
            cv::Mat m = good_mask(item.tags, i);
            // Ordinary imperfections: a thin void band here and there.
            if (i % 2)
                m.row(i).setTo(255);
            if (i == 7) {
                // The broken one: a class that is not among the tags and a lot of void.
                m(cv::Rect(0, 0, 64, 20)).setTo(255);
                m(cv::Rect(40, 30, 20, 15)).setTo(cv::Scalar(12));
            }
            item.mask = dir / (item.id + ".png");
            amr::data::write_label_png(item.mask, m);
            o.items.push_back(item);
        }
        // An unreadable file scores 0 with its error, the batch goes on.
        o.items.push_back({"corrupt", {0}, dir / "missing.png", {}});
        std::vector<std::size_t> reports;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) { reports.push_back(e.done); },
                            nullptr};
        const ScoreMap scores = score_dataset(o, ctx);
        QCOMPARE(scores.size(), std::size_t(13));
        QCOMPARE(reports.size(), std::size_t(13));
        QCOMPARE(scores.at("corrupt").first, 0.0);
        QVERIFY(nlohmann::json::parse(scores.at("corrupt").second).contains("error"));

        std::vector<std::string> ids;
        std::vector<ImageState> states;
        for (const auto& [id, s] : scores) {
            if (id == "corrupt")
                continue;
            ids.push_back(id);
            ImageState st;
            st.id = id;
            st.score = s.first;
            st.score_details = s.second;
            states.push_back(st);
        }
        const auto queue = review_queue(ids, states);
        QCOMPARE(queue.size(), ids.size());
        QCOMPARE(queue.front(), std::string("img7"));
        for (std::size_t i = 1; i < queue.size(); ++i)
            QVERIFY(scores.at(queue[i - 1]).first <= scores.at(queue[i]).first);
        // The broken mask is well below every other one.
        QVERIFY(scores.at("img7").first + 0.2 < scores.at(queue[1]).first);
    }

    void queueSkipsReviewedImages() {
        const std::vector<std::string> ids{"a", "b", "c", "d", "e"};
        auto state = [](std::string id, ReviewStatus st, std::optional<double> score) {
            ImageState s;
            s.id = std::move(id);
            s.status = st;
            s.score = score;
            return s;
        };
        const std::vector<ImageState> states{
            state("a", ReviewStatus::Accepted, 0.1), state("b", ReviewStatus::New, 0.6),
            state("c", ReviewStatus::NeedsWork, 0.3), state("d", ReviewStatus::Corrected, 0.0)};
        // "e" has no stored state: new and unscored, so last.
        QCOMPARE(review_queue(ids, states), (std::vector<std::string>{"c", "b", "e"}));
        QCOMPARE(*next_in_queue(ids, states, "c"), std::string("b"));
        QCOMPARE(*next_in_queue(ids, states, "a"), std::string("c"));
        QVERIFY(!next_in_queue({"a"}, states, "x"));
    }
};

QTEST_APPLESS_MAIN(TestReviewScore)
#include "test_review_score.moc"
