// VOC export: layout, byte copies, palette masks, lists, XML boxes, mask priority, selection,
// non-empty targets (refuse / update / overwrite) and resuming after a cancel.

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <map>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/data/voc_xml.h"
#include "engine/export/export_manifest.h"
#include "engine/export/mask_boxes.h"
#include "engine/export/voc_export.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr;

namespace {

cv::Mat blank(int w, int h) {
    return cv::Mat(h, w, CV_8UC1, cv::Scalar(0));
}

void fill(cv::Mat& m, int x, int y, int w, int h, int value) {
    m(cv::Rect(x, y, w, h)).setTo(cv::Scalar(value));
}

// Classes cat(1), dog(2), car(3). Images:
//   a  40x30 JPEG, train, tags cat+dog; human and refined masks
//   b  32x24 PNG,  train, tags car;     refined mask
//   c  40x30 JPEG, val,   tags dog;     refined mask and ground truth
//   d  40x30 JPEG, val,   tags cat;     no mask anywhere
struct Fixture {
    QTemporaryDir tmp;
    fs::path root = test::to_path(tmp.path());
    fs::path src = root / "src";
    fs::path human = root / "human";
    fs::path refined = root / "refined";
    fs::path out = root / "out";
    fs::path voc = voc::voc_export_root(out);
    data::Dataset ds{src, data::DatasetFormat::Folder, data::ClassList({"cat", "dog", "car"})};
    voc::FolderMaskSource masks;
    cv::Mat human_a, refined_a, refined_b, refined_c;

    Fixture() {
        fs::create_directories(human);
        fs::create_directories(refined);
        const auto train = ds.split_bit("train"), val = ds.split_bit("val");
        add("a", ".jpg", 40, 30, {0, 1}, train);
        add("b", ".png", 32, 24, {2}, train);
        add("c", ".jpg", 40, 30, {1}, val);
        add("d", ".jpg", 40, 30, {0}, val);

        human_a = blank(40, 30);
        fill(human_a, 2, 3, 8, 5, 1);    // cat component 1: box (3,4)-(10,8)
        fill(human_a, 20, 10, 6, 6, 1);  // cat component 2, and a diagonal neighbour that
        fill(human_a, 26, 16, 4, 4, 1);  // 8-connectivity joins to it: box (21,11)-(30,20)
        fill(human_a, 35, 0, 1, 2, 1);   // 2 pixels: below the minimum area, no box
        fill(human_a, 0, 29, 40, 1, 255);
        data::write_label_png(human / "a.png", human_a);
        refined_a = blank(40, 30);
        fill(refined_a, 0, 0, 10, 10, 2);
        data::write_label_png(refined / "a.png", refined_a);
        refined_b = blank(32, 24);
        fill(refined_b, 4, 4, 10, 10, 3);
        data::write_label_png(refined / "b.png", refined_b);
        refined_c = blank(40, 30);
        fill(refined_c, 30, 20, 10, 10, 2);  // touches the border: truncated
        data::write_label_png(refined / "c.png", refined_c);
        masks.add_folder("human", human);
        masks.add_folder("refined", refined);
    }

    void add(const std::string& id, const std::string& ext, int w, int h,
             std::vector<std::uint16_t> tags, std::uint32_t splits) {
        data::ImageRecord r;
        r.id = id;
        r.image = src / (id + ext);
        test::write_test_image(r.image, w, h, {double(10 * id[0] % 255), 90, 160});
        r.tags = std::move(tags);
        r.splits = splits;
        ds.add(std::move(r), src);
    }

    voc::VocExportOptions options() {
        voc::VocExportOptions o;
        o.dataset = &ds;
        o.masks = &masks;
        o.output = out;
        o.threads = 2;
        return o;
    }
};

std::string text(const fs::path& p) {
    return read_file(p);
}

// Every file below `dir` (relative path -> bytes), hidden files left out.
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.')
            files[fs::relative(e.path(), dir).string()] = read_file(e.path());
    return files;
}

fs::file_time_type mtime(const fs::path& p) {
    return fs::last_write_time(p);
}

}  // namespace

class TestVocExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void componentBoxes() {
        cv::Mat m = blank(12, 8);
        fill(m, 0, 0, 3, 2, 1);  // touches the border
        fill(m, 5, 5, 2, 2, 1);
        fill(m, 7, 7, 1, 1, 1);    // diagonal neighbour of the one above: same component
        fill(m, 10, 0, 1, 1, 2);   // 1 pixel, only component of label 2: kept anyway
        fill(m, 9, 3, 1, 1, 255);  // void gets no box
        const auto boxes = voc::component_boxes(m, 3, 4);
        QCOMPARE(boxes.size(), std::size_t(3));
        QCOMPARE(boxes[0].label, 1);
        QCOMPARE(boxes[0].xmin, 1);
        QCOMPARE(boxes[0].ymin, 1);
        QCOMPARE(boxes[0].xmax, 3);
        QCOMPARE(boxes[0].ymax, 2);
        QVERIFY(boxes[0].touches_border);
        QCOMPARE(boxes[1].xmin, 6);
        QCOMPARE(boxes[1].ymin, 6);
        QCOMPARE(boxes[1].xmax, 8);
        QCOMPARE(boxes[1].ymax, 8);
        QCOMPARE(boxes[1].area, 5);
        QCOMPARE(boxes[2].label, 2);
        QCOMPARE(boxes[2].area, 1);
    }

    void layoutListsAndFiles() {
        Fixture f;
        const auto r = voc::export_voc(f.options());
        QCOMPARE(r.exported, std::size_t(3));
        QCOMPARE(r.with_mask, std::size_t(3));
        QCOMPARE(r.written, std::size_t(3));
        QCOMPARE(r.without_mask, std::size_t(1));  // d
        QCOMPARE(r.by_version.at("human"), std::size_t(1));
        QCOMPARE(r.by_version.at("refined"), std::size_t(2));
        for (const char* id : {"a", "b", "c"}) {
            QVERIFY(fs::is_regular_file(f.voc / "JPEGImages" / (std::string(id) + ".jpg")));
            QVERIFY(fs::is_regular_file(f.voc / "SegmentationClass" / (std::string(id) + ".png")));
            QVERIFY(fs::is_regular_file(f.voc / "Annotations" / (std::string(id) + ".xml")));
        }
        QVERIFY(!fs::exists(f.voc / "JPEGImages" / "d.jpg"));
        QVERIFY(!fs::exists(f.voc / "SegmentationClassAug"));
        const fs::path lists = f.voc / "ImageSets" / "Segmentation";
        QCOMPARE(text(lists / "train.txt"), std::string("a\nb\n"));
        QCOMPARE(text(lists / "val.txt"), std::string("c\n"));
        QCOMPARE(text(lists / "trainval.txt"), std::string("a\nb\nc\n"));
        QCOMPARE(text(f.voc / "classes.txt"), std::string("cat\ndog\ncar\n"));
        QCOMPARE(text(f.voc / "labels.txt"), std::string("background\ncat\ndog\ncar\n"));
    }

    void jpegCopiedPngReencoded() {
        Fixture f;
        voc::export_voc(f.options());
        QCOMPARE(text(f.voc / "JPEGImages" / "a.jpg"), text(f.src / "a.jpg"));
        const std::string b = text(f.voc / "JPEGImages" / "b.jpg");
        QCOMPARE(static_cast<unsigned char>(b[0]), 0xFF);
        QCOMPARE(static_cast<unsigned char>(b[1]), 0xD8);
        const cv::Mat original = cv::imread((f.src / "b.png").string());
        const cv::Mat copy = cv::imread((f.voc / "JPEGImages" / "b.jpg").string());
        QCOMPARE(copy.size(), original.size());
        QVERIFY2(cv::PSNR(original, copy) > 35, "quality 95 keeps the image close");
    }

    void masksArePaletteWithExactValues() {
        Fixture f;
        voc::export_voc(f.options());
        const fs::path a = f.voc / "SegmentationClass" / "a.png";
        const auto info = data::read_png_info(a);
        QVERIFY(info.is_palette());
        QCOMPARE(info.bit_depth, 8);
        QCOMPARE(info.palette.size(), std::size_t(256));
        QVERIFY(info.palette[255] == (data::Rgb{224, 224, 192}));
        QCOMPARE(cv::countNonZero(data::read_label_png(a) != f.human_a), 0);  // human won
        QCOMPARE(cv::countNonZero(data::read_label_png(f.voc / "SegmentationClass" / "b.png") !=
                                  f.refined_b),
                 0);
    }

    void xmlBoxesAreComponents() {
        Fixture f;
        const auto r = voc::export_voc(f.options());
        const auto a = data::read_voc_annotation(f.voc / "Annotations" / "a.xml");
        QCOMPARE(a.filename, std::string("a.jpg"));
        QCOMPARE(a.width, 40);
        QCOMPARE(a.height, 30);
        QVERIFY(a.segmented);
        QCOMPARE(a.objects.size(), std::size_t(2));  // dog has no pixels, the 2-pixel cat no box
        QCOMPARE(a.objects[0].name, std::string("cat"));
        QCOMPARE(a.objects[0].xmin, 3);
        QCOMPARE(a.objects[0].ymin, 4);
        QCOMPARE(a.objects[0].xmax, 10);
        QCOMPARE(a.objects[0].ymax, 8);
        QCOMPARE(a.objects[1].xmin, 21);
        QCOMPARE(a.objects[1].ymin, 11);
        QCOMPARE(a.objects[1].xmax, 30);
        QCOMPARE(a.objects[1].ymax, 20);
        QVERIFY(!a.objects[0].truncated);
        // The same boxes as OpenCV's components computed here.
        cv::Mat labels, stats, centroids;
        cv::connectedComponentsWithStats(f.human_a == 1, labels, stats, centroids, 8, CV_32S);
        QCOMPARE(stats.at<int>(3, cv::CC_STAT_LEFT) + 1, a.objects[1].xmin);  // 1 = the 2 pixels
        QCOMPARE(stats.at<int>(3, cv::CC_STAT_LEFT) + stats.at<int>(3, cv::CC_STAT_WIDTH),
                 a.objects[1].xmax);
        const auto c = data::read_voc_annotation(f.voc / "Annotations" / "c.xml");
        QCOMPARE(c.objects.size(), std::size_t(1));
        QCOMPARE(c.objects[0].name, std::string("dog"));
        QVERIFY(c.objects[0].truncated);
        QCOMPARE(c.objects[0].xmax, 40);
        bool noted = false;
        for (const auto& n : r.notes)
            noted = noted || n.find("a: tagged 'dog'") == 0;
        QVERIFY2(noted, "a tagged class without pixels is noted");
    }

    void readBackByTheDatasetReader() {
        Fixture f;
        auto o = f.options();
        o.write_aug = true;
        voc::export_voc(o);
        const data::Dataset back = data::open_dataset(f.out);
        QCOMPARE(back.classes().names(), f.ds.classes().names());
        QCOMPARE(back.size(), std::size_t(3));
        const long a = back.find("a"), c = back.find("c");
        QVERIFY(a >= 0 && c >= 0);
        QCOMPARE(back[a].tags, (std::vector<std::uint16_t>{0}));  // dog had no pixels
        QCOMPARE(back[c].tags, (std::vector<std::uint16_t>{1}));
        QVERIFY(back[a].mask);
        QCOMPARE(cv::countNonZero(data::read_label_png(*back[a].mask) != f.human_a), 0);
        QCOMPARE(back.split("val").size(), std::size_t(1));
        QCOMPARE(back.split("train_aug").size(), std::size_t(2));
    }

    void priorityOrderDecides() {
        Fixture f;
        auto o = f.options();
        o.priority = {"refined", "human"};
        voc::export_voc(o);
        QCOMPARE(cv::countNonZero(data::read_label_png(f.voc / "SegmentationClass" / "a.png") !=
                                  f.refined_a),
                 0);
    }

    void groundTruthVersion() {
        Fixture f;
        cv::Mat gt = blank(40, 30);
        fill(gt, 1, 1, 5, 5, 2);
        data::write_label_png(f.src / "c_gt.png", gt);
        auto& rec = const_cast<data::ImageRecord&>(f.ds[2]);
        rec.mask = f.src / "c_gt.png";
        auto o = f.options();
        o.priority = {"gt"};
        const auto r = voc::export_voc(o);
        QCOMPARE(r.exported, std::size_t(1));
        QCOMPARE(text(f.voc / "ImageSets" / "Segmentation" / "val.txt"), std::string("c\n"));
        QCOMPARE(text(f.voc / "ImageSets" / "Segmentation" / "train.txt"), std::string());
    }

    void onlySelectedIds() {
        Fixture f;
        auto o = f.options();
        o.only_ids = std::vector<std::string>{"c"};
        const auto r = voc::export_voc(o);
        QCOMPARE(r.exported, std::size_t(1));
        QCOMPARE(r.not_selected, std::size_t(3));
        QVERIFY(!fs::exists(f.voc / "JPEGImages" / "a.jpg"));
        QCOMPARE(text(f.voc / "ImageSets" / "Segmentation" / "trainval.txt"), std::string("c\n"));
        o.only_ids = std::vector<std::string>{"zz"};
        QVERIFY_THROWS_EXCEPTION(Error, o.check());
    }

    void augAndUnmasked() {
        Fixture f;
        auto o = f.options();
        o.write_aug = true;
        o.include_unmasked = true;
        const auto r = voc::export_voc(o);
        QCOMPARE(r.exported, std::size_t(4));
        QCOMPARE(r.with_mask, std::size_t(3));
        QCOMPARE(text(f.voc / "SegmentationClassAug" / "a.png"),
                 text(f.voc / "SegmentationClass" / "a.png"));
        QCOMPARE(text(f.voc / "ImageSets" / "Segmentation" / "train_aug.txt"),
                 std::string("a\nb\n"));
        QVERIFY(fs::exists(f.voc / "JPEGImages" / "d.jpg"));
        QVERIFY(!fs::exists(f.voc / "SegmentationClass" / "d.png"));
        QCOMPARE(text(f.voc / "ImageSets" / "Segmentation" / "val.txt"), std::string("c\n"));
        const auto d = data::read_voc_annotation(f.voc / "Annotations" / "d.xml");
        QVERIFY(!d.segmented);
        QCOMPARE(d.objects.size(), std::size_t(1));
        QCOMPARE(d.objects[0].name, std::string("cat"));
        QCOMPARE(d.objects[0].xmax, 40);
        QCOMPARE(d.objects[0].ymax, 30);
    }

    void badMaskStopsOrIsSkipped() {
        Fixture f;
        data::write_label_png(f.refined / "b.png", blank(10, 10));  // b is 32x24
        try {
            voc::export_voc(f.options());
            QFAIL("a wrong-size mask must stop the export");
        } catch (const Error& e) {
            QCOMPARE(e.file(), f.refined / "b.png");
            QVERIFY2(std::string(e.what()).find("10x10") != std::string::npos, e.what());
        }
        cv::Mat bad = f.refined_b.clone();
        bad.at<std::uint8_t>(0, 0) = 7;  // 3 classes: 7 is not a label
        data::write_label_png(f.refined / "b.png", bad);
        auto o = f.options();
        o.skip_bad = true;
        o.existing = voc::ExistingOutput::Overwrite;
        const auto r = voc::export_voc(o);
        QCOMPARE(r.skipped.size(), std::size_t(1));
        QVERIFY2(r.skipped[0].find((f.refined / "b.png").string()) == 0, r.skipped[0].c_str());
        QVERIFY(r.skipped[0].find("value 7") != std::string::npos);
        QCOMPARE(r.exported, std::size_t(2));
        QVERIFY(!fs::exists(f.voc / "JPEGImages" / "b.jpg"));
        QCOMPARE(text(f.voc / "ImageSets" / "Segmentation" / "train.txt"), std::string("a\n"));
    }

    void checkExplainsBadOptions() {
        Fixture f;
        auto o = f.options();
        o.priority = {"deeplab", "cam"};  // no folders for these
        try {
            o.check();
            QFAIL("no usable version");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("deeplab,cam") != std::string::npos, e.what());
        }
        o = f.options();
        o.priority = {"human", "bogus"};
        QVERIFY_THROWS_EXCEPTION(Error, o.check());
        QVERIFY_THROWS_EXCEPTION(Error, voc::parse_mask_priority("human,human", "--priority"));
        QCOMPARE(voc::parse_mask_priority(" human, refined ,gt", "--priority"),
                 (std::vector<std::string>{"human", "refined", "gt"}));
        QVERIFY_THROWS_EXCEPTION(Error, f.masks.add_folder("gt", f.human));
        QVERIFY_THROWS_EXCEPTION(Error, f.masks.add_spec("cam=" + (f.root / "nope").string()));
    }

    void refusesNonEmptyTarget() {
        Fixture f;
        test::write_text(f.out / "notes.txt", "mine");
        try {
            voc::export_voc(f.options());
            QFAIL("a non-empty target must be refused");
        } catch (const Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("--update") != std::string::npos, e.what());
            QVERIFY2(msg.find("--overwrite") != std::string::npos, e.what());
        }
        QVERIFY(!fs::exists(f.voc));
        // A finished export is not empty either.
        auto o = f.options();
        o.existing = voc::ExistingOutput::Update;
        voc::export_voc(o);
        QVERIFY_THROWS_EXCEPTION(Error, voc::export_voc(f.options()));
        QCOMPARE(text(f.out / "notes.txt"), std::string("mine"));
    }

    void updateRewritesOnlyChanged() {
        Fixture f;
        voc::export_voc(f.options());
        const fs::path seg = f.voc / "SegmentationClass";
        const auto b_time = mtime(seg / "b.png");
        const auto c_time = mtime(f.voc / "Annotations" / "c.xml");
        const auto a_time = mtime(seg / "a.png");
        cv::Mat changed = f.human_a.clone();
        fill(changed, 12, 12, 3, 3, 3);
        data::write_label_png(f.human / "a.png", changed);
        auto o = f.options();
        o.existing = voc::ExistingOutput::Update;
        const auto r = voc::export_voc(o);
        QCOMPARE(r.written, std::size_t(1));
        QCOMPARE(r.unchanged, std::size_t(2));
        QVERIFY(mtime(seg / "b.png") == b_time);
        QVERIFY(mtime(f.voc / "Annotations" / "c.xml") == c_time);
        QVERIFY(mtime(seg / "a.png") != a_time);
        QCOMPARE(cv::countNonZero(data::read_label_png(seg / "a.png") != changed), 0);
        // A changed tag is a change too.
        auto& rec = const_cast<data::ImageRecord&>(f.ds[1]);
        rec.tags = {1, 2};
        QCOMPARE(voc::export_voc(o).written, std::size_t(1));
    }

    void overwriteDeletesOnlyOurFolders() {
        Fixture f;
        voc::export_voc(f.options());
        data::write_label_png(f.voc / "SegmentationClass" / "stale.png", blank(4, 4));
        test::write_text(f.voc / "SegmentationObject" / "keep.txt", "theirs");
        test::write_text(f.voc / "ImageSets" / "Main" / "train.txt", "theirs");
        test::write_text(f.out / "README", "theirs");
        auto o = f.options();
        o.existing = voc::ExistingOutput::Overwrite;
        const auto r = voc::export_voc(o);
        QCOMPARE(r.written, std::size_t(3));
        QVERIFY(!fs::exists(f.voc / "SegmentationClass" / "stale.png"));
        QVERIFY(fs::exists(f.voc / "SegmentationClass" / "a.png"));
        QCOMPARE(text(f.voc / "SegmentationObject" / "keep.txt"), std::string("theirs"));
        QCOMPARE(text(f.voc / "ImageSets" / "Main" / "train.txt"), std::string("theirs"));
        QCOMPARE(text(f.out / "README"), std::string("theirs"));
    }

    void refusesSourcesInsideTheExport() {
        Fixture f;
        voc::export_voc(f.options());
        voc::FolderMaskSource inside;
        inside.add_folder("human", f.voc / "SegmentationClass");
        auto o = f.options();
        o.masks = &inside;
        o.priority = {"human"};
        o.existing = voc::ExistingOutput::Overwrite;
        QVERIFY_THROWS_EXCEPTION(Error, voc::export_voc(o));
        QVERIFY(fs::exists(f.voc / "SegmentationClass" / "a.png"));  // nothing deleted
    }

    void cancelThenResumeEqualsUninterrupted() {
        Fixture f;
        const auto train = f.ds.split_bit("train");
        for (int i = 0; i < 12; ++i) {
            const std::string id = std::string("m").append(std::to_string(i));
            f.add(id, ".jpg", 24, 16, {2}, train);
            cv::Mat m = blank(24, 16);
            fill(m, i, 2, 6, 6, 3);
            data::write_label_png(f.refined / (id + ".png"), m);
        }
        CancelToken cancel;
        JobContext ctx{[&cancel](const ProgressEvent& e) {
                           if (e.done >= 4)
                               cancel.cancel();
                       },
                       &cancel};
        auto o = f.options();
        o.threads = 1;
        QVERIFY_THROWS_EXCEPTION(Cancelled, voc::export_voc(o, ctx));
        QVERIFY(!fs::exists(f.voc / "ImageSets" / "Segmentation" / "train.txt"));  // lists last
        const auto manifest = voc::read_export_manifest(f.voc / ".amr-export.json");
        QVERIFY(manifest && !manifest->complete);
        const std::size_t finished = manifest->images.size();
        QVERIFY2(finished >= 4 && finished < 15, std::to_string(finished).c_str());

        // A plain rerun resumes an unfinished export of ours without --update.
        const auto r = voc::export_voc(o);
        QCOMPARE(r.unchanged, finished);
        QCOMPARE(r.written, 15 - finished);
        auto fresh = f.options();
        fresh.output = f.root / "fresh";
        voc::export_voc(fresh);
        QCOMPARE(tree(f.out), tree(fresh.output));
        QCOMPARE(tree(f.out).size(), std::size_t(15 * 3 + 3 + 2));
    }
};

QTEST_GUILESS_MAIN(TestVocExport)
#include "test_voc_export.moc"
