// Label PNG I/O: palette, round trips, refusals, atomic writes.

#include <png.h>
#include <sys/resource.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::data::Rgb;

namespace {

using amr::test::error_of;

struct Chunk {
    std::string type;
    std::string data;
};

// The chunks of a PNG file, parsed by hand so the test does not trust libpng's reading of them.
std::vector<Chunk> png_chunks(const std::string& bytes) {
    std::vector<Chunk> chunks;
    std::size_t pos = 8;
    auto be32 = [&](std::size_t at) {
        const auto* b = reinterpret_cast<const unsigned char*>(bytes.data() + at);
        return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) |
               (std::uint32_t(b[2]) << 8) | std::uint32_t(b[3]);
    };
    while (pos + 12 <= bytes.size()) {
        std::uint32_t len = be32(pos);
        Chunk c{bytes.substr(pos + 4, 4), bytes.substr(pos + 8, len)};
        chunks.push_back(c);
        pos += 12 + len;
        if (c.type == "IEND")
            break;
    }
    return chunks;
}

const Chunk* find_chunk(const std::vector<Chunk>& chunks, const std::string& type) {
    for (const auto& c : chunks)
        if (c.type == type)
            return &c;
    return nullptr;
}

cv::Mat random_labels(int rows, int cols, unsigned seed) {
    std::mt19937 rng(seed);
    cv::Mat m(rows, cols, CV_8UC1);
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            unsigned r = rng() % 24;
            m.at<std::uint8_t>(y, x) = r >= 21 ? 255 : std::uint8_t(r);  // 0..20 and void
        }
    return m;
}

bool equal_mats(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

// Writes a palette or grayscale PNG with libpng directly, for layouts our writer never makes.
void write_raw_png(const fs::path& file, int width, int height, int depth, int color_type,
                   int interlace, const std::vector<png_color>& palette,
                   const std::vector<std::uint8_t>& values) {
    FILE* f = std::fopen(file.c_str(), "wb");
    QVERIFY(f);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_init_io(png, f);
    png_set_IHDR(png, info, width, height, depth, color_type, interlace,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (!palette.empty())
        png_set_PLTE(png, info, palette.data(), int(palette.size()));
    png_write_info(png, info);
    png_set_packing(png);  // rows below hold one value per byte
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; ++pass)
        for (int y = 0; y < height; ++y)
            png_write_row(png, const_cast<png_bytep>(values.data() + std::size_t(y) * width));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
}

std::vector<std::string> temp_files_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::string n = e.path().filename().string();
        if (n.find(".tmp-") != std::string::npos)
            names.push_back(n);
    }
    return names;
}

// Asserts that `fn` throws amr::Error whose message contains every one of `parts`.
}  // namespace

