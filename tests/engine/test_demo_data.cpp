// The demo dataset generator, its VOC XML and the Fashion-MNIST reader.

#include <zlib.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/demo_data.h"
#include "engine/data/fashion_mnist.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/data/voc_xml.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::data::DemoDataOptions;

namespace {

using amr::test::error_of;

const fs::path kFashionMnist = AMR_FASHION_MNIST_DIR;

std::vector<std::string> read_lines(const fs::path& file) {
    std::istringstream in(amr::read_file(file));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

DemoDataOptions small(const fs::path& out, std::uint64_t seed = 3) {
    DemoDataOptions o;
    o.output = out;
    o.seed = seed;
    o.train_images = 4;
    o.val_images = 2;
    o.canvas_size = 96;
    return o;
}

struct Demo {
    fs::path voc;
    std::vector<std::string> ids;  // trainval order
};

Demo open_demo(const fs::path& root) {
    Demo d{root / "VOCdevkit" / "VOC2012", {}};
    d.ids = read_lines(d.voc / "ImageSets" / "Segmentation" / "trainval.txt");
    return d;
}

std::set<int> classes_in(const cv::Mat& mask) {
    std::set<int> present;
    for (auto it = mask.begin<std::uint8_t>(); it != mask.end<std::uint8_t>(); ++it)
        if (*it != 0 && *it != 255)
            present.insert(*it);
    return present;
}

int label_of(const std::string& name) {
    const auto& names = amr::data::demo_class_names();
    auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : int(it - names.begin()) + 1;
}

std::vector<std::string> partial_folders(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".partial-") != std::string::npos)
            names.push_back(e.path().filename().string());
    return names;
}

void write_gz(const fs::path& file, const std::string& bytes) {
    gzFile f = gzopen(file.c_str(), "wb");
    QVERIFY(f);
    QCOMPARE(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
    gzclose(f);
}

std::string be32(std::uint32_t v) {
    return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}

}  // namespace

