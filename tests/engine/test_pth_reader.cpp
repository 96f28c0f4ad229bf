// The .pth reader against files written by the real torch.save (Debian's python3-torch), compared
// exactly (names and order, dtype, shape, stride, storage offset, bytes), plus hand-made and
// damaged files that must give amr::Error naming the file, never a crash.

#include "engine/core/error.h"
#include "engine/nn/pth_reader.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <fstream>
#include <random>
#include <string>

namespace fs = std::filesystem;
using amr::nn::NamedTensor;
using namespace std::string_literals;

namespace {

const char* kPython = "/usr/bin/python3";

std::string dtype_name(at::ScalarType t) {
    switch (t) {
        case at::kFloat:
            return "torch.float32";
        case at::kDouble:
            return "torch.float64";
        case at::kHalf:
            return "torch.float16";
        case at::kBFloat16:
            return "torch.bfloat16";
        case at::kLong:
            return "torch.int64";
        case at::kInt:
            return "torch.int32";
        case at::kShort:
            return "torch.int16";
        case at::kChar:
            return "torch.int8";
        case at::kByte:
            return "torch.uint8";
        case at::kBool:
            return "torch.bool";
        case at::kComplexFloat:
            return "torch.complex64";
        default:
            return "?";
    }
}

QString hex_of(const at::Tensor& c) {
    return QString::fromLatin1(
        QByteArray(static_cast<const char*>(c.data_ptr()), static_cast<qsizetype>(c.nbytes()))
            .toHex());
}

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The message of the amr::Error read_pth throws, or "" when it succeeds. Anything else fails.
QString read_error(const fs::path& file) {
    try {
        amr::nn::read_pth(file);
    } catch (const amr::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// A legacy torch.save file around a hand-written main pickle: magic, protocol, sys info (pickle
// bytes given), then the object, the storage key list and the raw storages.
std::string legacy_file(const std::string& object, const std::string& keys = "\x80\x02]."s,
                        const std::string& storages = {},
                        const std::string& sys_info = "\x80\x02}."s) {
    const std::string magic = "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19."s;
    const std::string protocol = "\x80\x02M\xe9\x03."s;
    return magic + protocol + sys_info + object + keys + storages;
}

// One float tensor 'w' = [1.5, -2.0] written the Python 2 way (SHORT_BINSTRING keys, GLOBAL,
// _rebuild_tensor v1), plus an opaque non-torch object under 'x' that must be skipped.
const std::string kPy2Object =
    "\x80\x02}U\x01wctorch._utils\n_rebuild_tensor\n((U\x07storagectorch\nFloatStorage\nU\x01"
    "0U\x03"
    "cpuK\x02NtQK\x00K\x02\x85K\x01\x85tRsU\x01xcfoo\nBar\n)Rs."s;
const std::string kPy2Keys =
    "\x80\x02]U\x01"
    "0a."s;
const std::string kPy2Data = "\x02\0\0\0\0\0\0\0\0\0\xc0\x3f\0\0\0\xc0"s;

}  // namespace

class TestPthReader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString skip_reason_;
    QJsonObject expected_;

    fs::path tmp(const std::string& name) const {
        return fs::path(dir_.path().toStdString()) / name;
    }
    fs::path fixture(const std::string& name) const { return tmp("fx") / name; }

    void compare(const std::vector<NamedTensor>& got, const QString& fixture_name) {
        const QJsonArray want = expected_.value(fixture_name).toArray();
        QVERIFY2(!want.isEmpty(), qPrintable("no expectations for " + fixture_name));
        QCOMPARE(static_cast<qsizetype>(got.size()), want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            const QJsonObject w = want[i].toObject();
            const NamedTensor& g = got[static_cast<std::size_t>(i)];
            const QString where = fixture_name + " entry " + w["name"].toString();
            QCOMPARE(QString::fromStdString(g.name), w["name"].toString());
            QCOMPARE(QString::fromStdString(dtype_name(g.value.scalar_type())),
                     w["dtype"].toString());
            QVERIFY2(g.value.device().is_cpu(), qPrintable(where));
            std::vector<qint64> shape(g.value.sizes().begin(), g.value.sizes().end());
            std::vector<qint64> stride(g.value.strides().begin(), g.value.strides().end());
            std::vector<qint64> want_shape, want_stride;
            for (const auto& v : w["shape"].toArray())
                want_shape.push_back(v.toInteger());
            for (const auto& v : w["stride"].toArray())
                want_stride.push_back(v.toInteger());
            QVERIFY2(shape == want_shape, qPrintable(where + " shape"));
            QVERIFY2(stride == want_stride, qPrintable(where + " stride"));
            QCOMPARE(g.value.storage_offset(), w["offset"].toInteger());
            const at::Tensor c = g.value.contiguous();
            const auto crc =
                ::crc32(0, static_cast<const Bytef*>(c.data_ptr()), static_cast<uInt>(c.nbytes()));
            QVERIFY2(static_cast<qint64>(crc) == w["crc32"].toInteger(),
                     qPrintable(where + " crc"));
            if (w.contains("hex"))
                QCOMPARE(hex_of(c), w["hex"].toString());
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        if (!QFileInfo::exists(kPython)) {
            skip_reason_ = "/usr/bin/python3 not found; install python3-torch to run this test";
            return;
        }
        QProcess py;
        py.start(kPython, {QStringLiteral(AMR_SOURCE_DIR "/tests/python/make_pth_fixtures.py"),
                           QString::fromStdString(tmp("fx").string())});
        QVERIFY(py.waitForFinished(300000));
        const QString err = QString::fromUtf8(py.readAllStandardError());
        if (py.exitCode() == 77) {
            skip_reason_ = "/usr/bin/python3 cannot import torch (" + err.trimmed() +
                           "); install python3-torch to generate the .pth fixtures";
            return;
        }
        QVERIFY2(py.exitCode() == 0, qPrintable(err));
        QFile f(QString::fromStdString(fixture("expected.json").string()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        expected_ = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY(!expected_.isEmpty());
    }

    void readsTorchSaveFiles_data() {
        QTest::addColumn<QString>("name");
        for (const char* n :
             {"small_zip.pth", "small_legacy.pth", "small_proto4.pth", "repacked_zip64.pth",
              "stored_zip32.pth", "module_zip.pth", "dtypes_zip.pth", "dtypes_legacy.pth",
              "checkpoint_zip.pth", "checkpoint_legacy.pth", "old_style_legacy.pth",
              "aliases_zip.pth", "resnet50_zip.pth", "resnet50_legacy.pth"}) {
            QTest::newRow(n) << QString(n);
        }
    }
    void readsTorchSaveFiles() {
        if (!skip_reason_.isEmpty())
            QSKIP(qPrintable(skip_reason_));
        QFETCH(QString, name);
        compare(amr::nn::read_pth(fixture(name.toStdString())), name);
    }

    void viewsShareOneStorage() {
        if (!skip_reason_.isEmpty())
            QSKIP(qPrintable(skip_reason_));
        for (const char* name : {"dtypes_zip.pth", "dtypes_legacy.pth"}) {
            const auto got = amr::nn::read_pth(fixture(name));
            std::map<std::string, at::Tensor> by_name;
            for (const auto& t : got)
                by_name[t.name] = t.value;
            const void* base = by_name.at("base").storage().data();
            for (const char* view : {"every_other", "transposed", "slice"}) {
                QVERIFY2(by_name.at(view).storage().data() == base, view);
            }
            QVERIFY(by_name.at("f32").storage().data() != base);
            QCOMPARE(by_name.at("num_batches_tracked").dim(), 0);
            QCOMPARE(by_name.at("num_batches_tracked").item<std::int64_t>(), std::int64_t{42});
        }
    }

    void resnet50HasTorchvisionLayout() {
        if (!skip_reason_.isEmpty())
            QSKIP(qPrintable(skip_reason_));
        const auto zip = amr::nn::read_pth(fixture("resnet50_zip.pth"));
        const auto legacy = amr::nn::read_pth(fixture("resnet50_legacy.pth"));
        QCOMPARE(zip.size(), std::size_t{320});
        QCOMPARE(legacy.size(), std::size_t{320});
        QCOMPARE(zip.front().name, "conv1.weight"s);
        QCOMPARE(zip.front().value.sizes().vec(), (std::vector<std::int64_t>{64, 3, 7, 7}));
        QCOMPARE(zip[318].name, "fc.weight"s);
        QCOMPARE(zip[318].value.sizes().vec(), (std::vector<std::int64_t>{1000, 2048}));
        for (std::size_t i = 0; i < zip.size(); ++i) {
            QCOMPARE(zip[i].name, legacy[i].name);
            QVERIFY2(torch::equal(zip[i].value, legacy[i].value), zip[i].name.c_str());
        }
    }

    void keepsCanonicalAmrKeys() {
        if (!skip_reason_.isEmpty())
            QSKIP(qPrintable(skip_reason_));
        auto all = amr::nn::read_pth(fixture("aliases_zip.pth"));
        QCOMPARE(all.size(), std::size_t{31});
        // Aliases are the very same tensors as their canonical keys (shared storage).
        QCOMPARE(all[5].name, "stage1.0.weight"s);
        QVERIFY(all[5].value.storage().data() == all[0].value.storage().data());
        const auto canon = amr::nn::canonical_amr_keys(all);
        const QJsonArray want = expected_["canonical"].toArray();
        QCOMPARE(static_cast<qsizetype>(canon.size()), want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            QCOMPARE(QString::fromStdString(canon[static_cast<std::size_t>(i)].name),
                     want[i].toString());
        }
        QVERIFY(torch::equal(canon[0].value, all[0].value));
        // A torchvision state dict has no canonical key at all.
        QVERIFY(amr::nn::canonical_amr_keys(amr::nn::read_pth(fixture("small_zip.pth"))).empty());
    }

    void refusesWhatIsNoStateDict() {
        if (!skip_reason_.isEmpty())
            QSKIP(qPrintable(skip_reason_));
        const std::vector<std::pair<std::string, QString>> cases = {
            {"torchscript.pt", "TorchScript"},
            {"not_checkpoint.zip", "without data.pkl"},
            {"plain_pickle.pkl", "not a PyTorch checkpoint"},
            {"list.pth", "not a state dict"},
            {"expected.json", "not a PyTorch checkpoint"},
            {"big_endian.pth", "big-endian"},
            {"missing_record.pth", "storage key missing: no record archive/data/3"},
        };
        for (const auto& [name, phrase] : cases) {
            const QString msg = read_error(fixture(name));
            QVERIFY2(msg.contains(QString::fromStdString(fixture(name).string())), qPrintable(msg));
            QVERIFY2(msg.contains(phrase), qPrintable(QString::fromStdString(name) + ": " + msg));
        }
        QVERIFY(read_error(tmp("does_not_exist.pth")).contains("no such file"));
        QVERIFY(read_error(tmp("fx")).contains("folder"));
    }

    void refusesTruncatedAndRandomFiles() {
        if (!skip_reason_.isEmpty())
            QSKIP(qPrintable(skip_reason_));
        const fs::path bad = tmp("bad.pth");
        for (const char* name : {"small_zip.pth", "small_legacy.pth", "resnet50_legacy.pth"}) {
            const std::string bytes = read_bytes(fixture(name));
            write_bytes(bad, bytes.substr(0, bytes.size() - 100));
            const QString msg = read_error(bad);
            QVERIFY2(msg.startsWith(QString::fromStdString(bad.string()) + ": "), qPrintable(msg));
            QVERIFY2(msg.contains("truncated"), qPrintable(QString(name) + ": " + msg));
        }
        std::mt19937 rng(7);
        std::string noise(5000, '\0');
        for (auto& c : noise)
            c = static_cast<char>(rng());
        write_bytes(bad, noise);
        QVERIFY(read_error(bad).contains("not a PyTorch checkpoint"));
        write_bytes(bad, "");
        QVERIFY(read_error(bad).contains("not a PyTorch checkpoint"));
    }

    // Damaged copies (flipped bytes, truncations) either read or throw amr::Error: no crash,
    // no other exception type, no runaway allocation.
    void survivesDamagedFiles() {
        if (!skip_reason_.isEmpty())
            QSKIP(qPrintable(skip_reason_));
        const fs::path bad = tmp("damaged.pth");
        std::mt19937 rng(11);
        int errors = 0, reads = 0;
        for (const char* name : {"small_zip.pth", "small_legacy.pth", "dtypes_legacy.pth",
                                 "old_style_legacy.pth", "checkpoint_zip.pth"}) {
            const std::string orig = read_bytes(fixture(name));
            for (int i = 0; i < 300; ++i) {
                std::string b = orig;
                if (i % 3 == 0) {
                    b.resize(rng() % b.size());
                } else {
                    for (unsigned k = 0; k <= rng() % 3; ++k)
                        b[rng() % b.size()] = static_cast<char>(rng());
                }
                write_bytes(bad, b);
                try {
                    amr::nn::read_pth(bad);
                    ++reads;
                } catch (const amr::Error& e) {
                    QVERIFY2(std::string(e.what()).find(bad.string()) == 0, e.what());
                    ++errors;
                } catch (const std::exception& e) {
                    QFAIL(qPrintable(QString(name) + ": non-amr exception: " + e.what()));
                }
            }
        }
        QVERIFY(errors > 300);
        QVERIFY(reads > 0);  // flips inside raw legacy storages only change values
    }

    void readsHandWrittenPickles() {
        const fs::path f = tmp("hand.pth");
        write_bytes(f, legacy_file(kPy2Object, kPy2Keys, kPy2Data));
        const auto got = amr::nn::read_pth(f);
        QCOMPARE(got.size(), std::size_t{1});
        QCOMPARE(got[0].name, "w"s);
        QVERIFY(torch::equal(got[0].value, torch::tensor({1.5f, -2.0f})));
    }

    void refusesHostilePickles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("phrase");
        auto row = [](const char* name, const std::string& bytes, const char* phrase) {
            QTest::newRow(name) << QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()))
                                << QString(phrase);
        };
        std::string three_elements = kPy2Data;
        three_elements[0] = '\x03';
        row("unsupported opcode", legacy_file("\x80\x02\xff"s), "unsupported opcode 0xff");
        row("deep nesting", legacy_file("\x80\x02N"s + std::string(1000000, '\x85') + "."),
            "not a state dict");
        row("huge string", legacy_file("\x80\x02X\xff\xff\xff\x7f"s), "truncated");
        row("missing memo", legacy_file("\x80\x02h\x05."s), "memo entry 5 missing");
        row("stack underflow", legacy_file("\x80\x02s."s), "stack underflow");
        row("big endian",
            legacy_file(kPy2Object, kPy2Keys, kPy2Data, "\x80\x02}X\x0d\0\0\0little_endian\x89s."s),
            "big-endian");
        row("storage key missing", legacy_file(kPy2Object), "storage key missing");
        row("storage count mismatch", legacy_file(kPy2Object, kPy2Keys, three_elements),
            "holds 3 elements");
        row("unsupported global",
            legacy_file("\x80\x02}U\x01wctorch._utils\n_rebuild_qtensor\n)Rs."s),
            "unsupported global torch._utils._rebuild_qtensor");
        row("unsupported storage",
            legacy_file("\x80\x02}U\x01wctorch._utils\n_rebuild_tensor\n((U\x07storagectorch\n"
                        "QInt8Storage\nU\x01"
                        "0U\x03"
                        "cpuK\x02NtQK\0K\x02\x85K\x01\x85tRs."s),
            "unsupported global torch.QInt8Storage");
        row("tensor past storage",
            legacy_file("\x80\x02}U\x01wctorch._utils\n_rebuild_tensor\n((U\x07storagectorch\n"
                        "FloatStorage\nU\x01"
                        "0U\x03"
                        "cpuK\x02NtQK\x01K\x02\x85K\x01\x85tRs."s,
                        kPy2Keys, kPy2Data),
            "reaches element 2");
        row("absurd storage",
            legacy_file("\x80\x02}U\x01wctorch._utils\n_rebuild_tensor\n((U\x07storagectorch\n"
                        "FloatStorage\nU\x01"
                        "0U\x03"
                        "cpuJ\xff\xff\xff\x7fNtQK\0K\x02\x85K\x01\x85tRs."s),
            "larger than the file");
        row("module cycle",
            legacy_file("\x80\x02"
                        "cfoo\nM\n)\x81q\x00}U\x0b_parameters}sU\x08_modules}(U\x01"
                        "ah\x00U\x01"
                        "bh\x00usb."s),
            "modules nested too deeply");
        row("no magic", "\x80\x02K\x01."s, "magic number");
    }
    void refusesHostilePickles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, phrase);
        const fs::path f = tmp("hostile.pth");
        write_bytes(f, bytes.toStdString());
        const QString msg = read_error(f);
        QVERIFY2(msg.startsWith(QString::fromStdString(f.string()) + ": "), qPrintable(msg));
        QVERIFY2(msg.contains(phrase), qPrintable(msg));
    }

    void findsTorchHubFiles() {
        const fs::path home = tmp("home"), torch_home = tmp("torch_home");
        fs::create_directories(home / ".cache/torch/hub/checkpoints");
        fs::create_directories(torch_home / "hub/checkpoints");
        write_bytes(home / ".cache/torch/hub/checkpoints/a.pth", "x");
        write_bytes(home / ".cache/torch/hub/checkpoints/b.pth", "x");
        write_bytes(torch_home / "hub/checkpoints/b.pth", "x");
        qputenv("HOME", QByteArray::fromStdString(home.string()));
        qunsetenv("XDG_CACHE_HOME");
        qunsetenv("TORCH_HOME");
        QCOMPARE(amr::nn::find_torch_hub_file({"zzz.pth", "b.pth"}),
                 std::optional(home / ".cache/torch/hub/checkpoints/b.pth"));
        qputenv("TORCH_HOME", QByteArray::fromStdString(torch_home.string()));
        QCOMPARE(amr::nn::find_torch_hub_file({"b.pth"}),
                 std::optional(torch_home / "hub/checkpoints/b.pth"));
        // Names are in order of preference, whichever folder holds them.
        QCOMPARE(amr::nn::find_torch_hub_file({"a.pth", "b.pth"}),
                 std::optional(home / ".cache/torch/hub/checkpoints/a.pth"));
        QVERIFY(!amr::nn::find_torch_hub_file({"zzz.pth"}));
        QCOMPARE(amr::nn::torch_hub_dirs().front(), torch_home / "hub/checkpoints");
    }
};

QTEST_GUILESS_MAIN(TestPthReader)
#include "test_pth_reader.moc"
