// The project database: round trip of every table, WAL and concurrent readers, refusal of
// corrupt, foreign and newer databases, and the mask source the VOC exporter reads.

#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <opencv2/core.hpp>

#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/project/project.h"
#include "engine/project/sqlite.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr;
using namespace amr::project;

namespace {

struct Fixture {
    QTemporaryDir tmp;
    fs::path root = test::to_path(tmp.path());
    fs::path dataset = root / "data";
    fs::path dir = root / "proj";
    Fixture() { fs::create_directories(dataset); }
};

void write_mask(const fs::path& file, int value) {
    fs::create_directories(file.parent_path());
    data::write_label_png(file, cv::Mat(4, 6, CV_8UC1, cv::Scalar(value)));
}

std::string pragma(const fs::path& db_file, const std::string& name) {
    sql::Database db(db_file, sql::Database::Mode::ReadWrite);
    auto q = db.prepare("PRAGMA " + name);
    q.step();
    return q.text(0);
}

}  // namespace

class TestProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statusNames() {
        for (auto s : {ReviewStatus::New, ReviewStatus::Accepted, ReviewStatus::Corrected,
                       ReviewStatus::NeedsWork})
            QCOMPARE(parse_review_status(to_string(s), "x"), s);
        QCOMPARE(QString(to_string(ReviewStatus::NeedsWork)), QString("needs-work"));
        QVERIFY(test::error_of([] {
                    parse_review_status("done", "--status");
                }).contains("--status: unknown review status 'done'"));
    }

    void roundTrip() {
        Fixture f;
        std::int64_t run_id = 0;
        {
            Project p = Project::create(f.dir, f.dataset, "Cats");
            QCOMPARE(QString::fromStdString(p.name()), QString("Cats"));
            p.set_setting("cam.alpha", "0.5");
            p.set_setting("cam.alpha", "0.25");  // upsert
            p.set_status("a", ReviewStatus::Accepted);
            p.set_statuses({"b", "c"}, ReviewStatus::NeedsWork);
            p.set_status("c", ReviewStatus::Corrected);
            p.set_scores({{"a", {0.75, R"({"cam":0.5})"}}, {"d", {0.125, ""}}});
            run_id = p.begin_run("train-amr", R"({"preset":"quick"})");
            p.finish_run(run_id, RunStatus::Finished, R"({"miou":0.52})");
            const auto failed = p.begin_run("refine", "{}");
            p.finish_run(failed, RunStatus::Failed, {}, "out of memory");
            p.begin_run("make-cam", "");
            MaskRecord m;
            m.image_id = "a";
            m.version = "human";
            m.path = p.mask_dir("human") / "a.png";
            m.provenance = R"({"stage":"human","user":"ann"})";
            m.run_id = run_id;
            p.record_mask(m);
            m.version = "cam";
            m.path = p.mask_dir("cam") / "a.png";
            m.provenance = R"({"stage":"cam","alpha":0.5})";
            m.run_id.reset();
            p.record_mask(m);
        }
        Project p = Project::open(f.dir);
        QCOMPARE(p.dir(), fs::absolute(f.dir).lexically_normal());
        QCOMPARE(p.database_path(), p.dir() / kDatabaseName);
        QCOMPARE(QString::fromStdString(p.name()), QString("Cats"));
        QCOMPARE(p.dataset(), fs::absolute(f.dataset).lexically_normal());
        QCOMPARE(p.created().size(), std::size_t{20});  // 2026-11-25T18:00:00Z
        QVERIFY(!p.tool_version().empty());
        QCOMPARE(p.setting("cam.alpha").value_or(""), std::string("0.25"));
        QVERIFY(!p.setting("nope"));

        QCOMPARE(p.image_state("a").status, ReviewStatus::Accepted);
        QCOMPARE(p.image_state("a").score.value_or(-1), 0.75);
        QCOMPARE(p.image_state("a").score_details, std::string(R"({"cam":0.5})"));
        QCOMPARE(p.image_state("b").status, ReviewStatus::NeedsWork);
        QCOMPARE(p.image_state("c").status, ReviewStatus::Corrected);
        QVERIFY(!p.image_state("c").score);
        QCOMPARE(p.image_state("d").status, ReviewStatus::New);  // a score keeps status new
        QCOMPARE(p.image_state("d").score.value_or(-1), 0.125);
        const auto untouched = p.image_state("zzz");
        QCOMPARE(untouched.status, ReviewStatus::New);
        QVERIFY(!untouched.score);
        QVERIFY(untouched.updated.empty());
        QCOMPARE(p.image_states().size(), std::size_t{4});
        QCOMPARE(p.image_states()[0].id, std::string("a"));
        const auto counts = p.status_counts();
        QCOMPARE(counts.at(ReviewStatus::Accepted), std::size_t{1});
        QCOMPARE(counts.at(ReviewStatus::Corrected), std::size_t{1});
        QCOMPARE(counts.at(ReviewStatus::NeedsWork), std::size_t{1});
        QCOMPARE(counts.at(ReviewStatus::New), std::size_t{1});
        QCOMPARE(p.ids_with_status({ReviewStatus::Accepted, ReviewStatus::Corrected}),
                 (std::vector<std::string>{"a", "c"}));

        const auto runs = p.runs();
        QCOMPARE(runs.size(), std::size_t{3});
        QCOMPARE(runs[0].id, run_id);
        QCOMPARE(runs[0].stage, std::string("train-amr"));
        QCOMPARE(runs[0].options_json, std::string(R"({"preset":"quick"})"));
        QCOMPARE(runs[0].status, RunStatus::Finished);
        QCOMPARE(runs[0].summary_json, std::string(R"({"miou":0.52})"));
        QVERIFY(!runs[0].finished.empty());
        QCOMPARE(runs[0].metrics_file, p.runs_dir() / (std::to_string(run_id) + ".metrics.jsonl"));
        QCOMPARE(runs[1].status, RunStatus::Failed);
        QCOMPARE(runs[1].message, std::string("out of memory"));
        QCOMPARE(runs[2].status, RunStatus::Running);
        QVERIFY(runs[2].finished.empty());
        QCOMPARE(runs[2].options_json, std::string("{}"));
        QCOMPARE(p.run(runs[1].id)->stage, std::string("refine"));
        QVERIFY(!p.run(999));
        QVERIFY(test::error_of([&] {
                    p.finish_run(999, RunStatus::Finished);
                }).contains("there is no run 999"));

        const auto human = p.mask("a", "human");
        QVERIFY(human);
        QCOMPARE(human->path, p.dir() / "masks" / "human" / "a.png");
        QCOMPARE(human->provenance, std::string(R"({"stage":"human","user":"ann"})"));
        QCOMPARE(human->run_id.value_or(-1), run_id);
        QVERIFY(!p.mask("a", "cam")->run_id);
        QCOMPARE(p.masks_of("a").size(), std::size_t{2});
        QCOMPARE(p.mask_counts().at("human"), std::size_t{1});
        QVERIFY(!p.mask("b", "human"));

        // Mask paths inside the project are stored relative, so the folder can move.
        QCOMPARE(pragma(p.database_path(), "foreign_keys"), std::string("1"));
        sql::Database raw(p.database_path(), sql::Database::Mode::ReadWrite);
        auto q = raw.prepare("SELECT path FROM masks WHERE version = 'human'");
        QVERIFY(q.step());
        QCOMPARE(q.text(0), std::string("masks/human/a.png"));
    }

    void conventionalPaths() {
        Fixture f;
        Project p = Project::create(f.dir, f.dataset);
        QCOMPARE(QString::fromStdString(p.name()), QString("proj"));  // the folder's name
        QCOMPARE(p.checkpoint_path("amr"), p.dir() / "checkpoints" / "amr.pt");
        QCOMPARE(p.cam_store_dir(), p.dir() / "cams");
        QCOMPARE(p.mask_dir("refined"), p.dir() / "masks" / "refined");
        QCOMPARE(p.confidence_dir(), p.dir() / "confidence");
        QCOMPARE(p.boundary_dir(), p.dir() / "boundary");
        QVERIFY(Project::exists(f.dir));
        QVERIFY(Project::exists(p.database_path()));
        QVERIFY(!Project::exists(f.dataset));
        // Opening the database file itself works too.
        QCOMPARE(Project::open(p.database_path()).dir(), p.dir());
        p.set_dataset(f.root / "moved");
        QCOMPARE(Project::open(f.dir).dataset(), f.root / "moved");
    }

    void badInputRefused() {
        Fixture f;
        Project p = Project::create(f.dir, f.dataset);
        const QString db = QString::fromStdString(p.database_path().string());
        QVERIFY(test::error_of([&] { Project::create(f.dir, f.dataset); }).contains("already"));
        QVERIFY(test::error_of([&] {
                    Project::create(f.root / "p2", f.root / "missing");
                }).contains("no such dataset folder"));
        QVERIFY(test::error_of([&] {
                    p.set_scores({{"a", {1.0, "[1,2]"}}});
                }).contains("must be a JSON object"));
        QVERIFY(test::error_of([&] { p.begin_run("x", "{bad"); }).contains("not valid JSON"));
        MaskRecord m{"a", "../evil", p.dir() / "x.png", "{}", "", {}};
        QVERIFY(test::error_of([&] { p.record_mask(m); }).contains("mask version '../evil'"));
        // A refused write leaves no half-done state behind (the transaction rolled back).
        QVERIFY(test::error_of([&] {
                    p.set_scores({{"a", {1.0, "{}"}}, {"b", {2.0, "oops"}}});
                }).startsWith(db));
        QVERIFY(!p.image_state("a").score);
    }

    void walModeOn() {
        Fixture f;
        Project p = Project::create(f.dir, f.dataset);
        QCOMPARE(pragma(p.database_path(), "journal_mode"), std::string("wal"));
        p.set_status("a", ReviewStatus::Accepted);
        QVERIFY(fs::exists(fs::path(p.database_path().string() + "-wal")));
    }

    void readerNotBlockedByWriter() {
        Fixture f;
        Project writer = Project::create(f.dir, f.dataset);
        writer.set_status("a", ReviewStatus::New);
        Project reader = Project::open(f.dir);
        {
            // An open write transaction on another connection: the reader still reads, and
            // sees the last committed state.
            sql::Database raw(writer.database_path(), sql::Database::Mode::ReadWrite, 0);
            sql::Transaction tx(raw);
            raw.exec("UPDATE image_state SET status = 'accepted' WHERE id = 'a'");
            QCOMPARE(reader.image_state("a").status, ReviewStatus::New);
            tx.commit();
        }
        QCOMPARE(reader.image_state("a").status, ReviewStatus::Accepted);

        // A writer thread commits batches of 10 while this thread reads: every read sees
        // whole transactions only, and counts never go back.
        constexpr int kBatches = 40;
        std::atomic<bool> done{false};
        std::string thread_error;
        std::thread t([&] {
            try {
                Project w = Project::open(f.dir);
                for (int b = 0; b < kBatches; ++b) {
                    std::vector<std::string> ids;
                    for (int i = 0; i < 10; ++i)
                        ids.push_back("img" + std::to_string(b * 10 + i));
                    w.set_statuses(ids, ReviewStatus::Corrected);
                }
            } catch (const std::exception& e) {
                thread_error = e.what();
            }
            done = true;
        });
        std::size_t last = 0;
        int reads = 0;
        while (!done || reads == 0) {
            const auto counts = reader.status_counts();
            const std::size_t n =
                counts.count(ReviewStatus::Corrected) ? counts.at(ReviewStatus::Corrected) : 0;
            QCOMPARE(n % 10, std::size_t{0});
            QVERIFY(n >= last);
            last = n;
            ++reads;
        }
        t.join();
        QCOMPARE(QString::fromStdString(thread_error), QString());
        QCOMPARE(reader.status_counts().at(ReviewStatus::Corrected), std::size_t{kBatches * 10});
    }

    void corruptDatabaseNamed() {
        Fixture f;
        fs::create_directories(f.dir);
        const fs::path db = f.dir / kDatabaseName;
        test::write_text(db, std::string(4096, 'x'));
        const QString err = test::error_of([&] { Project::open(f.dir); });
        QVERIFY2(err.startsWith(QString::fromStdString(db.string())), qPrintable(err));
        QVERIFY2(err.contains("not an SQLite database"), qPrintable(err));

        // A real project whose pages were overwritten.
        Fixture g;
        { Project::create(g.dir, g.dataset).set_status("a", ReviewStatus::Accepted); }
        const fs::path gdb = g.dir / kDatabaseName;
        const auto size = fs::file_size(gdb);
        QVERIFY(size > 4096);
        {
            std::fstream file(gdb, std::ios::in | std::ios::out | std::ios::binary);
            file.seekp(100);  // past the header: the schema page and the rest become noise
            const std::string junk(size - 100, '\x5a');
            file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
        const QString err2 = test::error_of([&] {
            Project p = Project::open(g.dir);
            p.image_states();
        });
        QVERIFY2(err2.startsWith(QString::fromStdString(gdb.string())), qPrintable(err2));
        QVERIFY2(err2.contains("corrupt") || err2.contains("not an SQLite"), qPrintable(err2));
    }

    void foreignAndMissingRefused() {
        Fixture f;
        QVERIFY(test::error_of([&] {
                    Project::open(f.root / "nowhere");
                }).contains("no such project folder"));
        QVERIFY(test::error_of([&] {
                    Project::open(f.dataset);
                }).contains("not an AMR Studio project"));
        // Some other program's SQLite database.
        const fs::path other = f.root / "other.db";
        {
            sql::Database db(other, sql::Database::Mode::ReadWriteCreate);
            db.exec("CREATE TABLE t (x INTEGER)");
        }
        const QString err = test::error_of([&] { Project::open(other); });
        QVERIFY2(err.startsWith(QString::fromStdString(other.string())), qPrintable(err));
        QVERIFY(err.contains("not an AMR Studio project"));
    }

    void newerSchemaRefused() {
        Fixture f;
        fs::path db;
        {
            Project p = Project::create(f.dir, f.dataset);
            db = p.database_path();
        }
        {
            sql::Database raw(db, sql::Database::Mode::ReadWrite);
            raw.exec("UPDATE schema_version SET version = " + std::to_string(kSchemaVersion + 1));
        }
        const QString err = test::error_of([&] { Project::open(f.dir); });
        QVERIFY2(err.startsWith(QString::fromStdString(db.string())), qPrintable(err));
        QVERIFY2(err.contains("newer AMR Studio"), qPrintable(err));
    }

    void unfinishedSchemaRefused() {
        // A database that stopped before its first schema step (version 0 with our id) is
        // refused like any foreign database.
        Fixture f;
        fs::create_directories(f.dir);
        const fs::path db = f.dir / kDatabaseName;
        {
            sql::Database raw(db, sql::Database::Mode::ReadWriteCreate);
            raw.exec("PRAGMA application_id = 1095586384");  // 'AMRP'
            raw.exec(
                "CREATE TABLE schema_version (version INTEGER NOT NULL);"
                "INSERT INTO schema_version VALUES (0)");
        }
        // Version 0 is "not a project yet": refused, never silently migrated into one.
        QVERIFY(test::error_of([&] { Project::open(f.dir); }).contains("not an AMR Studio"));
    }

    void maskSourcePicksVersions() {
        Fixture f;
        Project p = Project::create(f.dir, f.dataset);
        write_mask(p.mask_dir("cam") / "a.png", 1);
        write_mask(p.mask_dir("cam") / "b.png", 1);
        write_mask(p.mask_dir("human") / "a.png", 2);
        write_mask(p.mask_dir("seeds") / "c.png", 2);
        QCOMPARE(p.sync_mask_version("cam", R"({"stage":"cam","alpha":0.5})"), std::size_t{2});
        QCOMPARE(p.sync_mask_version("human", R"({"stage":"human"})"), std::size_t{1});
        QCOMPARE(p.sync_mask_version("seeds", "{}"), std::size_t{1});
        QCOMPARE(p.sync_mask_version("refined", "{}"), std::size_t{0});  // no folder

        data::ImageRecord a{"a", f.dataset / "a.jpg", {0}, std::nullopt, 1};
        data::ImageRecord b{"b", f.dataset / "b.jpg", {0}, f.dataset / "b.png", 1};
        data::ImageRecord c{"c", f.dataset / "c.jpg", {0}, std::nullopt, 1};
        {
            ProjectMaskSource source(p);
            QCOMPARE(source.versions(), (std::vector<std::string>{"human", "cam", "gt", "seeds"}));
            const auto& prio = voc::default_mask_priority();
            const auto pa = voc::pick_mask(source, a, prio);
            QVERIFY(pa);
            QCOMPARE(pa->version, std::string("human"));
            QCOMPARE(pa->path, p.mask_dir("human") / "a.png");
            QCOMPARE(pa->provenance, std::string(R"({"stage":"human"})"));
            const auto pb = voc::pick_mask(source, b, prio);
            QCOMPARE(pb->version, std::string("cam"));
            QCOMPARE(pb->provenance, std::string(R"({"stage":"cam","alpha":0.5})"));
            QVERIFY(!voc::pick_mask(source, c, prio));
            QCOMPARE(voc::pick_mask(source, b, {"gt", "cam"})->path, f.dataset / "b.png");
            QCOMPARE(source.find(c, "seeds")->version, std::string("seeds"));
        }
        // A deleted file leaves the record on the next sync; new ones come in.
        fs::remove(p.mask_dir("cam") / "b.png");
        write_mask(p.mask_dir("cam") / "c.png", 1);
        QCOMPARE(p.sync_mask_version("cam", R"({"stage":"cam","alpha":0.25})"), std::size_t{2});
        QVERIFY(!p.mask("b", "cam"));
        QCOMPARE(p.mask("c", "cam")->provenance, std::string(R"({"stage":"cam","alpha":0.25})"));
        QCOMPARE(p.mask_counts().at("cam"), std::size_t{2});
        ProjectMaskSource source(p);
        QCOMPARE(voc::pick_mask(source, c, voc::default_mask_priority())->version,
                 std::string("cam"));
        // Recorded but deleted behind the database's back: not offered.
        fs::remove(p.mask_dir("human") / "a.png");
        QCOMPARE(ProjectMaskSource(p).find(a, "human"), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "test_project.moc"
