// Data-parallel training on c10d/Gloo (docs/distributed.md): the environment contract, the epoch
// shards, and `amr train-cam` run as 2 ranks (by --nproc, and as two separately started
// "nodes") against one process with the global batch; a dead rank; resume rules.

#include "engine/data/demo_data.h"
#include "engine/dist/data_parallel.h"
#include "engine/dist/dist_context.h"
#include "engine/dist/local_launcher.h"
#include "engine/nn/checkpoint.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <fstream>
#include <map>

#include "support/checkpoint_diff.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::test::run_cli;

namespace {

amr::dist::DistContext from(const std::map<std::string, std::string>& vars) {
    return amr::dist::context_from_env([&](const char* name) -> const char* {
        auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    });
}

QString error_of_env(const std::map<std::string, std::string>& vars) {
    return amr::test::error_of([&] { from(vars); });
}

// max |Δ| over the tensors of two checkpoints, or -1 when the names differ.
double max_diff(const fs::path& a, const fs::path& b) {
    return amr::test::checkpoint_max_diff(a, b);
}

int lines_of(const fs::path& file) {
    std::ifstream in(file);
    int n = 0;
    for (std::string line; std::getline(in, line);)
        ++n;
    return n;
}

}  // namespace

class TestDistTrain : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;
    fs::path single_;  // 1 process, batch 4

    fs::path out(const std::string& name) const { return amr::test::to_path(dir_.path()) / name; }

    // A tiny train-cam run: random-init width-8 net, crop 32, 2 epochs.
    QStringList train_args(const fs::path& output, int batch) const {
        return {QStringLiteral("train-cam"),
                QString::fromStdString(data_.string()),
                QString::fromStdString(output.string()),
                QStringLiteral("--tiny"),
                QStringLiteral("--crop"),
                QStringLiteral("32"),
                QStringLiteral("--batch"),
                QString::number(batch),
                QStringLiteral("--epochs"),
                QStringLiteral("2"),
                QStringLiteral("--device"),
                QStringLiteral("cpu"),
                QStringLiteral("--loader-threads"),
                QStringLiteral("1")};
    }

    // One rank as torchrun would start it.
    void start_rank(QProcess& p, const QStringList& args, int rank, int port) {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RANK"), QString::number(rank));
        env.insert(QStringLiteral("LOCAL_RANK"), QStringLiteral("0"));  // one per "node"
        env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
        env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
        env.insert(QStringLiteral("AMR_DIST_TIMEOUT"), QStringLiteral("20"));
        env.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(AMR_CLI_PATH), args);
        QVERIFY(p.waitForStarted());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 16;  // 4 global batches of 4 per epoch
        d.val_images = 4;
        d.canvas_size = 64;
        data_ = amr::data::make_demo_data(d).root;
        single_ = out("single.pt");
        auto r = run_cli(train_args(single_, 4));
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    }

    void contextFromTorchrunVariables() {
        auto c = from({{"RANK", "1"},
                       {"WORLD_SIZE", "4"},
                       {"LOCAL_RANK", "1"},
                       {"MASTER_ADDR", "node0"},
                       {"MASTER_PORT", "29511"},
                       {"AMR_DIST_TIMEOUT", "7"}});
        QCOMPARE(c.rank, 1);
        QCOMPARE(c.world_size, 4);
        QCOMPARE(c.local_rank, 1);
        QCOMPARE(c.master_addr, std::string("node0"));
        QCOMPARE(c.master_port, 29511);
        QCOMPARE(c.timeout.count(), 7000L);
        QCOMPARE(c.source, std::string("torchrun"));
        QVERIFY(c.distributed());
        auto none = from({});
        QVERIFY(!none.distributed());
        QCOMPARE(none.source, std::string("none"));
    }

    void contextFromSlurmVariables() {
        auto c = from({{"SLURM_PROCID", "3"},
                       {"SLURM_NTASKS", "8"},
                       {"SLURM_LOCALID", "1"},
                       {"MASTER_ADDR", "gpu17"}});
        QCOMPARE(c.rank, 3);
        QCOMPARE(c.world_size, 8);
        QCOMPARE(c.local_rank, 1);
        QCOMPARE(c.master_port, 29500);
        QCOMPARE(c.source, std::string("slurm"));
        // torchrun's variables win over SLURM's.
        auto t = from({{"SLURM_PROCID", "3"},
                       {"SLURM_NTASKS", "8"},
                       {"RANK", "0"},
                       {"WORLD_SIZE", "2"},
                       {"MASTER_ADDR", "a"}});
        QCOMPARE(t.world_size, 2);
    }

    void contextErrorsNameTheVariable() {
        QVERIFY(error_of_env({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}})
                    .contains(QStringLiteral("MASTER_ADDR is not set; under SLURM")));
        QVERIFY(error_of_env({{"RANK", "2"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}})
                    .contains(QStringLiteral("rank 2 is outside 0..1")));
        QVERIFY(error_of_env({{"RANK", "0"}}).contains(QStringLiteral("WORLD_SIZE is not")));
        QVERIFY(error_of_env({{"RANK", "x"}, {"WORLD_SIZE", "2"}})
                    .contains(QStringLiteral("RANK='x' is not an integer")));
        QVERIFY(error_of_env({{"RANK", "0"},
                              {"WORLD_SIZE", "2"},
                              {"MASTER_ADDR", "a"},
                              {"MASTER_PORT", "70000"}})
                    .contains(QStringLiteral("MASTER_PORT 70000")));
    }

    void shardsConcatenateToTheGlobalBatch() {
        std::vector<std::size_t> order(23);
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = 100 + i * 7 % 23;
        const int batch = 2, world = 3;  // global batch 6: 3 steps, 5 dropped
        std::vector<std::vector<std::size_t>> shards;
        for (int r = 0; r < world; ++r)
            shards.push_back(amr::dist::shard_order(order, batch, r, world));
        for (const auto& s : shards)
            QCOMPARE(s.size(), std::size_t(6));
        for (std::size_t step = 0; step < 3; ++step)
            for (int r = 0; r < world; ++r)
                for (int i = 0; i < batch; ++i)
                    QCOMPARE(shards[r][step * batch + i], order[step * 6 + r * batch + i]);
    }

    // 2 ranks × batch 2 == 1 process × batch 4: same samples per step, averaged gradients.
    void twoLocalRanksMatchOneProcess() {
        const fs::path two = out("two.pt");
        auto args = train_args(two, 2);
        args << QStringLiteral("--nproc") << QStringLiteral("2");
        auto r = run_cli(args);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const double d = max_diff(single_, two);
        qInfo("max |Δ| 2 ranks vs 1 process: %g", d);
        QVERIFY(d >= 0);
        QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
        // Rank 0 alone wrote the metrics: one line per global step (2 epochs × 4).
        QCOMPARE(lines_of(out("two.pt.metrics.jsonl")), 8);
        QVERIFY(!fs::exists(out("two.pt.resume.pt")));
    }

    // "Two nodes": two processes started on their own, as torchrun starts them on each node.
    void twoSeparatelyStartedRanksMatchOneProcess() {
        const fs::path nodes = out("nodes.pt");
        const int port = amr::dist::free_port();
        QProcess r0, r1;
        start_rank(r0, train_args(nodes, 2), 0, port);
        start_rank(r1, train_args(nodes, 2), 1, port);
        QVERIFY(r0.waitForFinished(240000));
        QVERIFY(r1.waitForFinished(240000));
        QVERIFY2(r0.exitCode() == 0, r0.readAllStandardError().constData());
        QVERIFY2(r1.exitCode() == 0, r1.readAllStandardError().constData());
        // Only rank 0 prints the result.
        QVERIFY(QString::fromUtf8(r0.readAllStandardOutput()).contains(QStringLiteral("wrote")));
        QVERIFY(r1.readAllStandardOutput().isEmpty());
        const double d = max_diff(single_, nodes);
        QVERIFY(d >= 0);
        QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
    }

    // A rank that dies mid-run makes the other fail within the timeout, naming it; the run
    // resumes from the last epoch end's state and ends with the uninterrupted weights.
    void deadRankEndsTheJobAndTheRunResumes() {
        const fs::path killed = out("killed.pt");
        auto args = train_args(killed, 2);
        const int port = amr::dist::free_port();
        QProcess r0, r1;
        start_rank(r0, args, 0, port);
        start_rank(r1, args, 1, port);
        // Kill rank 1 once epoch 1 ended (its resume state exists), mid epoch 2.
        QElapsedTimer t;
        t.start();
        while (!fs::exists(out("killed.pt.resume.pt")) && t.elapsed() < 120000 &&
               r0.state() == QProcess::Running)
            QThread::msleep(5);
        QVERIFY(fs::exists(out("killed.pt.resume.pt")));
        r1.kill();
        QVERIFY(r1.waitForFinished());
        t.restart();
        QVERIFY2(r0.waitForFinished(60000), "rank 0 did not end after rank 1 died");
        qInfo("rank 0 ended %lld ms after rank 1 was killed", t.elapsed());
        QVERIFY(r0.exitCode() != 0);
        const QString err = QString::fromUtf8(r0.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("rank 1 died or hung")), qPrintable(err));
        QVERIFY(!fs::exists(killed));
        QVERIFY(fs::exists(out("killed.pt.resume.pt")));

        // Resuming with another number of processes is refused, naming both.
        auto one = run_cli(train_args(killed, 4) << QStringLiteral("--resume"));
        QVERIFY(one.exit_code != 0);
        QVERIFY2(
            one.err.contains(QStringLiteral("saved by a run of 2 process(es), this run has 1")),
            qPrintable(one.err));

        auto resumed = run_cli(args << QStringLiteral("--resume") << QStringLiteral("--nproc")
                                    << QStringLiteral("2"));
        QVERIFY2(resumed.exit_code == 0, qPrintable(resumed.err));
        const double d = max_diff(single_, killed);
        QVERIFY(d >= 0);
        QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
    }

    // train-amr: with the AMM statistics synchronised, 2 ranks × batch 2 == 1 process × batch 4;
    // per-rank statistics (the official DataParallel's) run too, and differ.
    void trainAmrSyncedStatisticsMatchOneProcess() {
        auto amr_args = [&](const fs::path& output, int batch) {
            return QStringList{QStringLiteral("train-amr"),
                               QString::fromStdString(data_.string()),
                               QString::fromStdString(output.string()),
                               QStringLiteral("--cam"),
                               QString::fromStdString(single_.string()),
                               QStringLiteral("--tiny"),
                               QStringLiteral("--crop"),
                               QStringLiteral("32"),
                               QStringLiteral("--batch"),
                               QString::number(batch),
                               QStringLiteral("--epochs"),
                               QStringLiteral("1"),
                               QStringLiteral("--device"),
                               QStringLiteral("cpu"),
                               QStringLiteral("--loader-threads"),
                               QStringLiteral("1")};
        };
        auto one = run_cli(amr_args(out("amr1.pt"), 4));
        QVERIFY2(one.exit_code == 0, qPrintable(one.err));
        auto sync = run_cli(amr_args(out("amr_sync.pt"), 2)
                            << QStringLiteral("--nproc") << QStringLiteral("2")
                            << QStringLiteral("--amm-stats") << QStringLiteral("sync"));
        QVERIFY2(sync.exit_code == 0, qPrintable(sync.err));
        const double d = max_diff(out("amr1.pt"), out("amr_sync.pt"));
        qInfo("train-amr max |Δ| synced AMM statistics vs 1 process: %g", d);
        QVERIFY(d >= 0);
        QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
        auto per_rank = run_cli(amr_args(out("amr_rank.pt"), 2)
                                << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY2(per_rank.exit_code == 0, qPrintable(per_rank.err));
        const double dr = max_diff(out("amr1.pt"), out("amr_rank.pt"));
        qInfo("train-amr max |Δ| per-rank AMM statistics vs 1 process: %g", dr);
        QVERIFY(dr > 1e-5);
    }

    // The launcher names the rank that failed first.
    void launcherNamesTheFailedRank() {
        amr::dist::LocalLaunchOptions o;
        o.nproc = 2;
        o.argv = {"/bin/sh", "-c", "[ \"$RANK\" = 1 ] && exit 3; exit 0"};
        const QString err = amr::test::error_of([&] { amr::dist::launch_local(o); });
        QVERIFY2(err.contains(QStringLiteral("rank 1 of 2 exited with status 3")), qPrintable(err));
        o.argv = {"/bin/sh", "-c", "exit 0"};
        QVERIFY(amr::test::error_of([&] { amr::dist::launch_local(o); }).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDistTrain)
#include "test_dist_train.moc"
