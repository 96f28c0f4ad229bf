// Degenerate stage output, measured by the engine: a CAM store whose entries are all zero, and
// label folders holding a single class, on a sample of the files.

#include "engine/cam/cam_store.h"
#include "engine/data/label_png.h"
#include "engine/pipeline/output_check.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr::pipeline;

namespace {

amr::cam::CamEntry entry(float value) {
    amr::cam::CamEntry e;
    e.height = 8;
    e.width = 8;
    e.keys = {0, 2};
    for (auto* b : {&e.spotlight, &e.compensation})
        for (int k = 0; k < 2; ++k)
            b->strided.push_back(cv::Mat(2, 2, CV_32FC1, cv::Scalar(k == 1 ? value : 0.f)));
    return e;
}

}  // namespace

class TestOutputCheck : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path out(const std::string& n) { return amr::test::to_path(dir_.path()) / n; }

private Q_SLOTS:
    void blankCamStore() {
        const amr::cam::CamStore store(out("cams"), "fp");
        for (int i = 0; i < 5; ++i)
            store.put("img" + std::to_string(i), entry(0.f));
        OutputCheck c = check_cam_store(out("cams"));
        QCOMPARE(c.problem, OutputProblem::BlankCams);
        QCOMPARE(c.sampled, std::size_t(5));
        QCOMPARE(c.bad, std::size_t(5));
        // One entry with signal: not blank. A sample of 3 of 6 spreads over the listing.
        store.put("img9", entry(0.7f));
        c = check_cam_store(out("cams"));
        QCOMPARE(c.problem, OutputProblem::None);
        QCOMPARE(c.bad, std::size_t(5));
        QCOMPARE(check_cam_store(out("cams"), 3).sampled, std::size_t(3));
        const auto j = nlohmann::json::parse(check_cam_store(out("nothing")).to_json());
        QCOMPARE(j["sampled"].get<int>(), 0);
        QCOMPARE(j["problem"].get<std::string>(), std::string());
        QCOMPARE(parse_output_problem(to_string(OutputProblem::BlankCams)),
                 OutputProblem::BlankCams);
    }

    void singleClassLabels() {
        fs::create_directories(out("seeds"));
        cv::Mat bg(6, 6, CV_8UC1, cv::Scalar(0));
        bg.row(0).setTo(255);  // void does not count as a class
        amr::data::write_label_png(out("seeds/a.png"), bg);
        amr::data::write_label_png(out("seeds/b.png"), bg);
        OutputCheck c = check_label_folder(out("seeds"));
        QCOMPARE(c.problem, OutputProblem::SingleClassLabels);
        QCOMPARE(c.classes, 1);
        QCOMPARE(c.bad, std::size_t(2));
        cv::Mat two = bg.clone();
        two.at<std::uint8_t>(3, 3) = 4;
        amr::data::write_label_png(out("seeds/c.png"), two);
        c = check_label_folder(out("seeds"));
        QCOMPARE(c.problem, OutputProblem::None);
        QCOMPARE(c.classes, 2);
        QCOMPARE(c.bad, std::size_t(2));
    }
};

QTEST_MAIN(TestOutputCheck)
#include "test_output_check.moc"
