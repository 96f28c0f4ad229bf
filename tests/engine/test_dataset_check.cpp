// The dataset checker, load_sample's errors, and the `amr info` / `amr check-data` commands.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>

#include "engine/core/error.h"
#include "engine/core/job.h"
#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/data/verify.h"
#include "support/test_support.h"

using namespace amr::data;
using amr::test::run_cli;
using amr::test::to_path;
using amr::test::write_test_image;
using amr::test::write_text;
namespace fs = std::filesystem;

namespace {

using amr::test::error_of;

void write_mask(const fs::path& file, int w, int h, int value) {
    fs::create_directories(file.parent_path());
    write_label_png(file, cv::Mat(h, w, CV_8UC1, cv::Scalar(value)));
}

// Cuts the last `bytes` bytes off a file.
void cut_tail(const fs::path& file, std::size_t bytes) {
    fs::resize_file(file, fs::file_size(file) - bytes);
}

// A clean folder dataset: 4 images of 6x4, masks for a and b; classes cat, dog.
fs::path make_clean(const fs::path& root) {
    write_text(root / "classes.txt", "cat\ndog\n");
    write_text(
        root / "tags.csv",
        "image,tags,split\na.jpg,cat,train\nb.png,dog;cat,train\nc.jpg,dog,val\nd.jpg,,val\n");
    write_test_image(root / "images/a.jpg", 6, 4);
    write_test_image(root / "images/b.png", 6, 4);
    write_test_image(root / "images/c.jpg", 6, 4);
    write_test_image(root / "images/d.jpg", 6, 4);
    write_mask(root / "masks/a.png", 6, 4, 1);
    write_mask(root / "masks/b.png", 6, 4, 255);
    return root;
}

QString problems_text(const CheckReport& r) {
    QString s;
    for (const auto& p : r.problems)
        s += QString::fromStdString(p.file.string() + ": " + p.problem + "\n");
    return s;
}

}  // namespace

class TestDatasetCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanDatasetHasNoProblems() {
        QTemporaryDir tmp;
        Dataset ds = open_dataset(make_clean(to_path(tmp.path())));
        std::vector<amr::ProgressEvent> events;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) { events.push_back(e); }, nullptr};
        for (bool decode : {false, true}) {
            CheckOptions opt;
            opt.decode = decode;
            CheckReport r = check_dataset(ds, opt, ctx);
            QVERIFY2(r.ok(), qPrintable(problems_text(r)));
            QCOMPARE(r.images, std::size_t(4));
            QCOMPARE(r.masks, std::size_t(2));
        }
        QVERIFY(!events.empty());
        QCOMPARE(events.back().done, std::size_t(4));
        QCOMPARE(events.back().total, std::size_t(4));
    }

    void findsEveryProblem() {
        QTemporaryDir tmp;
        fs::path root = make_clean(to_path(tmp.path()));
        write_text(root / "images/a.jpg", "this is not a JPEG");  // corrupt image
        write_mask(root / "masks/b.png", 5, 4, 1);                // size mismatch
        write_mask(root / "masks/c.png", 6, 4, 7);                // label 7 with 2 classes
        write_text(root / "masks/d.png", "garbage");              // unreadable mask
        Dataset ds = open_dataset(root);
        CheckOptions opt;
        opt.threads = 2;
        CheckReport r = check_dataset(ds, opt, {});
        QString text = problems_text(r);
        QCOMPARE(r.problems.size(), std::size_t(4));
        QCOMPARE(r.masks, std::size_t(4));
        // In dataset order, each naming its file.
        QCOMPARE(r.problems[0].file, root / "images/a.jpg");
        QCOMPARE(r.problems[0].id, std::string("a"));
        QVERIFY2(QString::fromStdString(r.problems[0].problem).contains("corrupt"),
                 qPrintable(text));
        QCOMPARE(r.problems[1].file, root / "masks/b.png");
        QVERIFY2(QString::fromStdString(r.problems[1].problem).contains("mask is 5x4") &&
                     QString::fromStdString(r.problems[1].problem).contains("image is 6x4"),
                 qPrintable(text));
        QCOMPARE(r.problems[2].file, root / "masks/c.png");
        QVERIFY2(QString::fromStdString(r.problems[2].problem).contains("label value 7"),
                 qPrintable(text));
        QCOMPARE(r.problems[3].file, root / "masks/d.png");
    }

    void decodeFindsDamageBehindAGoodHeader() {
        QTemporaryDir tmp;
        fs::path root = make_clean(to_path(tmp.path()));
        cut_tail(root / "images/b.png", 16);  // IEND and the IDAT checksum: the header survives
        Dataset ds = open_dataset(root);
        QVERIFY(check_dataset(ds, CheckOptions{}, {}).ok());
        CheckOptions opt;
        opt.decode = true;
        CheckReport r = check_dataset(ds, opt, {});
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems[0].file, root / "images/b.png");
    }

    void honoursCancel() {
        QTemporaryDir tmp;
        Dataset ds = open_dataset(make_clean(to_path(tmp.path())));
        amr::CancelToken cancel;
        cancel.cancel();
        amr::JobContext ctx{{}, &cancel};
        bool cancelled = false;
        try {
            check_dataset(ds, CheckOptions{}, ctx);
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);

        // Cancelled while running: the first progress report pulls the plug.
        cancel.reset();
        amr::JobContext mid{[&](const amr::ProgressEvent&) { cancel.cancel(); }, &cancel};
        cancelled = false;
        try {
            check_dataset(ds, CheckOptions{}, mid);
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);

        CheckOptions bad;
        bad.threads = -1;
        QVERIFY(error_of([&] { bad.check(); }).contains("threads"));
    }

    void loadSampleNamesTheBadFile() {
        QTemporaryDir tmp;
        fs::path root = make_clean(to_path(tmp.path()));
        write_text(root / "images/c.jpg", "not an image");
        write_mask(root / "masks/b.png", 6, 5, 0);
        Dataset ds = open_dataset(root);
        Sample ok = load_sample(ds, 0);
        QCOMPARE(ok.image.cols, 6);
        QCOMPARE(int(ok.mask.at<std::uint8_t>(0, 0)), 1);
        QString msg = error_of([&] { load_sample(ds, 2); });
        QVERIFY2(msg.contains("images/c.jpg") && msg.contains("cannot decode"), qPrintable(msg));
        msg = error_of([&] { load_sample(ds, 1); });
        QVERIFY2(msg.contains("masks/b.png") && msg.contains("mask is 6x5"), qPrintable(msg));
        QVERIFY(load_sample(ds, 1, false).mask.empty());
    }

    void cliInfo() {
        QTemporaryDir tmp;
        fs::path root = make_clean(to_path(tmp.path()));
        auto r = run_cli({"info", tmp.path(), "--json"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QJsonParseError perr;
        QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8(), &perr).object();
        QVERIFY2(perr.error == QJsonParseError::NoError, qPrintable(r.out));
        QCOMPARE(j["format"].toString(), QString("folder"));
        QCOMPARE(j["root"].toString(), QString::fromStdString(root.string()));
        QCOMPARE(j["images"].toInt(), 4);
        QCOMPARE(j["images_with_mask"].toInt(), 2);
        QCOMPARE(j["images_without_tags"].toInt(), 1);
        QCOMPARE(j["classes"].toArray(), (QJsonArray{"cat", "dog"}));
        QCOMPARE(j["splits"].toObject()["train"].toInt(), 2);
        QCOMPARE(j["splits"].toObject()["val"].toInt(), 2);
        QCOMPARE(j["tag_counts"].toObject()["cat"].toInt(), 2);
        QCOMPARE(j["tag_counts"].toObject()["dog"].toInt(), 2);
        QCOMPARE(j["warnings"].toArray().size(), 1);

        r = run_cli({"info", tmp.path()});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("plain folder") && r.out.contains("Images            4") &&
                     r.out.contains("Warnings"),
                 qPrintable(r.out));

        r = run_cli({"info", tmp.path() + "/nothing_here"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("nothing_here") && r.err.contains("no such folder"),
                 qPrintable(r.err));
    }

    void cliCheckData() {
        QTemporaryDir tmp;
        fs::path root = make_clean(to_path(tmp.path()));
        auto r = run_cli({"check-data", tmp.path()});
        QVERIFY2(r.exit_code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("checked 4 images and 2 masks: no problems found"),
                 qPrintable(r.out));

        write_mask(root / "masks/a.png", 3, 3, 0);
        write_text(root / "images/d.jpg", "");
        r = run_cli({"check-data", "--decode", tmp.path()});
        QCOMPARE(r.exit_code, 1);
        QString a_mask = QString::fromStdString((root / "masks/a.png").string());
        QString d_image = QString::fromStdString((root / "images/d.jpg").string());
        QVERIFY2(r.out.contains(a_mask + ": mask is 3x3"), qPrintable(r.out));
        QVERIFY2(r.out.contains(d_image + ": "), qPrintable(r.out));
        QVERIFY2(r.out.contains("2 problems in 2 files"), qPrintable(r.out));
        QVERIFY2(r.err.contains("has problems"), qPrintable(r.err));
    }

    // Issue 18: a VOC dataset whose folders and lists are empty passed `amr check-data` with a
    // warning. Each empty list is now a problem, named, and the command fails.
    void emptyVocDatasetIsAnError() {
        QTemporaryDir tmp;
        const fs::path voc = to_path(tmp.path()) / "VOCdevkit/VOC2012";
        fs::create_directories(voc / "JPEGImages");
        fs::create_directories(voc / "Annotations");
        fs::create_directories(voc / "SegmentationClass");
        write_text(voc / "ImageSets/Segmentation/train.txt", "");
        write_text(voc / "ImageSets/Segmentation/val.txt", "\n");
        const QString train =
            QString::fromStdString((voc / "ImageSets/Segmentation/train.txt").string());
        const QString val =
            QString::fromStdString((voc / "ImageSets/Segmentation/val.txt").string());

        CheckReport r = check_dataset(open_dataset(to_path(tmp.path())), CheckOptions{});
        QCOMPARE(r.images, std::size_t(0));
        QCOMPARE(r.problems.size(), std::size_t(2));
        QString text = problems_text(r);
        QVERIFY2(text.contains(train + ": the list names no images") && text.contains(val + ": "),
                 qPrintable(text));

        auto cli = run_cli({"check-data", tmp.path()});
        QCOMPARE(cli.exit_code, 1);
        QVERIFY2(cli.out.contains(train + ": the list names no images"), qPrintable(cli.out));
        QVERIFY2(cli.out.contains("2 problems in 2 files"), qPrintable(cli.out));

        // No lists and no images: the empty JPEGImages/ is named.
        fs::remove_all(voc / "ImageSets");
        r = check_dataset(open_dataset(to_path(tmp.path())), CheckOptions{});
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems[0].file, voc / "JPEGImages");
        QVERIFY(r.problems[0].problem.find("holds no images") != std::string::npos);

        // One empty list beside a full one (an export's empty val.txt) is only a warning.
        write_test_image(voc / "JPEGImages/2007_000001.jpg", 6, 4);
        write_text(voc / "ImageSets/Segmentation/train.txt", "2007_000001\n");
        write_text(voc / "ImageSets/Segmentation/val.txt", "");
        Dataset ds = open_dataset(to_path(tmp.path()));
        r = check_dataset(ds, CheckOptions{});
        QVERIFY2(r.ok(), qPrintable(problems_text(r)));
        QCOMPARE(ds.warnings().front(), val.toStdString() + " names no images");

        // A plain folder whose tags.csv lists nothing.
        QTemporaryDir plain;
        write_text(to_path(plain.path()) / "tags.csv", "image,tags\n");
        r = check_dataset(open_dataset(to_path(plain.path())), CheckOptions{});
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems[0].file, to_path(plain.path()) / "tags.csv");
    }
};

QTEST_GUILESS_MAIN(TestDatasetCheck)
#include "test_dataset_check.moc"
