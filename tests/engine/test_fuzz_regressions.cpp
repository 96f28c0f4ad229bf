// Every input the fuzz targets (tests/fuzz/, scripts/fuzz.sh) ever found a bug with, fed through
// the normal readers: each must end in an amr::Error that names the file and says what is wrong
// (the expected words are in tests/fuzz/regressions/<target>/expect.tsv), never a crash, a hang,
// a huge allocation or a foreign exception.

// Torch before Qt: Qt's `slots` macro breaks c10's IValue::slots().
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/folder_reader.h"
#include "engine/data/label_png.h"
#include "engine/data/voc_xml.h"
#include "engine/nn/pickle_vm.h"
#include "engine/nn/pth_reader.h"
#include "engine/nn/pth_zip.h"
#include "engine/nn/tar_reader.h"
#include "engine/nn/tfjs_import.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "support/test_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path kRegressions = fs::path(AMR_SOURCE_DIR) / "tests/fuzz/regressions";

// The reader a target fuzzes, called the way its harness calls it (tests/fuzz/fuzz_<target>.cpp).
void read_like_target(const std::string& target, const fs::path& file, const fs::path& scratch) {
    using namespace amr;
    if (target == "pickle") {
        const std::string bytes = read_file(file);
        nn::pickle::Hooks hooks;
        hooks.persistent_load = [](nn::pickle::Arena& arena, nn::pickle::Value* pid) {
            auto* v = arena.make(nn::pickle::Kind::Object);
            v->args = pid;
            return v;
        };
        nn::pickle::Arena arena;
        nn::pickle::MemorySource src(file, bytes.data(), bytes.size());
        while (src.remaining() > 0)
            nn::pickle::unpickle(src, arena, hooks, file, "pickle");
    } else if (target == "pth") {
        nn::read_pth(file);
    } else if (target == "zip") {
        nn::ZipArchive zip(file);
        for (const auto& e : zip.entries())
            zip.read(e);
    } else if (target == "tar") {
        nn::read_tar(file);
    } else if (target == "voc_xml") {
        data::read_voc_annotation(file);
    } else if (target == "tags_csv") {
        data::read_tags_csv(file);
    } else if (target == "label_png") {
        data::read_png_info(file);
        data::read_label_png(file);
    } else if (target == "tfjs") {
        // As in the harness: model.json beside a 64-byte shard and a labels.json.
        write_file_atomically(scratch / "group1-shard1of1.bin", std::string(64, '\0'));
        write_file_atomically(scratch / "labels.json", R"({"0": "cat", "1": "dog"})");
        fs::copy_file(file, scratch / "model.json", fs::copy_options::overwrite_existing);
        nn::read_tfjs_model(scratch / "model.json");
    } else {
        throw std::logic_error("no reader for fuzz target " + target);
    }
}

// expect.tsv: "<file>\t<words the error message must contain>" per line.
std::map<std::string, std::string> expectations(const fs::path& folder) {
    std::map<std::string, std::string> out;
    std::istringstream in(amr::read_file(folder / "expect.tsv"));
    std::string line;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos)
            continue;
        out[line.substr(0, tab)] = line.substr(tab + 1);
    }
    return out;
}

}  // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cases_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QVERIFY2(fs::is_directory(kRegressions), kRegressions.c_str());
        std::vector<fs::path> folders;
        for (const auto& d : fs::directory_iterator(kRegressions))
            if (d.is_directory())
                folders.push_back(d.path());
        std::sort(folders.begin(), folders.end());
        for (const fs::path& folder : folders) {
            const auto expect = expectations(folder);
            std::vector<fs::path> files;
            for (const auto& f : fs::directory_iterator(folder))
                if (f.path().filename() != "expect.tsv")
                    files.push_back(f.path());
            std::sort(files.begin(), files.end());
            for (const fs::path& f : files) {
                const std::string name = f.filename().string();
                // A finding committed without its expected message would test nothing.
                QVERIFY2(
                    expect.count(name),
                    ("no line for " + name + " in " + (folder / "expect.tsv").string()).c_str());
                const std::string row = folder.filename().string() + "/" + name;
                QTest::newRow(row.c_str()) << QString::fromStdString(folder.filename().string())
                                           << QString::fromStdString(f.string())
                                           << QString::fromStdString(expect.at(name));
            }
        }
    }

    void cases() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QTemporaryDir scratch;
        QVERIFY(scratch.isValid());
        const fs::path path = file.toStdString();
        QString message;
        try {
            message = amr::test::error_of([&] {
                read_like_target(target.toStdString(), path, scratch.path().toStdString());
            });
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("a foreign exception escaped: ") + e.what()));
        }
        QVERIFY2(!message.isEmpty(), "the reader accepted the input");
        const QString named = target == "tfjs" ? QStringLiteral("model.json")
                                               : QString::fromStdString(path.filename().string());
        QVERIFY2(message.contains(named), qPrintable("not naming the file: " + message));
        QVERIFY2(message.contains(expected), qPrintable("unexpected message: " + message));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
