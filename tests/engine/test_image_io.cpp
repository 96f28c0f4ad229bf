// Photo decoding and header-only size probes.

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <random>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/image_io.h"
#include "support/test_support.h"

namespace fs = std::filesystem;

namespace {

using amr::test::error_of;

// A JPEG whose APP1 segment says "rotate 90 degrees" (EXIF orientation 6), as phones write.
std::string with_exif_orientation_6(const std::string& jpeg) {
    const unsigned char tiff[] = {
        'I',  'I',  42, 0, 8, 0, 0, 0,              // little-endian TIFF header, IFD at offset 8
        1,    0,                                    // one entry
        0x12, 0x01, 3,  0, 1, 0, 0, 0, 6, 0, 0, 0,  // Orientation (0x0112), SHORT, 1, value 6
        0,    0,    0,  0};                         // no next IFD
    std::string payload =
        std::string("Exif\0\0", 6) + std::string(reinterpret_cast<const char*>(tiff), sizeof tiff);
    std::size_t len = payload.size() + 2;
    std::string app1 = {char(0xFF), char(0xE1), char(len >> 8), char(len & 0xFF)};
    return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

}  // namespace

class TestImageIo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        root_ = amr::test::to_path(dir_->path());
    }

    void readsJpegAndPng() {
        fs::path jpg = root_ / "a.jpg";
        amr::test::write_test_image(jpg, 31, 17, cv::Scalar(40, 120, 200));
        cv::Mat img = amr::data::read_image(jpg);
        QCOMPARE(img.type(), CV_8UC3);
        QCOMPARE(img.size(), cv::Size(31, 17));
        cv::Vec3b px = img.at<cv::Vec3b>(8, 15);  // lossy, but close to the colour written
        QVERIFY(std::abs(px[0] - 40) <= 4 && std::abs(px[1] - 120) <= 4 &&
                std::abs(px[2] - 200) <= 4);

        fs::path png = root_ / "b.png";
        amr::test::write_test_image(png, 9, 12, cv::Scalar(1, 2, 3));
        img = amr::data::read_image(png);
        QCOMPARE(img.size(), cv::Size(9, 12));
        QCOMPARE(img.at<cv::Vec3b>(11, 8), cv::Vec3b(1, 2, 3));  // lossless

        fs::path gray = root_ / "gray.png";  // grayscale and 16-bit come back as 8-bit BGR
        QVERIFY(cv::imwrite(gray.string(), cv::Mat(4, 5, CV_16UC1, cv::Scalar(65535))));
        img = amr::data::read_image(gray);
        QCOMPARE(img.type(), CV_8UC3);
        QCOMPARE(img.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));
    }

    void missingFileNamesIt() {
        fs::path missing = root_ / "gone.jpg";
        QString msg = error_of([&] { amr::data::read_image(missing); });
        QVERIFY2(msg.contains(QString::fromStdString(missing.string())), qPrintable(msg));
        QVERIFY2(msg.contains("no such file"), qPrintable(msg));
        QVERIFY(error_of([&] { amr::data::read_image_size(missing); }).contains("gone.jpg"));
        QVERIFY(error_of([&] { amr::data::read_image(root_); }).contains("not a regular file"));
    }

    void corruptJpegNamesTheFile() {
        std::mt19937 rng(42);
        std::string noise(4096, '\0');
        for (auto& c : noise)
            c = char(rng() & 0xFF);
        fs::path random_bytes = root_ / "noise.jpg";
        amr::test::write_text(random_bytes, noise);
        QString msg = error_of([&] { amr::data::read_image(random_bytes); });
        QVERIFY2(msg.startsWith(QString::fromStdString(random_bytes.string())), qPrintable(msg));
        QVERIFY2(msg.contains("cannot decode"), qPrintable(msg));
        QVERIFY(error_of([&] { amr::data::read_image_size(random_bytes); }).contains("noise.jpg"));

        fs::path good = root_ / "good.jpg";
        amr::test::write_test_image(good, 64, 48);
        std::string bytes = amr::read_file(good);
        fs::path header = root_ / "header.jpg";  // SOI and a bit of the first segment only
        amr::test::write_text(header, bytes.substr(0, 40));
        msg = error_of([&] { amr::data::read_image(header); });
        QVERIFY2(msg.contains("header.jpg"), qPrintable(msg));
        msg = error_of([&] { amr::data::read_image_size(header); });
        QVERIFY2(msg.contains("header.jpg") && msg.contains("corrupt JPEG"), qPrintable(msg));

        // Cut in the middle of the image data: libjpeg alone would return a half-grey image.
        cv::Mat noisy(120, 160, CV_8UC3);
        cv::randu(noisy, 0, 256);
        std::vector<std::uint8_t> buf;
        QVERIFY(cv::imencode(".jpg", noisy, buf));
        fs::path cut = root_ / "cut.jpg";
        amr::test::write_text(cut, std::string(buf.begin(), buf.begin() + buf.size() / 2));
        msg = error_of([&] { amr::data::read_image(cut); });
        QVERIFY2(msg.contains("cut.jpg") && msg.contains("truncated"), qPrintable(msg));
        // Trailing bytes after the end marker (some cameras add them) are fine.
        fs::path trailing = root_ / "trailing.jpg";
        amr::test::write_text(trailing, std::string(buf.begin(), buf.end()) + "extra data");
        QCOMPARE(amr::data::read_image(trailing).size(), cv::Size(160, 120));

        fs::path empty = root_ / "empty.jpg";
        amr::test::write_text(empty, "");
        QVERIFY(error_of([&] { amr::data::read_image(empty); }).contains("empty.jpg"));
        QVERIFY(error_of([&] { amr::data::read_image_size(empty); }).contains("empty.jpg"));
    }

    void sizeProbeMatchesTheDecode() {
        const std::vector<std::pair<std::string, cv::Size>> cases = {{"wide.jpg", {123, 45}},
                                                                     {"tall.JPEG", {7, 300}},
                                                                     {"odd.png", {257, 3}},
                                                                     {"bmp.bmp", {10, 20}}};
        for (const auto& [name, size] : cases) {
            fs::path file = root_ / name;
            cv::Mat img(size, CV_8UC3, cv::Scalar(9, 99, 199));
            std::vector<std::uint8_t> buf;
            std::string ext = name.substr(name.find('.'));
            for (auto& c : ext)
                c = char(std::tolower(c));
            QVERIFY(cv::imencode(ext == ".jpeg" ? ".jpg" : ext, img, buf));
            amr::test::write_text(file, std::string(buf.begin(), buf.end()));
            QCOMPARE(amr::data::read_image_size(file), size);
            QCOMPARE(amr::data::read_image(file).size(), size);
        }
        // Progressive JPEGs have their frame header in another marker (SOF2).
        fs::path progressive = root_ / "progressive.jpg";
        QVERIFY(cv::imwrite(progressive.string(), cv::Mat(33, 65, CV_8UC3, cv::Scalar(5)),
                            {cv::IMWRITE_JPEG_PROGRESSIVE, 1}));
        QCOMPARE(amr::data::read_image_size(progressive), cv::Size(65, 33));
    }

    void misnamedFilesAreMeasuredByContent() {
        fs::path png_as_jpg = root_ / "really_png.jpg";
        std::vector<std::uint8_t> buf;
        QVERIFY(cv::imencode(".png", cv::Mat(14, 22, CV_8UC3, cv::Scalar(3)), buf));
        amr::test::write_text(png_as_jpg, std::string(buf.begin(), buf.end()));
        QCOMPARE(amr::data::read_image(png_as_jpg).size(), cv::Size(22, 14));
        QCOMPARE(amr::data::read_image_size(png_as_jpg), cv::Size(22, 14));
    }

    void exifOrientationIsIgnoredLikePil() {
        // PIL and torchvision keep the stored pixels; a mask made with them has that size.
        std::vector<std::uint8_t> buf;
        QVERIFY(cv::imencode(".jpg", cv::Mat(20, 50, CV_8UC3, cv::Scalar(7, 70, 170)), buf));
        fs::path file = root_ / "phone.jpg";
        amr::test::write_text(file, with_exif_orientation_6(std::string(buf.begin(), buf.end())));
        QCOMPARE(amr::data::read_image_size(file), cv::Size(50, 20));
        QCOMPARE(amr::data::read_image(file).size(), cv::Size(50, 20));

        // An EXIF thumbnail is a whole JPEG with its own end marker; a cut main image must still
        // count as truncated.
        std::vector<std::uint8_t> thumb;
        QVERIFY(cv::imencode(".jpg", cv::Mat(8, 8, CV_8UC3, cv::Scalar(1)), thumb));
        cv::Mat noisy(64, 64, CV_8UC3);
        cv::randu(noisy, 0, 256);
        QVERIFY(cv::imencode(".jpg", noisy, buf));
        std::string payload = std::string("Exif\0\0", 6) + std::string(thumb.begin(), thumb.end());
        std::size_t len = payload.size() + 2;
        std::string app1 = {char(0xFF), char(0xE1), char(len >> 8), char(len & 0xFF)};
        std::string whole = std::string(buf.begin(), buf.begin() + 2) + app1 + payload +
                            std::string(buf.begin() + 2, buf.end());
        fs::path with_thumb = root_ / "thumb.jpg";
        amr::test::write_text(with_thumb, whole);
        QCOMPARE(amr::data::read_image(with_thumb).size(), cv::Size(64, 64));
        amr::test::write_text(with_thumb, whole.substr(0, whole.size() - 200));
        QVERIFY(error_of([&] { amr::data::read_image(with_thumb); }).contains("truncated"));
    }

    void imageExtensions() {
        for (const char* name : {"a.jpg", "a.JPG", "b.jpeg", "c.png", "d.PNG", "e.bmp", "f.tif",
                                 "g.tiff", "h.webp", "dir/i.Jpeg"})
            QVERIFY2(amr::data::is_image_extension(name), name);
        for (const char* name : {"a.txt", "b.xml", "c", "png", "d.png.bak", ".jpg.part", "e.gif"})
            QVERIFY2(!amr::data::is_image_extension(name), name);
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    fs::path root_;
};

QTEST_GUILESS_MAIN(TestImageIo)
#include "test_image_io.moc"
