// The VOC validator: a clean export passes; every kind of breakage is reported with its file,
// all of them in one run; `amr validate-voc` exit codes and JSON.

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/export/voc_export.h"
#include "engine/export/voc_validate.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

// A clean three-image export (classes cat, dog) made by export_voc.
struct GoodExport {
    QTemporaryDir tmp;
    fs::path root = test::to_path(tmp.path());
    fs::path out = root / "out";
    fs::path voc = voc::voc_export_root(out);

    GoodExport() {
        data::Dataset ds(root / "src", data::DatasetFormat::Folder,
                         data::ClassList({"cat", "dog"}));
        const auto train = ds.split_bit("train"), val = ds.split_bit("val");
        int n = 0;
        for (const char* id : {"a", "b", "c"}) {
            data::ImageRecord r;
            r.id = id;
            r.image = root / "src" / (r.id + ".jpg");
            test::write_test_image(r.image, 30, 20);
            cv::Mat m(20, 30, CV_8UC1, cv::Scalar(0));
            m(cv::Rect(2 + n, 2, 8, 8)).setTo(cv::Scalar(1 + n % 2));
            m.row(19).setTo(cv::Scalar(255));
            r.mask = root / "src" / (r.id + ".png");
            data::write_label_png(*r.mask, m);
            r.tags = {static_cast<std::uint16_t>(n % 2)};
            r.splits = n++ < 2 ? train : val;
            ds.add(std::move(r), root);
        }
        voc::FolderMaskSource masks;
        voc::VocExportOptions o;
        o.dataset = &ds;
        o.masks = &masks;
        o.output = out;
        o.priority = {"gt"};
        voc::export_voc(o);
    }

    voc::VocValidateReport validate(const fs::path& dir) const {
        voc::VocValidateOptions o;
        o.dir = dir;
        return voc::validate_voc(o);
    }
};

// The problem about `file` whose text contains `needle`, or nullptr.
const voc::FileProblem* find(const voc::VocValidateReport& r, const fs::path& file,
                             const std::string& needle) {
    for (const auto& p : r.problems)
        if (p.file == file && p.problem.find(needle) != std::string::npos)
            return &p;
    return nullptr;
}

std::string dump(const voc::VocValidateReport& r) {
    return voc::format_validation_text(r);
}

}  // namespace

