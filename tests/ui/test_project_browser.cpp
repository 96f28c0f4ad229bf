// The dataset browser with review state: the list model under Qt's model tester while states,
// sorting and status filters change; sort orders; rows repainting or moving on a state change;
// thumbnails decoded off the UI thread; the delegate's status badge; the panel's combos and
// next/previous after the shown image left the list; and the feed that re-reads a changed
// image from the project database.

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QImage>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "engine/data/dataset.h"
#include "engine/project/project.h"
#include "support/test_support.h"
#include "ui/project/image_state_feed.h"
#include "ui/project/project_session.h"
#include "ui/workspace/image_list_delegate.h"
#include "ui/workspace/image_list_model.h"
#include "ui/workspace/image_list_panel.h"
#include "ui/workspace/thumbnail_cache.h"

namespace fs = std::filesystem;
using amr::project::ImageState;
using amr::project::ReviewStatus;
using amr::ui::ImageListModel;
using Key = ImageListModel::SortKey;

namespace {

// Images im0..im9 (real 60x40 JPEGs, so thumbnails can decode), tag cat on even ones.
std::shared_ptr<amr::data::Dataset> makeDataset(const fs::path& root) {
    auto ds = std::make_shared<amr::data::Dataset>(root, amr::data::DatasetFormat::Folder,
                                                   amr::data::ClassList({"cat", "dog"}));
    for (int i = 0; i < 10; ++i) {
        amr::data::ImageRecord r;
        r.id = "im" + std::to_string(i);
        r.image = root / (r.id + ".jpg");
        amr::test::write_test_image(r.image, 60, 40, {double(20 * i), 100, 200});
        r.tags = {std::uint16_t(i % 2)};
        ds->add(std::move(r), root);
    }
    return ds;
}

ImageState state(const std::string& id, ReviewStatus s, std::optional<double> score = {}) {
    ImageState st;
    st.id = id;
    st.status = s;
    st.score = score;
    return st;
}

// im1 accepted 0.9, im2 corrected 0.2, im3 needs-work 0.5, im4 new 0.1; the rest untouched.
std::vector<ImageState> someStates() {
    return {state("im1", ReviewStatus::Accepted, 0.9), state("im2", ReviewStatus::Corrected, 0.2),
            state("im3", ReviewStatus::NeedsWork, 0.5), state("im4", ReviewStatus::New, 0.1),
            state("not-in-dataset", ReviewStatus::Accepted)};
}

QList<int> rows(const ImageListModel& m) {
    QList<int> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.datasetIndexOfRow(r);
    return out;
}

}  // namespace