class TestDemoData : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        if (!fs::exists(kFashionMnist / "train-labels-idx1-ubyte.gz"))
            QSKIP("Debian's dataset-fashion-mnist is not installed");
        QVERIFY(dir_.isValid());
        root_ = amr::test::to_path(dir_.path());
        // One demo shared by the read-only checks below.
        std::vector<amr::ProgressEvent> events;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) { events.push_back(e); }, nullptr};
        auto result = amr::data::make_demo_data(small(root_ / "a"), ctx);
        QCOMPARE(result.root, root_ / "a");
        QCOMPARE(result.images, 6);
        QVERIFY(!events.empty());
        QCOMPARE(events.back().done, std::size_t(6));
        QCOMPARE(events.back().total, std::size_t(6));
        QCOMPARE(events.back().message, std::string("demo_000006"));
        demo_ = open_demo(root_ / "a");
    }

    void fashionMnistReader() {
        auto labels = amr::data::read_idx_labels(
            amr::data::fashion_mnist_labels_file(kFashionMnist, amr::data::FashionMnistSet::Train));
        QCOMPARE(labels.size(), std::size_t(60000));
        QCOMPARE(std::vector<std::uint8_t>(labels.begin(), labels.begin() + 5),
                 (std::vector<std::uint8_t>{9, 0, 0, 3, 0}));
        auto test = amr::data::read_fashion_mnist(kFashionMnist, amr::data::FashionMnistSet::Test);
        QCOMPARE(test.size(), std::size_t(10000));
        QCOMPARE(test.rows, 28);
        QCOMPARE(test.cols, 28);
        QCOMPARE(test.pixels.size(), std::size_t(10000 * 28 * 28));
        std::vector<int> per_class(10, 0);
        for (auto l : test.labels)
            ++per_class[l];
        QCOMPARE(per_class, std::vector<int>(10, 1000));
        cv::Mat first = test.image(0);
        QCOMPARE(first.size(), cv::Size(28, 28));
        double lo = 0, hi = 0;
        cv::minMaxLoc(first, &lo, &hi);
        QCOMPARE(lo, 0.0);  // black surround, bright garment
        QVERIFY(hi > 200);
        auto prefix =
            amr::data::read_fashion_mnist(kFashionMnist, amr::data::FashionMnistSet::Train, 100);
        QCOMPARE(prefix.size(), std::size_t(100));
        QCOMPARE(int(prefix.labels[3]), 3);
    }

    void fashionMnistErrors() {
        QTemporaryDir empty;
        fs::path dir = amr::test::to_path(empty.path());
        QString msg = error_of(
            [&] { amr::data::read_fashion_mnist(dir, amr::data::FashionMnistSet::Train); });
        QVERIFY2(msg.contains("train-labels-idx1-ubyte.gz"), qPrintable(msg));
        QVERIFY2(msg.contains("install Debian's dataset-fashion-mnist"), qPrintable(msg));

        DemoDataOptions o = small(root_ / "no_source");
        o.fashion_mnist_dir = dir;
        msg = error_of([&] { amr::data::make_demo_data(o); });
        QVERIFY2(msg.contains("dataset-fashion-mnist"), qPrintable(msg));
        QVERIFY(!fs::exists(root_ / "no_source"));

        fs::path labels = dir / "train-labels-idx1-ubyte.gz";
        write_gz(labels, be32(0x803) + be32(2) + std::string("\x01\x02", 2));
        msg = error_of([&] { amr::data::read_idx_labels(labels); });
        QVERIFY2(msg.contains("train-labels-idx1-ubyte.gz") && msg.contains("magic"),
                 qPrintable(msg));
        write_gz(labels, be32(0x801) + be32(5) + std::string("\x01\x02", 2));
        msg = error_of([&] { amr::data::read_idx_labels(labels); });
        QVERIFY2(msg.contains("truncated"), qPrintable(msg));
        write_gz(labels, be32(0x801) + be32(2) + std::string("\x01\x0C", 2));
        msg = error_of([&] { amr::data::read_idx_labels(labels); });
        QVERIFY2(msg.contains("0..9"), qPrintable(msg));

        fs::path images = dir / "train-images-idx3-ubyte.gz";
        write_gz(labels, be32(0x801) + be32(2) + std::string("\x01\x02", 2));
        write_gz(images, be32(0x803) + be32(3) + be32(2) + be32(2) + std::string(12, '\x10'));
        msg = error_of(
            [&] { amr::data::read_fashion_mnist(dir, amr::data::FashionMnistSet::Train); });
        QVERIFY2(msg.contains("3 images") && msg.contains("2 labels"), qPrintable(msg));
        write_gz(images, be32(0x803) + be32(2) + be32(2) + be32(2) + std::string(9, '\x10'));
        msg = error_of(
            [&] { amr::data::read_fashion_mnist(dir, amr::data::FashionMnistSet::Train); });
        QVERIFY2(msg.contains("train-images-idx3-ubyte.gz") && msg.contains("longer"),
                 qPrintable(msg));
    }

    void layoutAndSplits() {
        const fs::path& voc = demo_.voc;
        auto lists = voc / "ImageSets" / "Segmentation";
        QCOMPARE(
            read_lines(lists / "train.txt"),
            (std::vector<std::string>{"demo_000001", "demo_000002", "demo_000003", "demo_000004"}));
        QCOMPARE(read_lines(lists / "val.txt"),
                 (std::vector<std::string>{"demo_000005", "demo_000006"}));
        QCOMPARE(demo_.ids.size(), std::size_t(6));
        QCOMPARE(read_lines(voc / "classes.txt"), amr::data::demo_class_names());
        QCOMPARE(amr::data::demo_class_names().front(), std::string("tshirt"));
        QCOMPARE(amr::data::demo_class_names().back(), std::string("ankleboot"));
        for (const auto& id : demo_.ids) {
            fs::path jpg = voc / "JPEGImages" / (id + ".jpg");
            QCOMPARE(amr::data::read_image_size(jpg), cv::Size(96, 96));
            QCOMPARE(amr::data::read_image(jpg).size(), cv::Size(96, 96));
            QCOMPARE(amr::data::read_label_png(voc / "SegmentationClass" / (id + ".png")).size(),
                     cv::Size(96, 96));
            auto a = amr::data::read_voc_annotation(voc / "Annotations" / (id + ".xml"));
            QCOMPARE(a.filename, id + ".jpg");
            QCOMPARE(a.folder, std::string("VOC2012"));
            QCOMPARE(a.width, 96);
            QCOMPARE(a.height, 96);
            QCOMPARE(a.depth, 3);
            QVERIFY(a.segmented);
        }
        // Only the dataset: no leftovers of the generation beside it.
        QVERIFY(partial_folders(root_).empty());
        std::vector<std::string> top;
        for (const auto& e : fs::directory_iterator(root_ / "a"))
            top.push_back(e.path().filename().string());
        QCOMPARE(top, std::vector<std::string>{"VOCdevkit"});
    }

    void tagsAreExactlyTheClassesInTheMask() {
        std::set<int> seen;
        for (const auto& id : demo_.ids) {
            cv::Mat mask =
                amr::data::read_label_png(demo_.voc / "SegmentationClass" / (id + ".png"));
            for (auto it = mask.begin<std::uint8_t>(); it != mask.end<std::uint8_t>(); ++it)
                QVERIFY2(*it <= 10 || *it == 255, id.c_str());
            auto a = amr::data::read_voc_annotation(demo_.voc / "Annotations" / (id + ".xml"));
            std::set<int> tags;
            for (const auto& o : a.objects) {
                QVERIFY2(label_of(o.name) > 0, o.name.c_str());
                QCOMPARE(o.pose, std::string("Unspecified"));
                QVERIFY(!o.difficult);
                tags.insert(label_of(o.name));
            }
            QVERIFY2(a.objects.size() >= 2 && a.objects.size() <= 4, id.c_str());
            QCOMPARE(tags, classes_in(mask));
            seen.insert(tags.begin(), tags.end());
        }
        QVERIFY(seen.size() >= 4);  // six canvases draw from all ten classes
    }

    void boxesLieInsideAndCoverTheirClass() {
        for (const auto& id : demo_.ids) {
            cv::Mat mask =
                amr::data::read_label_png(demo_.voc / "SegmentationClass" / (id + ".png"));
            auto a = amr::data::read_voc_annotation(demo_.voc / "Annotations" / (id + ".xml"));
            cv::Mat covered(mask.size(), CV_8UC1, cv::Scalar(0));
            for (const auto& o : a.objects) {
                QVERIFY(1 <= o.xmin && o.xmin <= o.xmax && o.xmax <= mask.cols);
                QVERIFY(1 <= o.ymin && o.ymin <= o.ymax && o.ymax <= mask.rows);
                cv::Rect box(o.xmin - 1, o.ymin - 1, o.xmax - o.xmin + 1, o.ymax - o.ymin + 1);
                covered(box).setTo(label_of(o.name), mask(box) == label_of(o.name));
                // A box is tight: its class (or its item's void band) reaches every edge.
                cv::Mat inside = mask(box);
                QVERIFY(cv::countNonZero(inside.row(0)) > 0);
                QVERIFY(cv::countNonZero(inside.row(inside.rows - 1)) > 0);
                QVERIFY(cv::countNonZero(inside.col(0)) > 0);
                QVERIFY(cv::countNonZero(inside.col(inside.cols - 1)) > 0);
            }
            cv::Mat foreground = (mask != 0) & (mask != 255);
            cv::Mat uncovered = foreground & (covered != mask);
            QCOMPARE(cv::countNonZero(uncovered), 0);
        }
    }

    void voidIsABandAroundItems() {
        long void_pixels = 0;
        for (const auto& id : demo_.ids) {
            cv::Mat m = amr::data::read_label_png(demo_.voc / "SegmentationClass" / (id + ".png"));
            for (int y = 0; y < m.rows; ++y)
                for (int x = 0; x < m.cols; ++x) {
                    if (m.at<std::uint8_t>(y, x) != 255)
                        continue;
                    ++void_pixels;
                    bool near_item = false;  // foreground or more void within 8-neighbourhood
                    for (int dy = -1; dy <= 1 && !near_item; ++dy)
                        for (int dx = -1; dx <= 1 && !near_item; ++dx) {
                            int nx = x + dx, ny = y + dy;
                            if ((dx || dy) && nx >= 0 && ny >= 0 && nx < m.cols && ny < m.rows)
                                near_item = m.at<std::uint8_t>(ny, nx) != 0;
                        }
                    QVERIFY2(
                        near_item,
                        qPrintable(
                            QString("%1 (%2,%3)").arg(QString::fromStdString(id)).arg(x).arg(y)));
                }
        }
        QVERIFY(void_pixels > 0);
    }

    void sameSeedSameBytesOtherSeedOtherData() {
        amr::data::make_demo_data(small(root_ / "b"));
        amr::data::make_demo_data(small(root_ / "c", 4));
        Demo b = open_demo(root_ / "b"), c = open_demo(root_ / "c");
        QCOMPARE(b.ids, demo_.ids);
        int differing = 0;
        for (const auto& id : demo_.ids) {
            for (const char* sub : {"SegmentationClass/", "JPEGImages/", "Annotations/"}) {
                std::string ext = sub[0] == 'S' ? ".png" : sub[0] == 'J' ? ".jpg" : ".xml";
                QCOMPARE(amr::read_file(b.voc / (sub + id + ext)),
                         amr::read_file(demo_.voc / (sub + id + ext)));
            }
            fs::path mask = fs::path("SegmentationClass") / (id + ".png");
            if (amr::read_file(c.voc / mask) != amr::read_file(demo_.voc / mask))
                ++differing;
        }
        QCOMPARE(differing, 6);
    }

    void crowdedAndTinyCanvasesKeepTheRules() {
        DemoDataOptions o = small(root_ / "crowded", 11);
        o.canvas_size = 64;
        o.train_images = 10;
        o.val_images = 4;
        o.min_items = 8;
        o.max_items = 8;
        amr::data::make_demo_data(o);
        Demo d = open_demo(root_ / "crowded");
        for (const auto& id : d.ids) {
            cv::Mat mask = amr::data::read_label_png(d.voc / "SegmentationClass" / (id + ".png"));
            QCOMPARE(mask.size(), cv::Size(64, 64));
            auto a = amr::data::read_voc_annotation(d.voc / "Annotations" / (id + ".xml"));
            std::set<int> tags;
            for (const auto& o : a.objects)
                tags.insert(label_of(o.name));
            QCOMPARE(tags, classes_in(mask));
        }
    }

    void refusesANonEmptyOutput() {
        fs::path out = root_ / "taken";
        amr::test::write_text(out / "precious.txt", "keep me");
        QString msg = error_of([&] { amr::data::make_demo_data(small(out)); });
        QVERIFY2(msg.contains(QString::fromStdString(out.string())), qPrintable(msg));
        QVERIFY2(msg.contains("not empty"), qPrintable(msg));
        QCOMPARE(amr::read_file(out / "precious.txt"), std::string("keep me"));
        QVERIFY(partial_folders(root_).empty());

        fs::path empty = root_ / "empty_dir";  // an empty folder is fine, and is filled
        fs::create_directories(empty);
        amr::data::make_demo_data(small(empty));
        QVERIFY(fs::exists(empty / "VOCdevkit/VOC2012/ImageSets/Segmentation/trainval.txt"));

        fs::path file = root_ / "a_file";
        amr::test::write_text(file, "x");
        QVERIFY(!error_of([&] { amr::data::make_demo_data(small(file)); }).isEmpty());
    }

    void checkRejectsBadOptions_data() {
        QTest::addColumn<int>("field");
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("train 0") << 0 << 0 << "train images";
        QTest::newRow("val 0") << 1 << 0 << "val images";
        QTest::newRow("val -3") << 1 << -3 << "val images";
        QTest::newRow("size 63") << 2 << 63 << "canvas size";
        QTest::newRow("size 2049") << 2 << 2049 << "canvas size";
        QTest::newRow("min items 0") << 3 << 0 << "min items";
        QTest::newRow("max items 9") << 4 << 9 << "max items";
        QTest::newRow("max < min") << 4 << 1 << "max items";
        QTest::newRow("no output") << 5 << 0 << "output";
    }

    void checkRejectsBadOptions() {
        QFETCH(int, field);
        QFETCH(int, value);
        QFETCH(QString, expected);
        DemoDataOptions o = small(root_ / "never");
        o.min_items = 2;
        switch (field) {
            case 0:
                o.train_images = value;
                break;
            case 1:
                o.val_images = value;
                break;
            case 2:
                o.canvas_size = value;
                break;
            case 3:
                o.min_items = value;
                break;
            case 4:
                o.max_items = value;
                break;
            case 5:
                o.output.clear();
                break;
        }
        QString msg = error_of([&] { o.check(); });
        QVERIFY2(msg.contains(expected), qPrintable(msg));
        QVERIFY(!error_of([&] { amr::data::make_demo_data(o); }).isEmpty());
        QVERIFY(!fs::exists(root_ / "never"));
        // The defaults and the boundaries pass.
        DemoDataOptions ok = small(root_ / "never");
        ok.check();
        ok.canvas_size = 64;
        ok.min_items = ok.max_items = 8;
        ok.check();
        ok.canvas_size = 2048;
        ok.min_items = ok.max_items = 1;
        ok.check();
    }

    void cancelLeavesNothingBehind() {
        amr::CancelToken cancel;
        int reports = 0;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) {
                                ++reports;
                                if (e.done >= 2)
                                    cancel.cancel();
                            },
                            &cancel};
        fs::path out = root_ / "cancelled";
        bool cancelled = false;
        try {
            amr::data::make_demo_data(small(out), ctx);
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QVERIFY(reports >= 3);
        QVERIFY(!fs::exists(out));
        QVERIFY(partial_folders(root_).empty());
    }

    void ensureDemoDataKeepsACompleteOne() {
        fs::path dir = root_ / "cache" / "amr-studio" / "demo";
        amr::data::make_demo_data(small(dir));
        auto before = fs::last_write_time(dir / "VOCdevkit/VOC2012/JPEGImages/demo_000001.jpg");
        int reports = 0;
        amr::JobContext ctx{[&](const amr::ProgressEvent&) { ++reports; }, nullptr};
        QCOMPARE(amr::data::ensure_demo_data(dir, ctx), dir);
        QCOMPARE(reports, 0);
        QCOMPARE(fs::last_write_time(dir / "VOCdevkit/VOC2012/JPEGImages/demo_000001.jpg"), before);
    }

    void defaultDemoDirFollowsXdg() {
        QByteArray old_xdg = qgetenv("XDG_CACHE_HOME");
        QByteArray old_home = qgetenv("HOME");
        qputenv("XDG_CACHE_HOME", "/somewhere/cache");
        QCOMPARE(amr::data::default_demo_dir(), fs::path("/somewhere/cache/amr-studio/demo"));
        qputenv("XDG_CACHE_HOME", "relative/cache");  // not absolute: ignored, as the spec says
        qputenv("HOME", "/home/someone");
        QCOMPARE(amr::data::default_demo_dir(), fs::path("/home/someone/.cache/amr-studio/demo"));
        qunsetenv("XDG_CACHE_HOME");
        QCOMPARE(amr::data::default_demo_dir(), fs::path("/home/someone/.cache/amr-studio/demo"));
        if (old_xdg.isNull())
            qunsetenv("XDG_CACHE_HOME");
        else
            qputenv("XDG_CACHE_HOME", old_xdg);
        qputenv("HOME", old_home);
    }

    void vocXmlRoundTrip() {
        amr::data::VocAnnotation a;
        a.filename = "x <&> y.jpg";
        a.width = 500;
        a.height = 281;
        a.segmented = true;
        a.objects.push_back({"aeroplane", "Frontal", true, false, 104, 78, 375, 183});
        a.objects.push_back({"person", "Unspecified", false, true, 1, 2, 3, 4});
        fs::path file = root_ / "ann.xml";
        amr::data::write_voc_annotation(file, a);
        std::string text = amr::read_file(file);
        QVERIFY(text.find("<xmin>104</xmin>") != std::string::npos);
        QVERIFY(text.find("<segmented>1</segmented>") != std::string::npos);
        QVERIFY(text.find("&lt;&amp;&gt;") != std::string::npos);
        auto b = amr::data::read_voc_annotation(file);
        QCOMPARE(b.filename, a.filename);
        QCOMPARE(b.width, 500);
        QCOMPARE(b.height, 281);
        QCOMPARE(b.objects.size(), std::size_t(2));
        QCOMPARE(b.objects[0].name, std::string("aeroplane"));
        QCOMPARE(b.objects[0].pose, std::string("Frontal"));
        QVERIFY(b.objects[0].truncated && !b.objects[0].difficult);
        QVERIFY(!b.objects[1].truncated && b.objects[1].difficult);
        QCOMPARE(b.objects[0].xmax, 375);
        QCOMPARE(b.objects[1].ymin, 2);

        amr::test::write_text(file, "<annotation><size><width>abc</width></size></annotation>");
        QString msg = error_of([&] { amr::data::read_voc_annotation(file); });
        QVERIFY2(msg.contains("ann.xml") && msg.contains("width"), qPrintable(msg));
        amr::test::write_text(file, "<annotation><size>");
        QVERIFY(error_of([&] { amr::data::read_voc_annotation(file); }).contains("not valid XML"));
    }

    void cliWritesTheDemo() {
        fs::path out = root_ / "cli";
        auto r = amr::test::run_cli({"demo-data", QString::fromStdString(out.string()), "--train",
                                     "2", "--val", "1", "--size", "64", "--seed", "9"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QString::fromStdString(out.string())), qPrintable(r.out));
        QVERIFY2(r.out.contains("amr info"), qPrintable(r.out));
        Demo d = open_demo(out);
        QCOMPARE(d.ids.size(), std::size_t(3));
        QCOMPARE(amr::data::read_image_size(d.voc / "JPEGImages" / "demo_000003.jpg"),
                 cv::Size(64, 64));

        r = amr::test::run_cli({"demo-data", QString::fromStdString((root_ / "bad").string()),
                                "--min-items", "5", "--max-items", "3"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("max items"), qPrintable(r.err));
        QVERIFY(!fs::exists(root_ / "bad"));
    }

private:
    QTemporaryDir dir_;
    fs::path root_;
    Demo demo_;
};

QTEST_GUILESS_MAIN(TestDemoData)
#include "test_demo_data.moc"
