// The main window end to end: a small dataset on disk, images decoded in the background and
// shown on the canvas, errors in plain words, keyboard navigation, overlay settings, and the
// recent-datasets list in QSettings.

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <memory>

#include <opencv2/core.hpp>

#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "support/test_support.h"
#include "ui/canvas/image_canvas.h"
#include "ui/jobs/job_runner.h"
#include "ui/widgets/message_banner.h"
#include "ui/workspace/image_list_model.h"
#include "ui/workspace/image_list_panel.h"
#include "ui/workspace/image_loader.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/recent_datasets.h"
#include "ui/workspace/workspace_actions.h"

namespace fs = std::filesystem;
using amr::test::to_path;
using amr::test::write_test_image;
using amr::test::write_text;
using amr::ui::MainWindow;
using amr::ui::RecentDatasets;

namespace {

// A plain-folder dataset: a.png (40x30, mask with a cat square), b.jpg (no mask),
// c.jpg (not an image), d.png (its mask has the wrong size).
fs::path makeFolderDataset(const fs::path& root) {
    write_test_image(root / "images" / "a.png", 40, 30, {40, 120, 200});
    write_test_image(root / "images" / "b.jpg", 50, 20);
    write_text(root / "images" / "c.jpg", "this is not a JPEG");
    write_test_image(root / "images" / "d.png", 16, 16);
    cv::Mat mask(30, 40, CV_8UC1, cv::Scalar(0));
    mask(cv::Rect(10, 10, 10, 10)).setTo(1);
    mask.row(0).setTo(255);
    fs::create_directories(root / "masks");
    amr::data::write_label_png(root / "masks" / "a.png", mask);
    amr::data::write_label_png(root / "masks" / "d.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(0)));
    write_text(root / "classes.txt", "cat\ndog\n");
    write_text(root / "tags.csv", "image,tags\na.png,cat\nb.jpg,dog\nc.jpg,cat;dog\nd.png,dog\n");
    return root;
}

// The same files as a hand-built Dataset, independent of the readers.
std::shared_ptr<amr::data::Dataset> handBuilt(const fs::path& root) {
    auto ds = std::make_shared<amr::data::Dataset>(root, amr::data::DatasetFormat::Folder,
                                                   amr::data::ClassList({"cat", "dog"}));
    auto add = [&](const char* id, const char* file, std::vector<std::uint16_t> tags, bool mask) {
        amr::data::ImageRecord r;
        r.id = id;
        r.image = root / "images" / file;
        r.tags = std::move(tags);
        if (mask)
            r.mask = root / "masks" / (std::string(id) + ".png");
        ds->add(std::move(r), root / "tags.csv");
    };
    add("a", "a.png", {0}, true);
    add("b", "b.jpg", {1}, false);
    add("c", "c.jpg", {0, 1}, false);
    add("d", "d.png", {1}, true);
    return ds;
}

QString labelText(const MainWindow& w, const char* name) {
    auto* label = w.findChild<QLabel*>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(name));
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio"));
        QCoreApplication::setApplicationName(QStringLiteral("amr-studio-test"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        makeFolderDataset(to_path(m_dir.path()) / "shop");
    }

    void showsImagesAndErrors() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const fs::path root = to_path(m_dir.path()) / "shop";
        w.setDataset(handBuilt(root), QString::fromStdString(root.string()));
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("shop")));
        QCOMPARE(w.imageModel()->rowCount(), 4);

        // The first image is selected and decoded in the background.
        QTRY_COMPARE(w.shownImageIndex(), 0);
        QVERIFY(w.canvas()->hasImage());
        QCOMPARE(w.canvas()->image().size(), QSize(40, 30));
        QCOMPARE(w.canvas()->overlay().size(), QSize(40, 30));
        QCOMPARE(w.canvas()->image().pixelColor(5, 5), QColor(200, 120, 40));
        QCOMPARE(QColor(w.canvas()->overlay().pixel(15, 15)), QColor(128, 0, 0));
        QCOMPARE(labelText(w, "statusImageId"), QStringLiteral("a"));
        QCOMPARE(labelText(w, "statusImageSize"), QStringLiteral("40 × 30 px"));
        QCOMPARE(labelText(w, "statusZoom"),
                 QStringLiteral("%1 %").arg(qRound(w.canvas()->zoom() * 100)));

