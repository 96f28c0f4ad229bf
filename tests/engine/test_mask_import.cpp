// Importing existing masks as a mask version: accepted and refused files, provenance, the
// `amr import-masks` and `amr export-voc` commands end to end.

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/export/mask_import.h"
#include "engine/export/mask_source.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

cv::Mat square(int w, int h, int value) {
    cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
    m(cv::Rect(1, 1, 4, 4)).setTo(cv::Scalar(value));
    return m;
}

// A plain-folder dataset (tags.csv) with images a, b, c (32x24) and classes cat, dog.
struct Fixture {
    QTemporaryDir tmp;
    fs::path root = test::to_path(tmp.path());
    fs::path dataset_dir = root / "dataset";
    fs::path masks = root / "theirs";
    fs::path out = root / "imported";
    data::Dataset ds{dataset_dir, data::DatasetFormat::Folder, data::ClassList({"cat", "dog"})};

    Fixture() {
        const auto train = ds.split_bit("train");
        std::string csv = "image,tags,split\n";
        for (const char* id : {"a", "b", "c"}) {
            data::ImageRecord r;
            r.id = id;
            r.image = dataset_dir / "images" / (r.id + ".jpg");
            test::write_test_image(r.image, 32, 24);
            r.tags = {0};
            r.splits = train;
            ds.add(std::move(r), dataset_dir);
            csv += std::string(id) + ".jpg,cat,train\n";
        }
        test::write_text(dataset_dir / "tags.csv", csv);
        test::write_text(dataset_dir / "classes.txt", "cat\ndog\n");
        fs::create_directories(masks);
    }

    voc::MaskImportOptions options() {
        voc::MaskImportOptions o;
        o.source = masks;
        o.dataset = &ds;
        o.output = out;
        return o;
    }
};

const voc::FileProblem* find(const voc::MaskImportResult& r, const fs::path& file,
                             const std::string& needle) {
    for (const auto& p : r.problems)
        if (p.file == file && p.problem.find(needle) != std::string::npos)
            return &p;
    return nullptr;
}

}  // namespace

class TestMaskImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paletteAndGrayscaleBecomePalette() {
        Fixture f;
        data::write_label_png(f.masks / "a.png", square(32, 24, 1));   // palette
        cv::imwrite((f.masks / "b.png").string(), square(32, 24, 2));  // 8-bit grayscale
        QVERIFY(data::read_png_info(f.masks / "b.png").is_gray());
        const auto r = voc::import_masks(f.options());
        QCOMPARE(r.imported, std::size_t(2));
        QCOMPARE(r.refused, std::size_t(0));
        QVERIFY(r.problems.empty());
        for (const char* id : {"a", "b"}) {
            const fs::path p = f.out / (std::string(id) + ".png");
            QVERIFY(data::read_png_info(p).is_palette());
            QCOMPARE(cv::countNonZero(data::read_label_png(p) !=
                                      data::read_label_png(f.masks / (std::string(id) + ".png"))),
                     0);
        }
        QVERIFY(!fs::exists(f.out / "c.png"));
    }

    void provenanceIsRecorded() {
        Fixture f;
        data::write_label_png(f.masks / "a.png", square(32, 24, 1));
        voc::import_masks(f.options());
        const auto entries = voc::read_provenance(f.out / "provenance.json");
        QCOMPARE(entries.size(), std::size_t(1));
        QCOMPARE(entries[0].provenance, std::string("imported"));
        QCOMPARE(entries[0].version, std::string("imported"));
        QCOMPARE(entries[0].source, fs::absolute(f.masks).lexically_normal().string());
        QCOMPARE(entries[0].masks, std::size_t(1));
        QVERIFY(entries[0].tool.rfind("amr ", 0) == 0);
        QCOMPARE(entries[0].time.size(), std::size_t(20));  // 2024-05-01T12:34:56Z

        voc::FolderMaskSource source;
        source.add_folder("imported", f.out);
        const auto ref = source.find(f.ds[0], "imported");
        QVERIFY(ref);
        QCOMPARE(ref->path, f.out / "a.png");
        QVERIFY2(ref->provenance.find("imported from " + entries[0].source) == 0,
                 ref->provenance.c_str());
        QVERIFY(!source.find(f.ds[1], "imported"));  // b has no mask there

        // Updating appends a second import.
        data::write_label_png(f.masks / "b.png", square(32, 24, 2));
        auto o = f.options();
        QVERIFY_THROWS_EXCEPTION(Error, o.check());  // not empty
        o.update = true;
        QCOMPARE(voc::import_masks(o).imported, std::size_t(2));
        QCOMPARE(voc::read_provenance(f.out / "provenance.json").size(), std::size_t(2));
    }

    void badFilesAreReportedOneByOne() {
        Fixture f;
        data::write_label_png(f.masks / "a.png", square(32, 24, 1));          // fine
        cv::imwrite((f.masks / "b.png").string(), cv::Mat(24, 32, CV_8UC3));  // RGB
        data::write_label_png(f.masks / "c.png", square(30, 24, 1));          // wrong size
        data::write_label_png(f.masks / "zz.png", square(32, 24, 1));         // unknown id
        data::write_label_png(f.masks / "x.png", square(32, 24, 1));          // unknown id
        cv::imwrite((f.masks / "a.bmp").string(), square(32, 24, 1));         // not a PNG
        test::write_text(f.masks / "README.txt", "not a mask");               // ignored
        const auto r = voc::import_masks(f.options());
        QCOMPARE(r.imported, std::size_t(1));
        QCOMPARE(r.refused, std::size_t(5));
        QVERIFY(find(r, f.masks / "b.png", "RGB"));
        QVERIFY(find(r, f.masks / "c.png", "30x24"));
        QVERIFY(find(r, f.masks / "zz.png", "no image 'zz'"));
        QVERIFY(find(r, f.masks / "a.bmp", "only PNG"));
        QVERIFY(fs::exists(f.out / "a.png"));
        QVERIFY(!fs::exists(f.out / "b.png"));
        QVERIFY(!fs::exists(f.out / "c.png"));
    }

    void unknownValuesAreRefused() {
        Fixture f;
        data::write_label_png(f.masks / "a.png", square(32, 24, 3));  // 2 classes: 3 is unknown
        const auto r = voc::import_masks(f.options());
        QCOMPARE(r.imported, std::size_t(0));
        QVERIFY(find(r, f.masks / "a.png", "value 3"));
    }

    void vocSourceUsesSegmentationClass() {
        Fixture f;
        const fs::path voc_root = f.root / "voc";
        const fs::path seg = voc_root / "VOCdevkit" / "VOC2012" / "SegmentationClass";
        fs::create_directories(seg);
        data::write_label_png(seg / "c.png", square(32, 24, 2));
        QCOMPARE(voc::resolve_mask_folder(voc_root), seg);
        auto o = f.options();
        o.source = voc_root;
        const auto r = voc::import_masks(o);
        QCOMPARE(r.imported, std::size_t(1));
        QCOMPARE(r.source_folder, seg);
        QVERIFY(fs::exists(f.out / "c.png"));
    }

    void checkRefusesBadOptions() {
        Fixture f;
        auto o = f.options();
        o.version = "gt";
        QVERIFY_THROWS_EXCEPTION(Error, o.check());
        o = f.options();
        o.source = f.root / "missing";
        QVERIFY_THROWS_EXCEPTION(Error, o.check());
        o = f.options();
        o.output = f.masks;  // into the source itself
        data::write_label_png(f.masks / "a.png", square(32, 24, 1));
        o.update = true;
        QVERIFY_THROWS_EXCEPTION(Error, o.check());
    }

    void cliImportThenExport() {
        Fixture f;
        data::write_label_png(f.masks / "a.png", square(32, 24, 1));
        cv::imwrite((f.masks / "b.png").string(), cv::Mat(24, 32, CV_8UC3));  // RGB: refused
        auto r = test::run_cli(
            {"import-masks", q(f.masks), "--dataset", q(f.dataset_dir), "--out", q(f.out)});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.out.contains(q(f.masks / "b.png")) && r.out.contains("RGB"), qPrintable(r.out));
        QVERIFY2(r.out.contains("imported 1 masks"), qPrintable(r.out));
        QVERIFY(fs::exists(f.out / "a.png"));

        const fs::path exported = f.root / "export";
        // The folder must be named in the priority, or it would be ignored.
        r = test::run_cli({"export-voc", "--dataset", q(f.dataset_dir), "--out", q(exported),
                           "--masks", "imported=" + q(f.out)});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("--priority"), qPrintable(r.err));
        r = test::run_cli({"export-voc", "--dataset", q(f.dataset_dir), "--out", q(exported),
                           "--masks", "imported=" + q(f.out), "--priority", "human,imported"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("exported 1 images") && r.out.contains("imported 1"),
                 qPrintable(r.out));
        const fs::path voc = exported / "VOCdevkit" / "VOC2012";
        QCOMPARE(read_file(voc / "ImageSets" / "Segmentation" / "train.txt"), std::string("a\n"));
        QCOMPARE(read_file(voc / "JPEGImages" / "a.jpg"),
                 read_file(f.dataset_dir / "images" / "a.jpg"));

        // Again into the same folder: refused without --update / --overwrite.
        r = test::run_cli({"export-voc", "--dataset", q(f.dataset_dir), "--out", q(exported),
                           "--masks", "imported=" + q(f.out), "--priority", "imported"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("--update") && r.err.contains("--overwrite"), qPrintable(r.err));
        r = test::run_cli({"export-voc", "--dataset", q(f.dataset_dir), "--out", q(exported),
                           "--masks", "imported=" + q(f.out), "--priority", "imported",
                           "--update"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("unchanged since the last export 1"), qPrintable(r.out));
        QCOMPARE(test::run_cli({"export-voc", "--dataset", q(f.dataset_dir), "--out", q(exported),
                                "--priority", "gt", "--update", "--overwrite"})
                     .exit_code,
                 2);  // mutually exclusive

        // --only-ids naming an unknown id names the list file.
        test::write_text(f.root / "ids.txt", "a\nnot_there\n");
        r = test::run_cli({"export-voc", "--dataset", q(f.dataset_dir), "--out",
                           q(f.root / "export2"), "--priority", "gt", "--only-ids",
                           q(f.root / "ids.txt")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(q(f.root / "ids.txt")) && r.err.contains("not_there"),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestMaskImport)
#include "test_mask_import.moc"
