// The mask editor's project storage: versions found through the project database, the human
// version saved under masks/human and recorded with provenance, review status and scores in the
// database, the scoring job's inputs (refined pseudo label, DeepLab for the IoU), and taking the
// human version back.
//
// Needs the project database implementation (engine/project/project.cpp); skipped without it.

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#if __has_include("engine/project/schema.h")
#define AMR_HAVE_PROJECT 1
#include "engine/data/label_png.h"
#include "ui/editor/edit_storage.h"
#endif

namespace fs = std::filesystem;

class TestProjectEditStorage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void storesThroughTheProject() {
#ifndef AMR_HAVE_PROJECT
        QSKIP("the project database is not part of this build");
#else
        using amr::project::Project;
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        fs::create_directories(root / "data");
        const fs::path dir = root / "proj";
        Project::create(dir, root / "data", "test");
        auto connect = [dir] { return std::make_unique<Project>(Project::open(dir)); };

        amr::data::ImageRecord rec;
        rec.id = "img1";
        rec.tags = {2};
        {
            auto p = connect();
            for (const char* v : {"refined", "deeplab"}) {
                fs::create_directories(p->mask_dir(v));
                const fs::path file = p->mask_dir(v) / "img1.png";
                amr::data::write_label_png(file, cv::Mat(8, 8, CV_8UC1, cv::Scalar(3)));
                amr::project::MaskRecord m;
                m.image_id = "img1";
                m.version = v;
                m.path = file;
                m.provenance = "{}";
                p->record_mask(m);
            }
        }
        auto storage = amr::ui::makeProjectEditStorage(connect);
        auto versions = storage->versions(rec);
        QCOMPARE(versions.size(), std::size_t(2));
        QCOMPARE(versions[0].version, QStringLiteral("refined"));
        QCOMPARE(versions[1].version, QStringLiteral("deeplab"));

        const QString human = storage->humanPath(rec);
        QCOMPARE(fs::path(human.toStdString()), dir / "masks" / "human" / "img1.png");
        amr::data::write_label_png(human.toStdString(), cv::Mat(8, 8, CV_8UC1, cv::Scalar(0)));
        storage->recordHuman(rec, human, R"({"stage":"human","source":"refined"})");
        storage->setStatus("img1", amr::project::ReviewStatus::Corrected);
        versions = storage->versions(rec);
        QCOMPARE(versions[0].version, QStringLiteral("human"));

        amr::data::Dataset ds(root / "data", amr::data::DatasetFormat::Folder,
                              amr::data::ClassList({"a", "b", "c"}));
        ds.add(rec, root);
        const auto options = storage->scoreOptions(ds);
        QCOMPARE(options.items.size(), std::size_t(1));
        QCOMPARE(options.items[0].mask, dir / "masks" / "refined" / "img1.png");
        QCOMPARE(options.items[0].deeplab, dir / "masks" / "deeplab" / "img1.png");
        storage->setScores({{"img1", {0.25, R"({"score":0.25})"}}});

        // A second connection sees everything.
        auto p = connect();
        const auto st = p->image_state("img1");
        QCOMPARE(st.status, amr::project::ReviewStatus::Corrected);
        QCOMPARE(*st.score, 0.25);
        const auto m = p->mask("img1", "human");
        QVERIFY(m.has_value());
        QVERIFY(QString::fromStdString(m->provenance).contains(QStringLiteral("refined")));

        // Withdrawing the human version (all edits undone): file and record go, the rest stays.
        storage->removeHuman(rec);
        QVERIFY(!fs::exists(dir / "masks" / "human" / "img1.png"));
        QVERIFY(!p->mask("img1", "human").has_value());
        QVERIFY(p->mask("img1", "refined").has_value());
        QCOMPARE(storage->versions(rec)[0].version, QStringLiteral("refined"));
        QVERIFY(!p->remove_mask("img1", "human"));  // nothing left to remove
        storage->removeHuman(rec);                  // and no error
#endif
    }
};

QTEST_MAIN(TestProjectEditStorage)
#include "test_project_edit_storage.moc"
