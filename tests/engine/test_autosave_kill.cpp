// Kill-safety of mask saves: a process saving a large label PNG over and over (as the editor's
// autosave does, through write_label_png) is killed with SIGKILL at random moments; the file
// must always read back as one complete image, the old or the new one, never a torn mix.
//
// The writer is this very program started with `--writer FILE`, so no helper binary is needed.

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <cstring>
#include <filesystem>
#include <random>

#include "engine/data/label_png.h"

namespace fs = std::filesystem;

namespace {

// Two large masks that differ everywhere, with noise so the PNG takes a while to encode.
cv::Mat mask(int which) {
    cv::Mat m(600, 800, CV_8UC1);
    std::mt19937 rng(which + 1);
    std::uniform_int_distribution<int> label(0, 9);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<uchar>(y, x) = uchar(which == 0 ? label(rng) : 10 + label(rng));
    return m;
}

int writer(const char* file) {
    const cv::Mat masks[2] = {mask(0), mask(1)};
    for (long i = 0;; ++i) {
        amr::data::write_label_png(file, masks[i % 2]);
        if (i == 0) {
            std::printf("ready\n");
            std::fflush(stdout);
        }
    }
}

bool same(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && cv::countNonZero(a != b) == 0;
}

}  // namespace

class TestAutosaveKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killDuringSaveLeavesACompleteFile() {
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "human" / "a.png";
        fs::create_directories(file.parent_path());
        const cv::Mat masks[2] = {mask(0), mask(1)};
        amr::data::write_label_png(file, masks[0]);

        // Kill moments spread over a few saves' time, so some land inside a save.
        QElapsedTimer clock;
        clock.start();
        amr::data::write_label_png(file, masks[0]);
        const int saveMs = std::max<int>(1, int(clock.elapsed()));
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> delay(0, 4 * saveMs);
        const int rounds = 10;
        int sawOld = 0, sawNew = 0, tornTemps = 0;
        for (int round = 0; round < rounds; ++round) {
            QProcess p;
            p.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--writer"), QString::fromStdString(file.string())});
            QVERIFY(p.waitForStarted());
            QVERIFY2(p.waitForReadyRead(60000), "the writer never finished its first save");
            QThread::msleep(delay(rng));
            p.kill();  // SIGKILL: no handler, no cleanup
            QVERIFY(p.waitForFinished());
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);

            const cv::Mat read = amr::data::read_label_png(file);  // throws if torn
            const bool isOld = same(read, masks[0]), isNew = same(read, masks[1]);
            QVERIFY2(isOld || isNew, "the file is neither the old nor the new mask");
            sawOld += isOld;
            sawNew += isNew;
            // A temporary file left behind is a save the kill interrupted.
            for (const auto& e : fs::directory_iterator(file.parent_path()))
                if (e.path().filename().string().find(".tmp-") != std::string::npos) {
                    ++tornTemps;
                    fs::remove(e.path());
                }
        }
        QCOMPARE(sawOld + sawNew, rounds);
        qInfo("save %d ms; old %d, new %d, interrupted saves %d", saveMs, sawOld, sawNew,
              tornTemps);
        // The kills did reach the writer after its first save (else nothing was tested).
        QVERIFY(sawNew + tornTemps > 0);
    }
};

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--writer") == 0)
        return writer(argv[2]);
    QCoreApplication app(argc, argv);
    TestAutosaveKill t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_autosave_kill.moc"