class TestProjectBrowser : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::shared_ptr<amr::data::Dataset> m_ds;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_ds = makeDataset(amr::test::to_path(m_tmp.path()) / "data");
    }

    void passesModelTesterWithProject() {
        ImageListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDataset(m_ds);
        model.setImageStates(someStates());
        model.setSortKey(Key::ScoreAscending);
        model.setStatusFilter(ImageListModel::statusBit(ReviewStatus::Accepted) |
                              ImageListModel::statusBit(ReviewStatus::Corrected));
        QCOMPARE(model.rowCount(), 2);
        model.setImageState(state("im5", ReviewStatus::Accepted, 0.05));  // joins the list
        QCOMPARE(model.rowCount(), 3);
        model.setFilterText(QStringLiteral("im5"));
        QCOMPARE(model.rowCount(), 1);
        model.setFilterText({});
        model.setSortKey(Key::Status);
        model.setStatusFilter(ImageListModel::kAllStatuses);
        model.setImageState(state("im0", ReviewStatus::NeedsWork));
        model.setSortKey(Key::Id);
        model.setImageState(state("im0", ReviewStatus::Corrected, 0.3));  // a repaint only
        for (int r = 0; r < model.rowCount(); ++r)
            (void)model.data(model.index(r), ImageListModel::ThumbnailRole);
        model.clearImageStates();
        model.setDataset(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void rolesCarryStatusAndScore() {
        ImageListModel model;
        model.setDataset(m_ds);
        QVERIFY(!model.hasReviewState());
        QCOMPARE(model.data(model.index(1), ImageListModel::StatusTextRole).toString(), QString());
        QSignalSpy review(&model, &ImageListModel::reviewStateChanged);
        model.setImageStates(someStates());
        QCOMPARE(review.count(), 1);
        QVERIFY(model.hasReviewState());
        QCOMPARE(model.data(model.index(1), ImageListModel::StatusRole).toInt(),
                 int(ReviewStatus::Accepted));
        QCOMPARE(model.data(model.index(1), ImageListModel::StatusTextRole).toString(),
                 QStringLiteral("Accepted"));
        QCOMPARE(model.data(model.index(1), ImageListModel::ScoreRole).toDouble(), 0.9);
        QCOMPARE(model.data(model.index(3), ImageListModel::StatusTextRole).toString(),
                 QStringLiteral("Needs work"));
        QVERIFY(!model.data(model.index(7), ImageListModel::ScoreRole).isValid());
        QCOMPARE(model.data(model.index(7), ImageListModel::StatusTextRole).toString(),
                 QStringLiteral("New"));
        QVERIFY(model.data(model.index(1), Qt::ToolTipRole).toString().contains("score 0.900"));
        // A new dataset forgets the states.
        model.setDataset(m_ds);
        QVERIFY(!model.hasReviewState());
        QCOMPARE(model.statusOf(1), ReviewStatus::New);
    }

    void sortsAndFilters() {
        ImageListModel model;
        model.setDataset(m_ds);
        model.setImageStates(someStates());
        model.setSortKey(Key::ScoreAscending);  // no score last, dataset order among them
        QCOMPARE(rows(model), (QList<int>{4, 2, 3, 1, 0, 5, 6, 7, 8, 9}));
        QCOMPARE(model.rowOfDatasetIndex(2), 1);
        model.setSortKey(Key::ScoreDescending);
        QCOMPARE(rows(model), (QList<int>{1, 3, 2, 4, 0, 5, 6, 7, 8, 9}));
        model.setSortKey(Key::Status);  // new, accepted, corrected, needs work
        QCOMPARE(rows(model), (QList<int>{0, 4, 5, 6, 7, 8, 9, 1, 2, 3}));
        model.setStatusFilter(ImageListModel::statusBit(ReviewStatus::NeedsWork) |
                              ImageListModel::statusBit(ReviewStatus::Accepted));
        QCOMPARE(rows(model), (QList<int>{1, 3}));
        QCOMPARE(model.rowOfDatasetIndex(0), -1);
        model.setFilterText(QStringLiteral("dog"));  // odd ids: both still match
        QCOMPARE(rows(model), (QList<int>{1, 3}));
        model.setFilterText(QStringLiteral("cat"));
        QCOMPARE(rows(model), QList<int>{});
        model.setStatusFilter(0);  // nothing chosen = everything
        QCOMPARE(model.statusFilter(), ImageListModel::kAllStatuses);
        QCOMPARE(model.rowCount(), 5);
    }

    void stateChangeRepaintsOrMovesRow() {
        ImageListModel model;
        model.setDataset(m_ds);
        model.setImageStates(someStates());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setImageState(state("im7", ReviewStatus::Accepted));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), 7);
        QCOMPARE(reset.count(), 0);
        model.setImageState(state("im7", ReviewStatus::Accepted));  // no change, no signal
        QCOMPARE(changed.count(), 1);
        // Under a "new" filter, accepting an image takes it out of the list.
        model.setStatusFilter(ImageListModel::statusBit(ReviewStatus::New));
        reset.clear();
        const int before = model.rowCount();
        model.setImageState(state("im8", ReviewStatus::Accepted));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), before - 1);
        QCOMPARE(model.rowOfDatasetIndex(8), -1);
    }

    void thumbnailsLoadOffTheUiThread() {
        ImageListModel model;
        model.thumbnails()->setSize(24);
        model.setDataset(m_ds);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.data(model.index(3), ImageListModel::ThumbnailRole).value<QImage>().isNull());
        QVERIFY(model.thumbnails()->pendingCount() >= 1);
        QTRY_VERIFY(model.thumbnails()->contains(3));
        const QImage thumb =
            model.data(model.index(3), ImageListModel::ThumbnailRole).value<QImage>();
        QCOMPARE(thumb.size(), QSize(24, 16));  // 60x40 scaled to fit 24
        QVERIFY(changed.count() >= 1);
        QCOMPARE(changed.last()[2].value<QList<int>>(), QList<int>{ImageListModel::ThumbnailRole});
        // Colour of im3: BGR (60,100,200) -> red 200.
        QVERIFY(qAbs(qRed(thumb.pixel(12, 8)) - 200) < 12);
        // A missing file gives an empty placeholder, not a retry on every paint.
        QVERIFY(amr::ui::ThumbnailCache::load(QStringLiteral("/nonexistent.jpg"), 24).isNull());
    }

    void delegateDrawsBadgeAndThumbnail() {
        ImageListModel model;
        model.setDataset(m_ds);
        model.setImageStates({state("im0", ReviewStatus::Accepted, 0.75)});
        QListView view;
        view.setItemDelegate(new amr::ui::ImageListDelegate(&view));
        view.setModel(&model);
        view.resize(320, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(model.thumbnails()->contains(0));
        const QRect row0 = view.visualRect(model.index(0));
        QVERIFY(row0.height() >= amr::ui::ImageListDelegate::thumbnailSize(view.fontMetrics()));
        const QImage shot = view.viewport()->grab().toImage();
        const QColor accepted = amr::ui::ImageListDelegate::statusColour(ReviewStatus::Accepted);
        auto countColour = [&](const QRect& r, const QColor& c) {
            int n = 0;
            for (int y = r.top(); y <= r.bottom(); ++y)
                for (int x = r.left(); x <= r.right(); ++x)
                    n += QColor(shot.pixel(x, y)) == c;
            return n;
        };
        QVERIFY(countColour(row0, accepted) > 20);  // the badge of the accepted row
        const QRect row1 = view.visualRect(model.index(1));
        QCOMPARE(countColour(row1, accepted), 0);
        QVERIFY(countColour(row1, amr::ui::ImageListDelegate::statusColour(ReviewStatus::New)) >
                20);
    }

    void panelCombosAndStepping() {
        ImageListModel model;
        amr::ui::ImageListPanel panel(&model);
        model.setDataset(m_ds);
        QVERIFY(!panel.statusCombo()->isEnabled());
        model.setImageStates(someStates());
        QVERIFY(panel.statusCombo()->isEnabled());
        const int accepted = panel.statusCombo()->findText(QStringLiteral("Accepted"));
        QVERIFY(accepted > 0);
        panel.statusCombo()->setCurrentIndex(accepted);
        QCOMPARE(model.rowCount(), 1);
        panel.sortCombo()->setCurrentIndex(panel.sortCombo()->findData(int(Key::ScoreAscending)));
        QCOMPARE(model.sortKey(), Key::ScoreAscending);
        panel.sortCombo()->setCurrentIndex(0);

        // "To review": new or needs work. Accept the shown image; next goes on from there.
        panel.statusCombo()->setCurrentIndex(panel.statusCombo()->count() - 1);
        QCOMPARE(rows(model), (QList<int>{0, 3, 4, 5, 6, 7, 8, 9}));
        panel.setCurrentDatasetIndex(3);
        QCOMPARE(panel.currentDatasetIndex(), 3);
        model.setImageState(state("im3", ReviewStatus::Accepted));
        QCOMPARE(model.rowOfDatasetIndex(3), -1);
        panel.selectNext();
        QCOMPARE(panel.currentDatasetIndex(), 4);
        panel.selectPrevious();
        QCOMPARE(panel.currentDatasetIndex(), 0);
        // Without a project the status filter goes back to "all".
        model.setDataset(m_ds);
        QVERIFY(!panel.statusCombo()->isEnabled());
        QCOMPARE(panel.statusCombo()->currentIndex(), 0);
        QCOMPARE(model.rowCount(), 10);
    }

    void feedRereadsChangedImages() {
        const fs::path dir = amr::test::to_path(m_tmp.path()) / "proj";
        amr::project::Project::create(dir, m_ds->root(), "Feed");
        ImageListModel model;
        model.setDataset(m_ds);
        model.setImageStates({});
        amr::ui::ProjectSession session;
        amr::ui::ImageStateFeed feed(&session, &model);
        QSignalSpy applied(&feed, &amr::ui::ImageStateFeed::applied);
        session.setOpen(QString::fromStdString(dir.string()), {}, QStringLiteral("Feed"));
        {
            // Another connection (the editor, the CLI) changes two images.
            auto p = session.connect();
            p->set_status("im6", ReviewStatus::Corrected);
            p->set_scores({{"im7", {0.4, ""}}});
        }
        session.notifyImageStateChanged(QStringLiteral("im6"));
        session.notifyImageStateChanged(QStringLiteral("im7"));
        QTRY_COMPARE(model.statusOf(6), ReviewStatus::Corrected);
        QTRY_VERIFY(!feed.isBusy());
        QCOMPARE(model.data(model.index(7), ImageListModel::ScoreRole).toDouble(), 0.4);
        int total = 0;
        for (const auto& call : applied)
            total += call[0].toInt();
        QCOMPARE(total, 2);
        QCOMPARE(applied.count(), 1);  // both in one read

        // A write from the GUI (the list's "Mark as" menu) lands in the database and the model.
        feed.setStatus({QStringLiteral("im8"), QStringLiteral("im9")}, ReviewStatus::NeedsWork);
        QTRY_COMPARE(model.statusOf(9), ReviewStatus::NeedsWork);
        QTRY_VERIFY(!feed.isBusy());
        QCOMPARE(model.statusOf(8), ReviewStatus::NeedsWork);
        QCOMPARE(session.connect()->image_state("im8").status, ReviewStatus::NeedsWork);
        session.close();
        QVERIFY(!model.hasReviewState());
        QCOMPARE(model.statusOf(6), ReviewStatus::New);
        QVERIFY(amr::test::error_of([&] { session.connect(); }).contains("no project is open"));
    }
};

QTEST_MAIN(TestProjectBrowser)
#include "test_project_browser.moc"