class TestLabelPng : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        root_ = amr::test::to_path(dir_->path());
    }

    void paletteFollowsVocRule() {
        const auto& pal = amr::data::voc_palette();
        QCOMPARE(pal[0], (Rgb{0, 0, 0}));
        QCOMPARE(pal[1], (Rgb{128, 0, 0}));
        QCOMPARE(pal[2], (Rgb{0, 128, 0}));
        QCOMPARE(pal[3], (Rgb{128, 128, 0}));
        QCOMPARE(pal[15], (Rgb{192, 128, 128}));
        QCOMPARE(pal[20], (Rgb{0, 64, 128}));
        QCOMPARE(pal[255], (Rgb{224, 224, 192}));
    }

    void writtenFileIsAnEightBitPaletteWithVocColours() {
        fs::path file = root_ / "m.png";
        amr::data::write_label_png(file, random_labels(7, 9, 1));
        std::string bytes = amr::read_file(file);
        QCOMPARE(bytes.substr(1, 3), std::string("PNG"));
        auto chunks = png_chunks(bytes);
        QVERIFY(!chunks.empty());
        QCOMPARE(chunks.front().type, std::string("IHDR"));
        const std::string& ihdr = chunks.front().data;
        QCOMPARE(int(std::uint8_t(ihdr[8])), 8);  // bit depth
        QCOMPARE(int(std::uint8_t(ihdr[9])), 3);  // colour type: palette
        QCOMPARE(int(std::uint8_t(ihdr[3])), 9);  // width (low byte)
        QCOMPARE(int(std::uint8_t(ihdr[7])), 7);  // height (low byte)
        const Chunk* plte = find_chunk(chunks, "PLTE");
        QVERIFY(plte);
        QCOMPARE(plte->data.size(), std::size_t(768));
        auto entry = [&](int i) {
            return Rgb{std::uint8_t(plte->data[3 * i]), std::uint8_t(plte->data[3 * i + 1]),
                       std::uint8_t(plte->data[3 * i + 2])};
        };
        QCOMPARE(entry(0), (Rgb{0, 0, 0}));
        QCOMPARE(entry(1), (Rgb{128, 0, 0}));
        QCOMPARE(entry(2), (Rgb{0, 128, 0}));
        QCOMPARE(entry(15), (Rgb{192, 128, 128}));
        QCOMPARE(entry(20), (Rgb{0, 64, 128}));
        QCOMPARE(entry(255), (Rgb{224, 224, 192}));
        for (int i = 0; i < 256; ++i)
            QCOMPARE(entry(i), amr::data::voc_palette()[i]);
        // The encoder gives the very bytes the writer stores.
        QCOMPARE(amr::data::encode_label_png(random_labels(7, 9, 1)), bytes);
    }

    void roundTripKeepsEveryValue() {
        cv::Mat labels = random_labels(37, 53, 7);
        labels.at<std::uint8_t>(0, 0) = 255;
        labels.at<std::uint8_t>(36, 52) = 0;
        fs::path file = root_ / "labels.png";
        amr::data::write_label_png(file, labels);
        QVERIFY(equal_mats(amr::data::read_label_png(file), labels));

        cv::Mat all(16, 16, CV_8UC1);  // every byte value, not just classes
        for (int i = 0; i < 256; ++i)
            all.at<std::uint8_t>(i / 16, i % 16) = std::uint8_t(i);
        amr::data::write_label_png(file, all);
        QVERIFY(equal_mats(amr::data::read_label_png(file), all));

        cv::Mat roi = random_labels(40, 40, 3)(cv::Rect(5, 7, 20, 11));  // non-contiguous rows
        amr::data::write_label_png(file, roi);
        QVERIFY(equal_mats(amr::data::read_label_png(file), roi.clone()));
    }

    void grayscalePngKeepsValues() {
        cv::Mat labels = random_labels(12, 30, 11);
        fs::path file = root_ / "gray.png";
        QVERIFY(cv::imwrite(file.string(), labels));  // OpenCV writes 8-bit grayscale
        auto chunks = png_chunks(amr::read_file(file));
        QCOMPARE(int(std::uint8_t(chunks.front().data[9])), 0);  // really grayscale
        QVERIFY(equal_mats(amr::data::read_label_png(file), labels));
    }

    void lowBitDepthAndInterlacedPalettesKeepIndices() {
        // PIL writes palettes of <= 16 colours with 1, 2 or 4 bits per pixel.
        std::vector<png_color> pal = {{0, 0, 0}, {128, 0, 0}, {0, 128, 0}, {128, 128, 0}};
        std::vector<std::uint8_t> values(5 * 13);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = std::uint8_t((i * 7) % 4);
        fs::path file = root_ / "p2.png";
        write_raw_png(file, 13, 5, 2, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, pal, values);
        cv::Mat read = amr::data::read_label_png(file);
        QCOMPARE(read.size(), cv::Size(13, 5));
        for (std::size_t i = 0; i < values.size(); ++i)
            QCOMPARE(int(read.at<std::uint8_t>(int(i / 13), int(i % 13))), int(values[i]));

        std::vector<png_color> full(256);
        for (int i = 0; i < 256; ++i) {
            const auto& c = amr::data::voc_palette()[i];
            full[i] = {c[0], c[1], c[2]};
        }
        cv::Mat labels = random_labels(21, 19, 5);
        std::vector<std::uint8_t> flat(labels.begin<std::uint8_t>(), labels.end<std::uint8_t>());
        write_raw_png(file, 19, 21, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_ADAM7, full, flat);
        QVERIFY(equal_mats(amr::data::read_label_png(file), labels));
    }

    void rgbPngIsRefusedWithAReason() {
        fs::path file = root_ / "colour mask.png";
        QVERIFY(cv::imwrite(file.string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(0, 0, 128))));
        QString msg = error_of([&] { amr::data::read_label_png(file); });
        QVERIFY2(msg.contains(QString::fromStdString(file.string())), qPrintable(msg));
        QVERIFY2(msg.contains("RGB"), qPrintable(msg));
        QVERIFY2(msg.contains("class indices"), qPrintable(msg));

        fs::path rgba = root_ / "rgba.png";
        QVERIFY(cv::imwrite(rgba.string(), cv::Mat(8, 8, CV_8UC4, cv::Scalar(0, 0, 128, 255))));
        QVERIFY(error_of([&] { amr::data::read_label_png(rgba); }).contains("rgba.png"));
    }

    void sixteenBitIsRefused() {
        fs::path file = root_ / "deep.png";
        QVERIFY(cv::imwrite(file.string(), cv::Mat(6, 6, CV_16UC1, cv::Scalar(300))));
        QString msg = error_of([&] { amr::data::read_label_png(file); });
        QVERIFY2(msg.contains("deep.png"), qPrintable(msg));
        QVERIFY2(msg.contains("16-bit"), qPrintable(msg));
    }

    void corruptOrTruncatedFileNamesTheFile() {
        fs::path good = root_ / "good.png";
        amr::data::write_label_png(good, random_labels(64, 64, 9));
        std::string bytes = amr::read_file(good);

        fs::path truncated = root_ / "truncated.png";
        amr::test::write_text(truncated, bytes.substr(0, bytes.size() / 2));
        QString msg = error_of([&] { amr::data::read_label_png(truncated); });
        QVERIFY2(msg.startsWith(QString::fromStdString(truncated.string())), qPrintable(msg));

        fs::path header_only = root_ / "header_only.png";
        amr::test::write_text(header_only, bytes.substr(0, 20));
        QVERIFY(
            error_of([&] { amr::data::read_label_png(header_only); }).contains("header_only.png"));
        QVERIFY(
            error_of([&] { amr::data::read_png_size(header_only); }).contains("header_only.png"));

        fs::path flipped = root_ / "flipped.png";
        std::string bad = bytes;
        for (std::size_t i = bad.size() / 2; i < bad.size() / 2 + 16; ++i)
            bad[i] ^= 0x5A;
        amr::test::write_text(flipped, bad);
        QVERIFY(error_of([&] { amr::data::read_label_png(flipped); }).contains("flipped.png"));
    }

    void nonPngAndMissingFilesAreRefused() {
        fs::path text = root_ / "notes.png";
        amr::test::write_text(text, "this is not an image at all");
        QString msg = error_of([&] { amr::data::read_label_png(text); });
        QVERIFY2(msg.contains("notes.png") && msg.contains("not a PNG"), qPrintable(msg));
        QVERIFY(error_of([&] { amr::data::read_png_size(text); }).contains("not a PNG"));

        fs::path jpeg = root_ / "photo.png";  // a JPEG under a PNG name
        amr::test::write_test_image(root_ / "photo.jpg", 8, 8);
        fs::rename(root_ / "photo.jpg", jpeg);
        QVERIFY(error_of([&] { amr::data::read_label_png(jpeg); }).contains("not a PNG"));

        fs::path missing = root_ / "missing.png";
        msg = error_of([&] { amr::data::read_label_png(missing); });
        QVERIFY2(msg.contains("missing.png") && msg.contains("no such file"), qPrintable(msg));
    }

    void failedWriteKeepsThePreviousFile() {
        fs::path file = root_ / "keep.png";
        amr::data::write_label_png(file, random_labels(10, 10, 2));
        const std::string before = amr::read_file(file);

        QVERIFY(!error_of([&] {
                     amr::data::write_label_png(file, cv::Mat(10, 10, CV_8UC3, cv::Scalar(1)));
                 }).isEmpty());
        QVERIFY(!error_of([&] { amr::data::write_label_png(file, cv::Mat()); }).isEmpty());
        QVERIFY(!error_of([&] {
                     amr::data::write_label_png(file, cv::Mat(10, 10, CV_16UC1, cv::Scalar(1)));
                 }).isEmpty());
        QCOMPARE(amr::read_file(file), before);
        QVERIFY(temp_files_in(root_).empty());

        // A write that fails half-way (the file-size limit stands in for a full disk, and works
        // even for root, who ignores read-only folders).
        cv::Mat noisy(512, 512, CV_8UC1);
        cv::randu(noisy, 0, 256);
        rlimit old{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
        auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old;
        small.rlim_cur = 16 * 1024;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        QString msg = error_of([&] { amr::data::write_label_png(file, noisy); });
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, old_handler);
        QVERIFY2(msg.contains("keep.png"), qPrintable(msg));
        QCOMPARE(amr::read_file(file), before);
        QVERIFY(temp_files_in(root_).empty());

        if (::geteuid() != 0) {  // root writes into read-only folders anyway
            fs::permissions(root_, fs::perms::owner_write, fs::perm_options::remove);
            msg = error_of([&] { amr::data::write_label_png(file, random_labels(10, 10, 3)); });
            fs::permissions(root_, fs::perms::owner_write, fs::perm_options::add);
            QVERIFY2(msg.contains("keep.png"), qPrintable(msg));
            QCOMPARE(amr::read_file(file), before);
            QVERIFY(temp_files_in(root_).empty());
        }

        // And a successful write does replace it.
        amr::data::write_label_png(file, noisy);
        QVERIFY(equal_mats(amr::data::read_label_png(file), noisy));
        QVERIFY(temp_files_in(root_).empty());
    }

    void readPngSizeReadsTheHeader() {
        fs::path file = root_ / "size.png";
        amr::data::write_label_png(file, random_labels(23, 41, 4));
        QCOMPARE(amr::data::read_png_size(file), cv::Size(41, 23));
        fs::path rgb = root_ / "rgb.png";
        QVERIFY(cv::imwrite(rgb.string(), cv::Mat(17, 5, CV_8UC3, cv::Scalar(1, 2, 3))));
        QCOMPARE(amr::data::read_png_size(rgb), cv::Size(5, 17));
        QVERIFY(
            error_of([&] { amr::data::read_png_size(root_ / "nope.png"); }).contains("nope.png"));
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    fs::path root_;
};

QTEST_GUILESS_MAIN(TestLabelPng)
#include "test_label_png.moc"
