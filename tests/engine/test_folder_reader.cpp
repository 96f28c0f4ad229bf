// The plain-folder reader and its tags.csv parser: header, quotes, classes, splits, bad input.

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <functional>

#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/folder_reader.h"
#include "engine/data/label_png.h"
#include "support/test_support.h"

using namespace amr::data;
using amr::test::to_path;
using amr::test::write_test_image;
using amr::test::write_text;
namespace fs = std::filesystem;

namespace {

using amr::test::error_of;

std::vector<std::string> ids(const Dataset& ds) {
    std::vector<std::string> out;
    for (const auto& r : ds.images())
        out.push_back(r.id);
    return out;
}

}  // namespace

class TestFolderReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesCsvQuotesAndLines() {
        QTemporaryDir tmp;
        fs::path f = to_path(tmp.path()) / "tags.csv";
        write_text(f,
                   "\xEF\xBB\xBFimage,tags,split\r\n"
                   "a.jpg, dog ; cat ;,val\r\n"
                   "\r\n"
                   "\"b, the second.jpg\",\"person;\"\"odd\"\"\"\n"
                   "\"multi\nline.jpg\",,test\n"
                   "c.jpg\n"
                   "d.jpg,cat,\n");
        std::vector<TagRow> rows = read_tags_csv(f);
        QCOMPARE(rows.size(), std::size_t(5));
        QCOMPARE(rows[0].image, std::string("a.jpg"));
        QCOMPARE(rows[0].tags, (std::vector<std::string>{"dog", "cat"}));
        QCOMPARE(rows[0].split, std::string("val"));
        QCOMPARE(rows[0].line, 2);
        QCOMPARE(rows[1].image, std::string("b, the second.jpg"));
        QCOMPARE(rows[1].tags, (std::vector<std::string>{"person", "\"odd\""}));
        QCOMPARE(rows[1].split, std::string());
        QCOMPARE(rows[1].line, 4);
        QCOMPARE(rows[2].image, std::string("multi\nline.jpg"));
        QVERIFY(rows[2].tags.empty());
        QCOMPARE(rows[2].split, std::string("test"));
        QCOMPARE(rows[3].line, 7);
        QCOMPARE(rows[3].image, std::string("c.jpg"));
        QCOMPARE(rows[4].line, 8);
    }

    void folderWithHeaderClassesImagesAndMasks() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path());
        write_text(root / "classes.txt", "cat\ndog\nbird\n");
        write_text(root / "tags.csv",
                   "image,tags,split\n"
                   "0001.jpg,dog;cat,train\n"
                   "\"pic, 2.png\", bird ,val\n"
                   "0003,,val\n");
        write_test_image(root / "images/0001.jpg", 6, 4);
        write_test_image(root / "images/pic, 2.png", 6, 4);
        write_test_image(root / "images/0003.jpg", 6, 4);
        write_test_image(root / "images/0003.png", 6, 4);  // .jpg is preferred for id "0003"
        write_test_image(root / "images/unlisted.jpg", 6, 4);
        fs::create_directories(root / "masks");
        write_label_png(root / "masks/0003.png", cv::Mat(4, 6, CV_8UC1, cv::Scalar(2)));

        Dataset ds = open_dataset(root);
        QCOMPARE(ds.format(), DatasetFormat::Folder);
        QCOMPARE(ds.root(), root);
        QCOMPARE(ds.classes().names(), (std::vector<std::string>{"cat", "dog", "bird"}));
        QCOMPARE(ids(ds), (std::vector<std::string>{"0001", "pic, 2", "0003"}));
        QCOMPARE(ds[0].image, root / "images/0001.jpg");
        QCOMPARE(ds[1].image, root / "images/pic, 2.png");
        QCOMPARE(ds[2].image, root / "images/0003.jpg");
        QCOMPARE(ds[0].tags, (std::vector<std::uint16_t>{0, 1}));
        QCOMPARE(ds[1].tags, (std::vector<std::uint16_t>{2}));
        QVERIFY(ds[2].tags.empty());
        QCOMPARE(ds.split_names(), (std::vector<std::string>{"train", "val"}));
        QCOMPARE(ds.split("val"), (std::vector<std::size_t>{1, 2}));
        QVERIFY(!ds[0].mask);
        QCOMPARE(ds[2].mask.value(), root / "masks/0003.png");
        QCOMPARE(ds.find("0003"), 2L);
        QCOMPARE(ds.find("3"), -1L);
        QCOMPARE(ds.warnings().size(), std::size_t(2));
        QVERIFY(QString::fromStdString(ds.warnings()[0]).contains("1 of 3 images have no tags"));
        QVERIFY(QString::fromStdString(ds.warnings()[1]).contains("1 images in"));
    }

    void folderWithoutHeaderOrClasses() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path());
        write_text(root / "tags.csv", "x.jpg,zebra;ant\ny.jpg,ant\n");
        write_test_image(root / "x.jpg", 5, 5);
        write_test_image(root / "y.jpg", 5, 5);
        Dataset ds = open_dataset(root);
        // Sorted unique tag names.
        QCOMPARE(ds.classes().names(), (std::vector<std::string>{"ant", "zebra"}));
        QCOMPARE(ds[0].image, root / "x.jpg");
        QCOMPARE(ds[0].tags, (std::vector<std::uint16_t>{0, 1}));
        QCOMPARE(ds[1].tags, (std::vector<std::uint16_t>{0}));
        QCOMPARE(ds.split_names(), (std::vector<std::string>{"train"}));
        QCOMPARE(ds.split("train").size(), std::size_t(2));
        QCOMPARE(ds.count_with_mask(), std::size_t(0));
        QVERIFY(ds.warnings().empty());
    }

    void tagsNamingUnknownClasses() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path());
        write_text(root / "classes.txt", "cat\ndog\n");
        write_text(root / "tags.csv", "image,tags\na.jpg,cat\nb.jpg,dog;zebra\n");
        write_test_image(root / "a.jpg", 4, 4);
        write_test_image(root / "b.jpg", 4, 4);
        QString msg = error_of([&] { open_dataset(root); });
        QVERIFY2(msg.contains("tags.csv") && msg.contains("line 3") &&
                     msg.contains("unknown class 'zebra'"),
                 qPrintable(msg));
    }

    void duplicateIds() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path());
        write_text(root / "tags.csv", "a.jpg,cat\nb.jpg,dog\na.png,dog\n");
        write_test_image(root / "a.jpg", 4, 4);
        write_test_image(root / "a.png", 4, 4);
        write_test_image(root / "b.jpg", 4, 4);
        QString msg = error_of([&] { open_dataset(root); });
        QVERIFY2(msg.contains("tags.csv") && msg.contains("line 3") &&
                     msg.contains("duplicate image id 'a'") && msg.contains("also on line 1"),
                 qPrintable(msg));
    }

    void missingImage() {
        QTemporaryDir tmp;
        fs::path root = to_path(tmp.path());
        write_text(root / "tags.csv", "image,tags\na.jpg,cat\nghost.jpg,dog\n");
        write_test_image(root / "images/a.jpg", 4, 4);
        QString msg = error_of([&] { open_dataset(root); });
        QVERIFY2(msg.contains("tags.csv") && msg.contains("line 3") &&
                     msg.contains("'ghost.jpg' not found"),
                 qPrintable(msg));
    }

    void malformedCsv() {
        QTemporaryDir tmp;
        fs::path f = to_path(tmp.path()) / "tags.csv";
        write_text(f, "a.jpg,cat\nb.jpg,\"dog;cat\n");
        QString msg = error_of([&] { read_tags_csv(f); });
        QVERIFY2(msg.contains("tags.csv") && msg.contains("line 2") && msg.contains("never closed"),
                 qPrintable(msg));
        write_text(f, "a.jpg,cat\nb.jpg,dog,cat,train\n");
        msg = error_of([&] { read_tags_csv(f); });
        QVERIFY2(msg.contains("line 2") && msg.contains("4 fields"), qPrintable(msg));
        write_text(f, "a.jpg,\"cat\"x\n");
        msg = error_of([&] { read_tags_csv(f); });
        QVERIFY2(msg.contains("line 1") && msg.contains("after a closing quote"), qPrintable(msg));
    }

    // Issue 18: a two-column header (image,tags) has no split column, so a row with a third
    // field lost a tag to the split ("grape,lemon" written with ',' instead of ';').
    void rowWiderThanItsHeader() {
        QTemporaryDir tmp;
        fs::path f = to_path(tmp.path()) / "tags.csv";
        write_text(f, "image,tags\nimg_001.jpg,apple\nimg_002.jpg,pear\nimg_003.jpg,grape,lemon\n");
        QString msg = error_of([&] { read_tags_csv(f); });
        QVERIFY2(msg.contains("tags.csv") && msg.contains("line 4") &&
                     msg.contains("the header has 2 columns") && msg.contains("3 fields"),
                 qPrintable(msg));
        // The same row is fine when the header names the split column.
        write_text(f, "image,tags,split\nimg_003.jpg,grape,val\n");
        std::vector<TagRow> rows = read_tags_csv(f);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].tags, (std::vector<std::string>{"grape"}));
        QCOMPARE(rows[0].split, std::string("val"));
        // A third header column that is not the split, or a fourth, is named.
        write_text(f, "image,tags,notes\na.jpg,cat,x\n");
        msg = error_of([&] { read_tags_csv(f); });
        QVERIFY2(msg.contains("line 1") && msg.contains("unknown third column 'notes'"),
                 qPrintable(msg));
        write_text(f, "image,tags,split,extra\na.jpg,cat,train,x\n");
        msg = error_of([&] { read_tags_csv(f); });
        QVERIFY2(msg.contains("line 1") && msg.contains("4 columns"), qPrintable(msg));
        // Through the dataset reader too: the error names tags.csv and the line.
        fs::path root = to_path(tmp.path()) / "fruit";
        write_text(root / "tags.csv", "image,tags\na.jpg,grape\nb.jpg,grape,lemon\n");
        write_test_image(root / "a.jpg", 4, 4);
        write_test_image(root / "b.jpg", 4, 4);
        msg = error_of([&] { open_dataset(root); });
        QVERIFY2(msg.contains("tags.csv") && msg.contains("line 3"), qPrintable(msg));
    }
};

QTEST_GUILESS_MAIN(TestFolderReader)
#include "test_folder_reader.moc"