class TestVocValidate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goodExportIsClean() {
        GoodExport g;
        for (const fs::path& dir : {g.out, g.out / "VOCdevkit", g.voc}) {
            const auto r = g.validate(dir);
            QVERIFY2(r.problems.empty(), dump(r).c_str());
            QCOMPARE(r.voc_root, g.voc);
            QCOMPARE(r.images, std::size_t(3));
            QCOMPARE(r.masks, std::size_t(3));
            QCOMPARE(r.annotations, std::size_t(3));
            QCOMPARE(r.lists, std::size_t(3));
            QCOMPARE(r.classes.names(), (std::vector<std::string>{"cat", "dog"}));
        }
    }

    void notAVocFolder() {
        QTemporaryDir tmp;
        voc::VocValidateOptions o;
        o.dir = test::to_path(tmp.path());
        QVERIFY_THROWS_EXCEPTION(Error, voc::validate_voc(o));
    }

    void everyProblemWithItsFile() {
        GoodExport g;
        const fs::path seg = g.voc / "SegmentationClass";
        const fs::path lists = g.voc / "ImageSets" / "Segmentation";
        // a: RGB mask
        cv::imwrite((seg / "a.png").string(), cv::Mat(20, 30, CV_8UC3, cv::Scalar(0, 0, 128)));
        // b: wrong size and a value outside 0..2 and 255
        cv::Mat bad(10, 12, CV_8UC1, cv::Scalar(0));
        bad.at<std::uint8_t>(1, 1) = 9;
        data::write_label_png(seg / "b.png", bad);
        // c: grayscale instead of palette
        cv::imwrite((seg / "c.png").string(), cv::Mat(20, 30, CV_8UC1, cv::Scalar(1)));
        // a mask in no list, with its image
        test::write_test_image(g.voc / "JPEGImages" / "extra.jpg", 30, 20);
        data::write_label_png(seg / "extra.png", cv::Mat(20, 30, CV_8UC1, cv::Scalar(0)));
        // a list naming an id with neither image nor mask
        test::write_text(lists / "val.txt", "c\nghost\n");
        // malformed and unknown-class XML
        test::write_text(g.voc / "Annotations" / "a.xml", "<annotation><size><width>30");
        std::string b_xml = read_file(g.voc / "Annotations" / "b.xml");
        b_xml.replace(b_xml.find("<name>dog</name>"), 16, "<name>zebra</name>");
        test::write_text(g.voc / "Annotations" / "b.xml", b_xml);

        const auto r = g.validate(g.out);
        const std::string all = dump(r);
        using voc::Severity;
        auto expect = [&](const fs::path& file, const std::string& needle, Severity s) {
            const auto* p = find(r, file, needle);
            QVERIFY2(p, (file.string() + " / " + needle + " not in:\n" + all).c_str());
            QVERIFY2(p->severity == s, (file.string() + " / " + needle).c_str());
        };
        expect(seg / "a.png", "RGB", Severity::Error);
        expect(seg / "b.png", "mask is 12x10 but JPEGImages/b.jpg is 30x20", Severity::Error);
        expect(seg / "b.png", "value 9", Severity::Error);
        expect(seg / "c.png", "grayscale", Severity::Error);
        expect(seg / "extra.png", "no list", Severity::Warning);
        expect(lists / "val.txt", "'ghost' but JPEGImages/ghost.jpg", Severity::Error);
        expect(lists / "val.txt", "SegmentationClass/ghost.png does not exist", Severity::Error);
        expect(lists / "trainval.txt", "union", Severity::Warning);
        expect(g.voc / "Annotations" / "a.xml", "XML", Severity::Error);
        expect(g.voc / "Annotations" / "b.xml", "'zebra'", Severity::Error);
        QCOMPARE(r.errors(), std::size_t(8));
        QCOMPARE(r.warnings(), std::size_t(2));
    }

    void boxesAndSizesInXml() {
        GoodExport g;
        std::string xml = read_file(g.voc / "Annotations" / "a.xml");
        xml.replace(xml.find("<width>30</width>"), 17, "<width>31</width>");
        xml.replace(xml.find("<xmin>"), 7, "<xmin>0");  // 1-based: 0 is outside
        test::write_text(g.voc / "Annotations" / "a.xml", xml);
        const auto r = g.validate(g.voc);
        QVERIFY2(find(r, g.voc / "Annotations" / "a.xml", "says 31x20"), dump(r).c_str());
        QVERIFY2(find(r, g.voc / "Annotations" / "a.xml", "not inside"), dump(r).c_str());
    }

    void classesOption() {
        GoodExport g;
        voc::VocValidateOptions o;
        o.dir = g.out;
        o.classes = data::ClassList({"cat"});  // dog (2) becomes an unknown value and name
        const auto r = voc::validate_voc(o);
        QVERIFY2(find(r, g.voc / "SegmentationClass" / "b.png", "value 2"), dump(r).c_str());
        QVERIFY2(find(r, g.voc / "Annotations" / "b.xml", "'dog'"), dump(r).c_str());
        QCOMPARE(r.classes_from, std::string("the given class list"));
    }

    void nonStandardLayoutIsAWarning() {
        GoodExport g;
        const fs::path moved = g.root / "plain";
        fs::rename(g.voc, moved);
        const auto r = g.validate(moved);
        QCOMPARE(r.errors(), std::size_t(0));
        QVERIFY2(find(r, moved, "VOCdevkit/VOC2012"), dump(r).c_str());
    }

    void cliExitCodesAndJson() {
        GoodExport g;
        auto ok = test::run_cli({"validate-voc", q(g.out)});
        QCOMPARE(ok.exit_code, 0);
        QVERIFY2(ok.out.contains("no problems found"), qPrintable(ok.out));

        cv::imwrite((g.voc / "SegmentationClass" / "a.png").string(),
                    cv::Mat(20, 30, CV_8UC3, cv::Scalar(0, 0, 128)));
        auto bad = test::run_cli({"validate-voc", q(g.out), "--json"});
        QCOMPARE(bad.exit_code, 1);
        const auto doc = nlohmann::json::parse(bad.out.toStdString());
        QCOMPARE(doc["errors"].get<int>(), 1);
        QCOMPARE(doc["problems"][0]["file"].get<std::string>(),
                 (g.voc / "SegmentationClass" / "a.png").string());
        QCOMPARE(doc["problems"][0]["severity"].get<std::string>(), std::string("error"));

        auto missing = test::run_cli({"validate-voc", q(g.root / "nope")});
        QCOMPARE(missing.exit_code, 1);
        QVERIFY2(missing.err.contains("no such folder"), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestVocValidate)
#include "test_voc_validate.moc"
