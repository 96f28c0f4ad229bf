// `amr project` and `amr export-voc --project`: a project made by the CLI opens in the engine
// and the other way round, review statuses set on either side are seen on the other, and the
// export takes masks and the review filter from the project.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include <opencv2/core.hpp>

#include "engine/data/label_png.h"
#include "engine/project/project.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr;
using namespace amr::project;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

QJsonObject json_of(const test::CliResult& r) {
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

void write_mask(const fs::path& file, int value) {
    fs::create_directories(file.parent_path());
    data::write_label_png(file, cv::Mat(64, 64, CV_8UC1, cv::Scalar(value)));
}

// A demo dataset of 8 images of 64x64 (ids demo_000001..8), made once for all tests.
struct Demo {
    QTemporaryDir tmp;
    fs::path root = test::to_path(tmp.path());
    fs::path data = root / "demo";
    fs::path voc = data / "VOCdevkit" / "VOC2012";
    Demo() {
        const auto r =
            test::run_cli({"demo-data", "--train", "6", "--val", "2", "--size", "64", q(data)});
        if (r.exit_code != 0)
            qFatal("demo-data failed: %s", qPrintable(r.err));
    }
};

}  // namespace

class TestProjectCli : public QObject {
    Q_OBJECT
    std::unique_ptr<Demo> demo_;

private Q_SLOTS:
    void initTestCase() { demo_ = std::make_unique<Demo>(); }

    void cliCreateEngineOpen() {
        const fs::path dir = demo_->root / "cli-made";
        auto r = test::run_cli(
            {"project", "create", q(dir), "--dataset", q(demo_->data), "--name", "From CLI"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("created project 'From CLI'"));
        r = test::run_cli({"project", "status", q(dir), "demo_000003", "needs-work"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QString("demo_000003: new -> needs-work"));

        Project p = Project::open(dir);
        QCOMPARE(QString::fromStdString(p.name()), QString("From CLI"));
        QCOMPARE(p.dataset(), demo_->voc);  // the VOC root the reader found
        QCOMPARE(p.image_state("demo_000003").status, ReviewStatus::NeedsWork);
        QCOMPARE(p.image_states().size(), std::size_t{1});

        // Refusals: an unknown id, an unknown status, a second create, a non-dataset.
        r = test::run_cli({"project", "status", q(dir), "nope", "accepted"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("has no image 'nope'"));
        r = test::run_cli({"project", "status", q(dir), "demo_000001", "done"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("unknown review status 'done'"));
        r = test::run_cli({"project", "create", q(dir), "--dataset", q(demo_->data)});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("already"));
        QCOMPARE(p.image_states().size(), std::size_t{1});
    }

    void engineCreateCliInfo() {
        const fs::path dir = demo_->root / "engine-made";
        {
            Project p = Project::create(dir, demo_->voc, "From engine");
            p.set_status("demo_000001", ReviewStatus::Accepted);
            p.set_status("demo_000002", ReviewStatus::Corrected);
            p.set_status("demo_000004", ReviewStatus::Corrected);
            write_mask(p.mask_dir("cam") / "demo_000001.png", 1);
            write_mask(p.mask_dir("cam") / "demo_000002.png", 1);
            p.sync_mask_version("cam", R"({"stage":"cam"})");
            const auto id = p.begin_run("train-amr", R"({"preset":"quick"})");
            p.finish_run(id, RunStatus::Finished, R"({"loss":0.25})");
        }
        auto r = test::run_cli({"project", "info", q(dir), "--json"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const auto j = json_of(r);
        QCOMPARE(j["name"].toString(), QString("From engine"));
        QCOMPARE(j["dataset"].toString(), q(demo_->voc));
        QCOMPARE(j["dataset_images"].toInt(), 8);
        const auto status = j["status"].toObject();
        QCOMPARE(status["new"].toInt(), 5);  // untouched images count as new
        QCOMPARE(status["accepted"].toInt(), 1);
        QCOMPARE(status["corrected"].toInt(), 2);
        QCOMPARE(status["needs-work"].toInt(), 0);
        QCOMPARE(j["masks"].toObject()["cam"].toInt(), 2);
        QCOMPARE(j["runs"].toInt(), 1);

        r = test::run_cli({"project", "info", q(dir)});
        QVERIFY(r.out.contains("From engine"));
        QVERIFY(r.out.contains("corrected          2"));

        r = test::run_cli({"project", "runs", q(dir), "--json"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const auto runs = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0]["stage"].toString(), QString("train-amr"));
        QCOMPARE(runs[0]["status"].toString(), QString("finished"));
        QCOMPARE(runs[0]["summary"]["loss"].toDouble(), 0.25);
        QCOMPARE(runs[0]["options"]["preset"].toString(), QString("quick"));
        r = test::run_cli({"project", "runs", q(dir)});
        QVERIFY(r.out.contains("train-amr"));

        r = test::run_cli({"project", "info", q(demo_->data)});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("not an AMR Studio project"));
    }

    void exportOnlyReviewed() {
        const fs::path dir = demo_->root / "export-proj";
        auto r = test::run_cli({"project", "create", q(dir), "--dataset", q(demo_->voc)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        for (int i = 1; i <= 8; ++i)
            write_mask(dir / "masks" / "cam" / ("demo_00000" + std::to_string(i) + ".png"), 1);
        write_mask(dir / "masks" / "human" / "demo_000001.png", 2);
        r = test::run_cli(
            {"project", "sync-masks", q(dir), "cam", "--provenance", R"({"alpha":0.5})"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith("8 masks recorded"));
        r = test::run_cli({"project", "sync-masks", q(dir), "human"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QCOMPARE(Project::open(dir).mask("demo_000002", "cam")->provenance,
                 std::string(R"({"alpha":0.5,"stage":"cam"})"));
        for (auto [id, st] : {std::pair{"demo_000001", "accepted"},
                              {"demo_000002", "corrected"},
                              {"demo_000003", "needs-work"}}) {
            r = test::run_cli({"project", "status", q(dir), id, st});
            QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        }

        const fs::path out = demo_->root / "export";
        r = test::run_cli({"export-voc", "--project", q(dir), "--out", q(out), "--only-status",
                           "accepted,corrected"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("exported 2 images"), qPrintable(r.out));
        const fs::path seg = out / "VOCdevkit" / "VOC2012" / "SegmentationClass";
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(seg))
            files.push_back(e.path().filename().string());
        std::sort(files.begin(), files.end());
        QCOMPARE(files, (std::vector<std::string>{"demo_000001.png", "demo_000002.png"}));
        // Priority human > cam: the accepted image has its human mask, the other the CAM one.
        QCOMPARE(int(data::read_label_png(seg / "demo_000001.png").at<uchar>(10, 10)), 2);
        QCOMPARE(int(data::read_label_png(seg / "demo_000002.png").at<uchar>(10, 10)), 1);

        // "new" includes images the project never touched.
        const fs::path out2 = demo_->root / "export-new";
        r = test::run_cli(
            {"export-voc", "--project", q(dir), "--out", q(out2), "--only-status", "new"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("exported 5 images"), qPrintable(r.out));

        r = test::run_cli({"export-voc", "--dataset", q(demo_->voc), "--out", q(out2),
                           "--only-status", "accepted"});
        QCOMPARE(r.exit_code, 2);  // needs --project
        r = test::run_cli({"export-voc", "--project", q(dir), "--out", q(out2 / "x"),
                           "--only-status", "reviewed"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY(r.err.contains("unknown review status 'reviewed'"));
    }
};

QTEST_GUILESS_MAIN(TestProjectCli)
#include "test_project_cli.moc"
