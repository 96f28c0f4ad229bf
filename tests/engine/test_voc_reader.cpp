// The VOC reader: layout detection, ids, splits, tags from XML or tags.csv, masks, bad input.

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <functional>

#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "engine/data/voc_reader.h"
#include "support/test_support.h"

using namespace amr::data;
using amr::test::to_path;
using amr::test::write_test_image;
using amr::test::write_text;
namespace fs = std::filesystem;

namespace {

using amr::test::error_of;

std::string xml(std::initializer_list<std::string> objects, const std::string& part = {}) {
    std::string s = "<annotation>\n  <folder>VOC2012</folder>\n  <size><width>8</width></size>\n";
    for (const auto& o : objects) {
        s += "  <object>\n    <name>" + o + "</name>\n    <difficult>1</difficult>\n";
        if (!part.empty())
            s += "    <part><name>" + part + "</name></part>\n";
        s += "  </object>\n";
    }
    return s + "</annotation>\n";
}

void write_mask(const fs::path& file, int w, int h, int value) {
    fs::create_directories(file.parent_path());
    write_label_png(file, cv::Mat(h, w, CV_8UC1, cv::Scalar(value)));
}

std::vector<std::string> ids(const Dataset& ds) {
    std::vector<std::string> out;
    for (const auto& r : ds.images())
        out.push_back(r.id);
    return out;
}

std::vector<std::uint16_t> tags(std::initializer_list<const char*> names) {
    std::vector<std::uint16_t> out;
    for (auto n : names)
        out.push_back(static_cast<std::uint16_t>(ClassList::voc().index_of(n)));
    std::sort(out.begin(), out.end());
    return out;
}

// A small VOC tree: three images (one PNG), lists train/val, one mask, XML with parts.
void make_voc(const fs::path& voc) {
    write_test_image(voc / "JPEGImages/2007_000032.jpg", 8, 6);
    write_test_image(voc / "JPEGImages/000123.jpg", 8, 6);
    write_test_image(voc / "JPEGImages/2008_000001.png", 8, 6);
    write_test_image(voc / "JPEGImages/2009_999999.jpg", 8, 6);  // in no list
    // "head" is no class and "cat" is one: parts must be ignored either way.
    write_text(voc / "Annotations/2007_000032.xml", xml({"dog", "person", "dog"}, "head"));
    write_text(voc / "Annotations/000123.xml", xml({"person"}, "cat"));
    write_text(voc / "Annotations/2008_000001.xml", xml({" aeroplane\n"}));
    write_text(voc / "ImageSets/Segmentation/train.txt", "2007_000032\n000123\n");
    write_text(voc / "ImageSets/Segmentation/val.txt", "2008_000001\r\n000123\r\n\r\n");
    write_mask(voc / "SegmentationClass/2007_000032.png", 8, 6, 12);
}

}  // namespace

class TestVocReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsListsTagsAndMasks() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path());
        make_voc(root);
        Dataset ds = open_dataset(root);
        QCOMPARE(ds.format(), DatasetFormat::Voc);
        QCOMPARE(ds.root(), root);
        QVERIFY(ds.classes() == ClassList::voc());
        QCOMPARE(ids(ds), (std::vector<std::string>{"2007_000032", "000123", "2008_000001"}));
        QCOMPARE(ds.find("000123"), 1L);
        QCOMPARE(ds.find("123"), -1L);  // ids are strings: leading zeros matter
        QCOMPARE(ds[2].image, root / "JPEGImages/2008_000001.png");
        QCOMPARE(ds[0].tags, tags({"dog", "person"}));
        QCOMPARE(ds[1].tags, tags({"person"}));
        QCOMPARE(ds[2].tags, tags({"aeroplane"}));
        QCOMPARE(ds.split_names(), (std::vector<std::string>{"train", "val"}));
        QCOMPARE(ds.split("train"), (std::vector<std::size_t>{0, 1}));
        QCOMPARE(ds.split("val"), (std::vector<std::size_t>{1, 2}));
        QVERIFY(ds.split("trainval").empty());
        QCOMPARE(ds.resolve_split("auto"), std::string("train"));  // no train_aug list
        QCOMPARE(ds.resolve_split("val"), std::string("val"));
        QCOMPARE(ds[0].mask.value(), root / "SegmentationClass/2007_000032.png");
        QVERIFY(!ds[1].mask);
        QCOMPARE(ds.count_with_mask(), std::size_t(1));
        QVERIFY(ds.warnings().empty());
    }

    void findsVocdevkitFolder() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path());
        make_voc(root / "VOCdevkit/VOC2012");
        QCOMPARE(find_voc_root(root).value(), root / "VOCdevkit/VOC2012");
        Dataset ds = open_dataset(root.string() + "/");
        QCOMPARE(ds.root(), root / "VOCdevkit/VOC2012");
        QCOMPARE(ds.size(), std::size_t(3));
        QCOMPARE(ds[0].image, root / "VOCdevkit/VOC2012/JPEGImages/2007_000032.jpg");
        QVERIFY(!find_voc_root(root / "VOCdevkit/VOC2012/JPEGImages"));
    }

    void augListsAndMasks() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        for (auto id : {"a", "b", "c", "d"})
            write_test_image(voc / "JPEGImages" / (std::string(id) + ".jpg"), 4, 4);
        write_text(voc / "ImageSets/Segmentation/train.txt", "a\n");
        // DeepLab-style train_aug lines name paths; the id is the stem.
        write_text(voc / "ImageSets/Segmentation/train_aug.txt",
                   "/JPEGImages/a.jpg /SegmentationClassAug/a.png\n"
                   "/JPEGImages/b.jpg /SegmentationClassAug/b.png\n");
        write_text(voc / "ImageSets/SegmentationAug/val_aug.txt", "c\nd.jpg\n");
        write_mask(voc / "SegmentationClass/a.png", 4, 4, 0);
        write_mask(voc / "SegmentationClassAug/a.png", 4, 4, 0);
        write_mask(voc / "SegmentationClassAug/b.png", 4, 4, 0);
        Dataset ds = open_dataset(voc);
        QCOMPARE(ids(ds), (std::vector<std::string>{"a", "b", "c", "d"}));
        QCOMPARE(ds.split_names(), (std::vector<std::string>{"train", "train_aug", "val_aug"}));
        QCOMPARE(ds.split("train_aug"), (std::vector<std::size_t>{0, 1}));
        QCOMPARE(ds.split("val_aug"), (std::vector<std::size_t>{2, 3}));
        // The official training list wins where it exists (docs/method.md §1.2).
        QCOMPARE(ds.resolve_split("auto"), std::string("train_aug"));
        QCOMPARE(ds.resolve_split("train"), std::string("train"));
        QCOMPARE(ds[0].mask.value(), voc / "SegmentationClass/a.png");
        QCOMPARE(ds[1].mask.value(), voc / "SegmentationClassAug/b.png");
        QVERIFY(!ds[2].mask);
        // No Annotations at all: one warning counting the images without XML.
        QCOMPARE(ds.warnings().size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(ds.warnings()[0]).contains("4 of 4 images have no XML"),
                 ds.warnings()[0].c_str());
    }

    void withoutListsEveryImageIsInAll() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        write_test_image(voc / "JPEGImages/010.jpg", 4, 4);
        write_test_image(voc / "JPEGImages/002.jpg", 4, 4);
        write_text(voc / "JPEGImages/readme.txt", "not an image");
        write_text(voc / "Annotations/010.xml", xml({"cat"}));
        Dataset ds = open_dataset(voc);
        QCOMPARE(ids(ds), (std::vector<std::string>{"002", "010"}));
        QCOMPARE(ds.split_names(), (std::vector<std::string>{"all"}));
        QCOMPARE(ds.split("all").size(), std::size_t(2));
        QVERIFY(ds[0].tags.empty());
        QCOMPARE(ds[1].tags, tags({"cat"}));
        QCOMPARE(ds.warnings().size(), std::size_t(1));
        QVERIFY(QString::fromStdString(ds.warnings()[0]).contains("1 of 2 images have no XML"));
    }

    void classesTxtAndTagsCsvOverrideXml() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        write_test_image(voc / "JPEGImages/x1.jpg", 4, 4);
        write_test_image(voc / "JPEGImages/x2.jpg", 4, 4);
        write_text(voc / "ImageSets/Segmentation/train.txt", "x1\nx2\n");
        write_text(voc / "classes.txt", "background\nsneaker\nbag\ncoat\n");
        // Broken XML proves tags.csv replaces the XML entirely.
        write_text(voc / "Annotations/x1.xml", "<annotation><object>");
        write_text(voc / "tags.csv", "image,tags\nx1.jpg,coat; bag\n");
        Dataset ds = open_dataset(voc);
        QCOMPARE(ds.classes().names(), (std::vector<std::string>{"sneaker", "bag", "coat"}));
        QCOMPARE(ds[0].tags, (std::vector<std::uint16_t>{1, 2}));
        QVERIFY(ds[1].tags.empty());
        QCOMPARE(ds.warnings().size(), std::size_t(1));
        QVERIFY(QString::fromStdString(ds.warnings()[0]).contains("1 of 2 images are not in"));

        // Without tags.csv the XML is read, with the custom classes.
        fs::remove(voc / "tags.csv");
        write_text(voc / "Annotations/x1.xml", xml({"bag"}));
        write_text(voc / "Annotations/x2.xml", xml({"sneaker", "coat"}));
        ds = open_dataset(voc);
        QCOMPARE(ds[0].tags, (std::vector<std::uint16_t>{1}));
        QCOMPARE(ds[1].tags, (std::vector<std::uint16_t>{0, 2}));
    }

    void missingFolder() {
        QTemporaryDir tmp;
        fs::path gone = to_path(tmp.path()) / "no_such_dataset";
        QString msg = error_of([&] { open_dataset(gone); });
        QVERIFY2(msg.contains("no_such_dataset") && msg.contains("no such folder"),
                 qPrintable(msg));
    }

    void folderThatIsNoDataset() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path()) / "photos";
        write_text(root / "a.txt", "x");
        QString msg = error_of([&] { open_dataset(root); });
        QVERIFY2(msg.contains("photos") && msg.contains("JPEGImages") && msg.contains("tags.csv"),
                 qPrintable(msg));
    }

    void malformedXml() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        make_voc(voc);
        write_text(voc / "Annotations/000123.xml",
                   "<annotation>\n  <object>\n    <name>dog</nam>\n  </object>\n</annotation>\n");
        QString msg = error_of([&] { open_dataset(voc); });
        QVERIFY2(msg.contains("Annotations/000123.xml") && msg.contains("line 3") &&
                     msg.contains("malformed XML") && msg.contains("mismatch"),
                 qPrintable(msg));
    }

    void xmlWithUnknownClass() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        make_voc(voc);
        write_text(voc / "Annotations/2008_000001.xml", xml({"dog", "doggo"}));
        QString msg = error_of([&] { open_dataset(voc); });
        QVERIFY2(msg.contains("2008_000001.xml") && msg.contains("line 9") &&
                     msg.contains("unknown class 'doggo'"),
                 qPrintable(msg));
    }

    void tagsCsvWithUnknownClass() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        make_voc(voc);
        write_text(voc / "tags.csv", "2007_000032,dog\n000123,person;unicorn\n");
        QString msg = error_of([&] { open_dataset(voc); });
        QVERIFY2(msg.contains("tags.csv") && msg.contains("line 2") &&
                     msg.contains("unknown class 'unicorn'"),
                 qPrintable(msg));
    }

    void idListedTwice() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        make_voc(voc);
        write_text(voc / "ImageSets/Segmentation/train.txt", "2007_000032\n000123\n2007_000032\n");
        QString msg = error_of([&] { open_dataset(voc); });
        QVERIFY2(msg.contains("train.txt") && msg.contains("line 3") &&
                     msg.contains("'2007_000032' is listed twice") && msg.contains("line 1"),
                 qPrintable(msg));
    }

    void listedImageMissing() {
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        make_voc(voc);
        write_text(voc / "ImageSets/Segmentation/val.txt", "2008_000001\n2010_000404\n");
        QString msg = error_of([&] { open_dataset(voc); });
        QVERIFY2(msg.contains("val.txt") && msg.contains("line 2") &&
                     msg.contains("'2010_000404'") && msg.contains("JPEGImages"),
                 qPrintable(msg));
    }

    void manyXmlFilesInParallel() {
        // Enough images for several parsing threads; the first bad file in order is reported.
        QTemporaryDir tmp;
        fs::path voc = to_path(tmp.path());
        std::string list;
        for (int i = 0; i < 1500; ++i) {
            char id[16];
            std::snprintf(id, sizeof id, "%05d", i);
            write_text(voc / "JPEGImages" / (std::string(id) + ".jpg"), "");
            write_text(voc / "Annotations" / (std::string(id) + ".xml"),
                       xml({i % 2 ? "cat" : "dog"}));
            list += std::string(id) + "\n";
        }
        write_text(voc / "ImageSets/Segmentation/train.txt", list);
        Dataset ds = open_dataset(voc);
        QCOMPARE(ds.size(), std::size_t(1500));
        QCOMPARE(ds[1499].tags, tags({"cat"}));
        QCOMPARE(ds[700].tags, tags({"dog"}));
        write_text(voc / "Annotations/01400.xml", xml({"dragon"}));
        write_text(voc / "Annotations/00900.xml", xml({"griffin"}));
        QString msg = error_of([&] { open_dataset(voc); });
        QVERIFY2(msg.contains("00900.xml") && msg.contains("griffin"), qPrintable(msg));
    }
};

QTEST_GUILESS_MAIN(TestVocReader)
#include "test_voc_reader.moc"