        // The class under the cursor.
        const QPointF catPixel = w.canvas()->view().toWidget(QPointF(15.5, 15.5));
        QMouseEvent move(QEvent::MouseMove, catPixel, w.canvas()->mapToGlobal(catPixel),
                         Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(w.canvas(), &move);
        QCOMPARE(labelText(w, "statusClass"), QStringLiteral("x 15, y 15: cat"));
        const QPointF voidPixel = w.canvas()->view().toWidget(QPointF(2.5, 0.5));
        QMouseEvent moveVoid(QEvent::MouseMove, voidPixel, w.canvas()->mapToGlobal(voidPixel),
                             Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(w.canvas(), &moveVoid);
        QCOMPARE(labelText(w, "statusClass"), QStringLiteral("x 2, y 0: void"));

        // Next image: no mask.
        w.actions().nextImage->trigger();
        QTRY_COMPARE(w.shownImageIndex(), 1);
        QCOMPARE(w.canvas()->image().size(), QSize(50, 20));
        QVERIFY(w.canvas()->overlay().isNull());

        // A file that is not an image: a message naming it, no crash, no image.
        w.actions().nextImage->trigger();
        QTRY_VERIFY(!w.banner()->text().isEmpty());
        QVERIFY2(w.banner()->text().contains(QStringLiteral("c.jpg")),
                 qPrintable(w.banner()->text()));
        QVERIFY(!w.canvas()->hasImage());
        QCOMPARE(w.shownImageIndex(), -1);

        // A mask whose size differs from its image's.
        w.actions().nextImage->trigger();
        QTRY_VERIFY(w.banner()->text().contains(QStringLiteral("d.png")));
        QVERIFY2(w.banner()->text().contains(QStringLiteral("8x8")),
                 qPrintable(w.banner()->text()));

        // Back to a good image: the error goes away.
        w.actions().previousImage->trigger();
        w.actions().previousImage->trigger();
        QTRY_COMPARE(w.shownImageIndex(), 1);
        QVERIFY(w.banner()->text().isEmpty());
    }

    void keyboardDrivesTheWindow() {
        MainWindow w;
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const fs::path root = to_path(m_dir.path()) / "shop";
        w.setDataset(handBuilt(root), QString::fromStdString(root.string()));
        QTRY_COMPARE(w.shownImageIndex(), 0);
        QWidget* list = w.imageList()->view();
        list->setFocus();
        QTest::keyClick(list, Qt::Key_D);
        QTRY_COMPARE(w.shownImageIndex(), 1);
        QTest::keyClick(list, Qt::Key_A);
        QTRY_COMPARE(w.shownImageIndex(), 0);
        QTest::keyClick(list, Qt::Key_PageDown);
        QTRY_COMPARE(w.shownImageIndex(), 1);
        QTest::keyClick(list, Qt::Key_PageUp);
        QTRY_COMPARE(w.shownImageIndex(), 0);
        QTest::keyClick(list, Qt::Key_Down);  // the list's own arrow keys
        QTRY_COMPARE(w.shownImageIndex(), 1);

        const bool overlay = w.canvas()->overlayVisible();
        QTest::keyClick(list, Qt::Key_M);
        QCOMPARE(w.canvas()->overlayVisible(), !overlay);
        QTest::keyClick(list, Qt::Key_M);
        QCOMPARE(w.canvas()->overlayVisible(), overlay);

        QTest::keyClick(list, Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(!w.canvas()->isFitMode());
        QTest::keyClick(list, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(w.canvas()->zoom(), 1.0);
        QTest::keyClick(list, Qt::Key_F);
        QVERIFY(w.canvas()->isFitMode());

        // Letters typed into the filter box are text, not shortcuts.
        w.imageList()->filterEdit()->setFocus();
        QTest::keyClicks(w.imageList()->filterEdit(), QStringLiteral("dam"));
        QCOMPARE(w.imageList()->filterEdit()->text(), QStringLiteral("dam"));
        QCOMPARE(w.shownImageIndex(), 1);
        QCOMPARE(w.canvas()->overlayVisible(), overlay);
    }

    void startsAtARequestedImage() {
        MainWindow w;
        const fs::path root = to_path(m_dir.path()) / "shop";
        w.selectImageOnOpen(QStringLiteral("b"));
        w.setDataset(handBuilt(root), QString::fromStdString(root.string()));
        QTRY_COMPARE(w.shownImageIndex(), 1);
        w.selectImageOnOpen(QStringLiteral("zz"));
        w.setDataset(handBuilt(root), QString::fromStdString(root.string()));
        QVERIFY2(w.banner()->text().contains(QStringLiteral("zz")), qPrintable(w.banner()->text()));
        QTRY_COMPARE(w.shownImageIndex(), 0);
    }

    void overlaySettingsPersist() {
        {
            MainWindow w;
            auto* slider = w.findChild<QSlider*>(QStringLiteral("opacitySlider"));
            QVERIFY(slider);
            slider->setValue(30);
            QCOMPARE(w.canvas()->overlayOpacity(), 0.3);
            QVERIFY(w.canvas()->overlayVisible());
            w.actions().showOverlay->trigger();  // M
            QVERIFY(!w.canvas()->overlayVisible());
        }
        QSettings s;
        QCOMPARE(s.value("overlay/opacity").toInt(), 30);
        QCOMPARE(s.value("overlay/visible").toBool(), false);
        MainWindow again;
        QCOMPARE(again.canvas()->overlayOpacity(), 0.3);
        QVERIFY(!again.canvas()->overlayVisible());
        again.actions().showOverlay->trigger();
        QVERIFY(again.canvas()->overlayVisible());
    }

    void opensAFolderInTheBackground() {
        MainWindow w;
        const QString root = m_dir.path() + QStringLiteral("/shop");
        w.openDataset(root);
        QTRY_VERIFY_WITH_TIMEOUT(w.dataset() != nullptr || !w.banner()->text().isEmpty(), 20000);
        QVERIFY2(w.dataset(), qPrintable(w.banner()->text()));
        QCOMPARE(w.dataset()->size(), std::size_t(4));
        QTRY_COMPARE(w.shownImageIndex(), 0);
        QCOMPARE(w.canvas()->image().size(), QSize(40, 30));
        QCOMPARE(RecentDatasets::list().value(0), root);
    }

    void reportsAFolderThatCannotBeOpened() {
        MainWindow w;
        const QString missing = m_dir.path() + QStringLiteral("/no-such-dataset");
        w.openDataset(missing);
        QTRY_VERIFY_WITH_TIMEOUT(!w.banner()->text().isEmpty(), 20000);
        QVERIFY2(w.banner()->text().contains(QStringLiteral("no-such-dataset")),
                 qPrintable(w.banner()->text()));
        QVERIFY(!w.dataset());
    }

    void recentListIsBoundedPrunedAndClearable() {
        RecentDatasets::clear();
        QTemporaryDir base;
        QStringList made;
        for (int i = 0; i < 12; ++i) {
            const QString dir = base.path() + QStringLiteral("/ds%1").arg(i);
            QVERIFY(QDir().mkpath(dir));
            made << dir;
            RecentDatasets::add(dir);
        }
        RecentDatasets::add(made[5]);  // again: moves to the front, no duplicate
        QStringList list = RecentDatasets::list();
        QCOMPARE(list.size(), RecentDatasets::kMax);
        QCOMPARE(list.first(), made[5]);
        QCOMPARE(list[1], made[11]);
        QCOMPARE(list.count(made[5]), 1);
        QVERIFY(!list.contains(made[0]));
        QCOMPARE(QSettings().value(RecentDatasets::kSettingsKey).toStringList(), list);

        QVERIFY(QDir(made[11]).removeRecursively());
        list = RecentDatasets::list();
        QCOMPARE(list.size(), RecentDatasets::kMax - 1);
        QVERIFY(!list.contains(made[11]));
        QCOMPARE(QSettings().value(RecentDatasets::kSettingsKey).toStringList(), list);

        RecentDatasets::clear();
        QVERIFY(RecentDatasets::list().isEmpty());
    }

    void loaderDropsStaleResults() {
        const fs::path root = to_path(m_dir.path()) / "shop";
        amr::ui::ImageLoader loader;
        loader.setDataset(handBuilt(root));
        QList<int> delivered;
        connect(&loader, &amr::ui::ImageLoader::loaded, this,
                [&](const amr::ui::LoadedImage& r) { delivered << r.index; });
        connect(&loader, &amr::ui::ImageLoader::failed, this,
                [&](int index, const QString&) { delivered << index; });
        for (int i : {0, 1, 2, 3, 0, 1})
            loader.request(i);
        QTRY_VERIFY(!loader.isBusy() && !delivered.isEmpty() && delivered.last() == 1);
        QTest::qWait(50);
        // Only the newest request is delivered; nothing older arrives after it.
        QCOMPARE(delivered, QList<int>({1}));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
