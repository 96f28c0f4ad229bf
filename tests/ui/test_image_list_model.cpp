// The image list model over a hand-built dataset: Qt's model tester, row mapping, the
// id/tag filter and the counts the panel shows.

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>
#include <memory>

#include "engine/data/dataset.h"
#include "ui/widgets/text_format.h"
#include "ui/workspace/image_list_model.h"
#include "ui/workspace/image_list_panel.h"

using amr::data::Dataset;
using amr::ui::ImageListModel;

namespace {

// 1,000 images "img_0000".."img_0999". Tags: every image has cat (0) when i % 2 == 0, dog (1)
// when i % 3 == 0, person (2) when i % 5 == 0; masks on every 4th image.
std::shared_ptr<Dataset> makeDataset(int n = 1000) {
    auto ds = std::make_shared<Dataset>("/data/fake", amr::data::DatasetFormat::Folder,
                                        amr::data::ClassList({"cat", "dog", "person"}));
    for (int i = 0; i < n; ++i) {
        amr::data::ImageRecord r;
        r.id = QStringLiteral("img_%1").arg(i, 4, 10, QLatin1Char('0')).toStdString();
        r.image = "/data/fake/images/" + r.id + ".jpg";
        if (i % 2 == 0)
            r.tags.push_back(0);
        if (i % 3 == 0)
            r.tags.push_back(1);
        if (i % 5 == 0)
            r.tags.push_back(2);
        if (i % 4 == 0)
            r.mask = "/data/fake/masks/" + r.id + ".png";
        ds->add(std::move(r), "hand-built");
    }
    return ds;
}

QList<int> datasetIndices(const ImageListModel& m) {
    QList<int> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.datasetIndexOfRow(r);
    return out;
}

QList<int> expected(int n, const std::function<bool(int)>& keep) {
    QList<int> out;
    for (int i = 0; i < n; ++i)
        if (keep(i))
            out << i;
    return out;
}

}  // namespace

class TestImageListModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void passesModelTester() {
        ImageListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDataset(makeDataset());
        QCOMPARE(model.rowCount(), 1000);
        model.setFilterText(QStringLiteral("dog"));
        model.setFilterText(QStringLiteral("img_09"));
        model.setFilterText(QString());
        model.setDataset(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void rolesDescribeTheRecord() {
        ImageListModel model;
        model.setDataset(makeDataset());
        const QModelIndex row30 = model.index(30);
        QCOMPARE(row30.data(ImageListModel::IdRole).toString(), QStringLiteral("img_0030"));
        QCOMPARE(row30.data(ImageListModel::DatasetIndexRole).toInt(), 30);
        QCOMPARE(row30.data(ImageListModel::TagNamesRole).toStringList(),
                 QStringList({"cat", "dog", "person"}));
        QCOMPARE(row30.data(ImageListModel::TagIndicesRole).value<QList<int>>(),
                 QList<int>({0, 1, 2}));
        QCOMPARE(row30.data(Qt::DisplayRole).toString(),
                 QStringLiteral("img_0030 — cat, dog, person"));
        QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), QStringLiteral("img_0001"));
        QVERIFY(model.index(8).data(ImageListModel::HasMaskRole).toBool());
        QVERIFY(!model.index(9).data(ImageListModel::HasMaskRole).toBool());
    }

    void filtersByIdSubstring() {
        ImageListModel model;
        model.setDataset(makeDataset());
        model.setFilterText(QStringLiteral("_099"));
        QCOMPARE(datasetIndices(model), expected(1000, [](int i) { return i >= 990; }));
        model.setFilterText(QStringLiteral("IMG_0123"));  // case-insensitive
        QCOMPARE(datasetIndices(model), QList<int>({123}));
        model.setFilterText(QStringLiteral("12"));
        QCOMPARE(datasetIndices(model), expected(1000, [](int i) {
                     return QStringLiteral("img_%1").arg(i, 4, 10, QLatin1Char('0')).contains("12");
                 }));
        model.setFilterText(QStringLiteral("nothing-like-this"));
        QCOMPARE(model.rowCount(), 0);
    }

    void filtersByTagName() {
        ImageListModel model;
        model.setDataset(makeDataset());
        model.setFilterText(QStringLiteral("dog"));
        QCOMPARE(datasetIndices(model), expected(1000, [](int i) { return i % 3 == 0; }));
        model.setFilterText(QStringLiteral("Pers"));  // a prefix of "person"
        QCOMPARE(datasetIndices(model), expected(1000, [](int i) { return i % 5 == 0; }));
        // All words must match: tag and tag, then tag and id.
        model.setFilterText(QStringLiteral("dog  person"));
        QCOMPARE(datasetIndices(model), expected(1000, [](int i) { return i % 15 == 0; }));
        model.setFilterText(QStringLiteral("cat img_01"));
        QCOMPARE(datasetIndices(model),
                 expected(1000, [](int i) { return i % 2 == 0 && i >= 100 && i < 200; }));
    }

    void reportsCountsAndMapsRows() {
        ImageListModel model;
        QSignalSpy counts(&model, &ImageListModel::countsChanged);
        model.setDataset(makeDataset());
        model.setFilterText(QStringLiteral("person"));
        QCOMPARE(counts.count(), 2);
        QCOMPARE(counts.last().at(0).toInt(), 200);
        QCOMPARE(counts.last().at(1).toInt(), 1000);
        QCOMPARE(model.rowOfDatasetIndex(15), 3);  // 0, 5, 10, 15
        QCOMPARE(model.rowOfDatasetIndex(16), -1);
        QCOMPARE(model.datasetIndexOfRow(3), 15);
        QCOMPARE(model.datasetIndexOfRow(200), -1);
    }

    void panelShowsCountAndKeepsCurrentImage() {
        ImageListModel model;
        amr::ui::ImageListPanel panel(&model);
        QSignalSpy current(&panel, &amr::ui::ImageListPanel::currentImageChanged);
        model.setDataset(makeDataset());
        // A new dataset starts at its first image.
        QCOMPARE(panel.currentDatasetIndex(), 0);
        QCOMPARE(current.count(), 1);
        QCOMPARE(panel.countText(), QStringLiteral("1,000 of 1,000 images"));
        panel.setCurrentDatasetIndex(30);
        QCOMPARE(current.last().at(0).toInt(), 30);
        model.setFilterText(QStringLiteral("person"));
        QCOMPARE(panel.countText(), QStringLiteral("200 of 1,000 images"));
        QCOMPARE(panel.view()->currentIndex().data(ImageListModel::DatasetIndexRole).toInt(), 30);
        panel.selectNext();
        QCOMPARE(panel.currentDatasetIndex(), 35);
        panel.selectPrevious();
        panel.selectPrevious();
        QCOMPARE(panel.currentDatasetIndex(), 25);
        // The typed filter reaches the model after a short pause.
        panel.filterEdit()->setText(QStringLiteral("img_0025"));
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(amr::ui::formatCount(100000), QStringLiteral("100,000"));
        QCOMPARE(amr::ui::datasetDisplayName(QStringLiteral("/x/mydata/VOCdevkit/VOC2012/")),
                 QStringLiteral("mydata (VOC2012)"));
        QCOMPARE(amr::ui::datasetDisplayName(QStringLiteral("/x/shop")), QStringLiteral("shop"));
    }

    void filtersOneHundredThousandRows() {
        // Correctness at the size the list is built for (timings live in bench/).
        ImageListModel model;
        model.setDataset(makeDataset(100000));
        QCOMPARE(model.rowCount(), 100000);
        model.setFilterText(QStringLiteral("dog person"));
        QCOMPARE(model.rowCount(), 100000 / 15 + 1);
        model.setFilterText(QStringLiteral("img_99999"));
        QCOMPARE(datasetIndices(model), QList<int>({99999}));
    }
};

QTEST_MAIN(TestImageListModel)
#include "test_image_list_model.moc"
