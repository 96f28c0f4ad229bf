// Overlay layers: compositing colours and opacity, toggling a layer hides it, the disagreement
// layer marks exactly the differing pixels, the legend model, the colormaps, the layer panel's
// toggle actions, and the compare view's synchronised zoom and pan.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QSlider>
#include <QStandardPaths>
#include <QtTest>

#include <opencv2/core.hpp>

#include "engine/data/label_png.h"
#include "support/test_support.h"
#include "ui/cam/cam_controller.h"
#include "ui/cam/compare_view.h"
#include "ui/canvas/image_canvas.h"
#include "ui/overlay/colormap.h"
#include "ui/overlay/layer_stack.h"
#include "ui/overlay/legend_model.h"
#include "ui/overlay/overlay_panel.h"

using amr::test::label_image;
using amr::ui::LayerId;
using amr::ui::LayerStack;

namespace {

QRgb vocOpaque(int label) {
    const auto& c = amr::data::voc_palette()[std::size_t(label)];
    return qRgba(c[0], c[1], c[2], 255);
}

QString argb(QRgb c) {
    return QStringLiteral("(%1,%2,%3,%4)").arg(qAlpha(c)).arg(qRed(c)).arg(qGreen(c)).arg(qBlue(c));
}

// A 2x3 stack with ground truth and a CAM label, every other layer hidden, both opaque.
void twoLabelStack(LayerStack& s) {
    s.setImageSize(QSize(3, 2));
    for (int i = 0; i < amr::ui::kLayerCount; ++i)
        s.setVisible(LayerId(i), false);
    QVERIFY(s.setData(LayerId::GroundTruth, label_image(2, 3, {0, 1, 1, 255, 2, 0})));
    QVERIFY(s.setData(LayerId::CamLabel, label_image(2, 3, {0, 1, 2, 3, 255, 0})));
    s.setOpacity(LayerId::GroundTruth, 1.0);
    s.setOpacity(LayerId::CamLabel, 1.0);
}

}  // namespace

class TestOverlays : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void labelLayerUsesVocColoursAndTransparentBackground() {
        LayerStack s;
        twoLabelStack(s);
        s.setVisible(LayerId::GroundTruth, true);
        const QImage& out = s.composite();
        QCOMPARE(out.size(), QSize(3, 2));
        QCOMPARE(out.format(), QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(out.pixel(0, 0), qRgba(0, 0, 0, 0));
        QCOMPARE(argb(out.pixel(1, 0)), argb(vocOpaque(1)));    // (128,0,0)
        QCOMPARE(argb(out.pixel(0, 1)), argb(vocOpaque(255)));  // void is cream
        QCOMPARE(argb(out.pixel(1, 1)), argb(vocOpaque(2)));
    }

    void opacityScalesPremultipliedColour() {
        LayerStack s;
        twoLabelStack(s);
        s.setVisible(LayerId::GroundTruth, true);
        s.setOpacity(LayerId::GroundTruth, 0.5);
        const QRgb p = s.composite().pixel(1, 0);  // label 1 = (128,0,0)
        QCOMPARE(qAlpha(p), 128);
        QVERIFY(std::abs(qRed(p) - 64) <= 1);
        QCOMPARE(qGreen(p), 0);
    }

    void upperLayerCoversLowerOne() {
        LayerStack s;
        twoLabelStack(s);
        s.setVisible(LayerId::GroundTruth, true);
        s.setVisible(LayerId::CamLabel, true);
        const QImage& out = s.composite();
        // (2,0): GT 1 under CAM 2 -> CAM's colour; (1,1): GT 2 under CAM void -> cream.
        QCOMPARE(argb(out.pixel(2, 0)), argb(vocOpaque(2)));
        QCOMPARE(argb(out.pixel(1, 1)), argb(vocOpaque(255)));
        // (2,1): both background -> transparent.
        QCOMPARE(out.pixel(2, 1), qRgba(0, 0, 0, 0));
    }

    void togglingALayerHidesIt() {
        LayerStack s;
        twoLabelStack(s);
        s.setVisible(LayerId::CamLabel, true);
        QVERIFY(qAlpha(s.composite().pixel(1, 0)) == 255);
        s.setVisible(LayerId::CamLabel, false);
        const QImage& out = s.composite();
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 3; ++x)
                QCOMPARE(out.pixel(x, y), qRgba(0, 0, 0, 0));
    }

    void wrongSizeOrTypeIsRefused() {
        LayerStack s;
        s.setImageSize(QSize(3, 2));
        QVERIFY(!s.setData(LayerId::Refined, cv::Mat(3, 3, CV_8UC1, cv::Scalar(1))));
        QVERIFY(!s.hasData(LayerId::Refined));
        QVERIFY(!s.setData(LayerId::Refined, cv::Mat(2, 3, CV_32FC1, cv::Scalar(1))));
        QVERIFY(s.setData(LayerId::Refined, cv::Mat(2, 3, CV_8UC1, cv::Scalar(1))));
        s.setImageSize(QSize(4, 2));  // another image drops the data
        QVERIFY(!s.hasData(LayerId::Refined));
    }

    void disagreementMarksExactlyDifferingPixels() {
        LayerStack s;
        twoLabelStack(s);
        s.setDisagreementPair(LayerId::GroundTruth, LayerId::CamLabel);
        // GT  {0,1,1,255,2,0}; CAM {0,1,2,3,255,0}: differ at (2,0) only; void pixels ignored.
        const cv::Mat mask = s.disagreementMask();
        QCOMPARE(cv::countNonZero(mask), 1);
        QCOMPARE(int(mask.at<uchar>(0, 2)), 255);
        s.setVisible(LayerId::Disagreement, true);
        s.setOpacity(LayerId::Disagreement, 1.0);
        const QImage& out = s.composite();
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 3; ++x) {
                const QRgb expected =
                    (x == 2 && y == 0) ? LayerStack::disagreementColour() : qRgba(0, 0, 0, 0);
                QCOMPARE(argb(out.pixel(x, y)), argb(expected));
            }
        // Without one of the two layers there is nothing to compare.
        s.setData(LayerId::CamLabel, cv::Mat());
        QVERIFY(s.disagreementMask().empty());
        QCOMPARE(s.composite().pixel(2, 0), qRgba(0, 0, 0, 0));
    }

    void heatLayerUsesColormap() {
        LayerStack s;
        s.setImageSize(QSize(2, 1));
        for (int i = 0; i < amr::ui::kLayerCount; ++i)
            s.setVisible(LayerId(i), false);
        s.setVisible(LayerId::Boundary, true);
        s.setOpacity(LayerId::Boundary, 1.0);
        s.setColormap(amr::ui::Colormap::Viridis);
        QVERIFY(s.setData(LayerId::Boundary, label_image(1, 2, {0, 255})));
        const auto& lut = amr::ui::colormapLut(amr::ui::Colormap::Viridis);
        // Full opacity at the hot end; a quarter at the cold end, so the photo shows through.
        QCOMPARE(argb(s.composite().pixel(1, 0)), argb(lut[255]));
        const QRgb cold = s.composite().pixel(0, 0);
        QCOMPARE(qAlpha(cold), 64);
        QVERIFY(std::abs(qBlue(cold) - qBlue(lut[0]) * 64 / 255) <= 1);
        QVERIFY(std::abs(qRed(cold) - qRed(lut[0]) * 64 / 255) <= 1);
    }

    void labelsOverAHeatmapAreOutlined() {
        // A 5x5 label with a 3x3 square of class 1 over a cold boundary heatmap.
        LayerStack s;
        s.setImageSize(QSize(5, 5));
        for (int i = 0; i < amr::ui::kLayerCount; ++i)
            s.setVisible(LayerId(i), false);
        cv::Mat square(5, 5, CV_8UC1, cv::Scalar(0));
        square(cv::Rect(1, 1, 3, 3)).setTo(1);
        QVERIFY(s.setData(LayerId::CamLabel, square));
        s.setVisible(LayerId::CamLabel, true);
        s.setOpacity(LayerId::CamLabel, 1.0);
        QVERIFY(!s.heatmapShown());
        // No heatmap: filled, the centre as opaque as the edge.
        QCOMPARE(argb(s.composite().pixel(2, 2)), argb(vocOpaque(1)));
        QCOMPARE(argb(s.composite().pixel(1, 1)), argb(vocOpaque(1)));

        QVERIFY(s.setData(LayerId::Boundary, cv::Mat(5, 5, CV_8UC1, cv::Scalar(0))));
        s.setVisible(LayerId::Boundary, true);
        s.setOpacity(LayerId::Boundary, 1.0);
        QVERIFY(s.heatmapShown());
        const QImage out = s.composite();
        // Edge pixels at the label's full colour, the centre (all 8 neighbours in class 1) faint:
        // a quarter of the label's alpha over the heatmap's quarter alpha at its cold end.
        QCOMPARE(argb(out.pixel(1, 1)), argb(vocOpaque(1)));
        QCOMPARE(argb(out.pixel(3, 2)), argb(vocOpaque(1)));
        const int centreAlpha = qAlpha(out.pixel(2, 2));
        QVERIFY2(centreAlpha < 140 && centreAlpha > 64, qPrintable(argb(out.pixel(2, 2))));
        // Background stays the heatmap's.
        QCOMPARE(qAlpha(out.pixel(0, 0)), 64);

        // Hiding the heatmap or turning the option off fills the label again.
        s.setOutlineOverHeatmaps(false);
        QCOMPARE(argb(s.composite().pixel(2, 2)), argb(vocOpaque(1)));
        s.setOutlineOverHeatmaps(true);
        s.setVisible(LayerId::Boundary, false);
        QCOMPARE(argb(s.composite().pixel(2, 2)), argb(vocOpaque(1)));
    }

    void panelOutlineOptionIsRemembered() {
        amr::ui::CamController controller;
        {
            amr::ui::OverlayPanel panel(&controller);
            QVERIFY(panel.outlineOverHeatmaps()->isChecked());  // the default
            panel.outlineOverHeatmaps()->setChecked(false);
            QVERIFY(!controller.layers().outlinesOverHeatmaps());
        }
        amr::ui::CamController again;
        amr::ui::OverlayPanel panel(&again);
        QVERIFY(!panel.outlineOverHeatmaps()->isChecked());
        QVERIFY(!again.layers().outlinesOverHeatmaps());
        panel.outlineOverHeatmaps()->setChecked(true);
    }

    void colormapsHaveKnownEnds() {
        using amr::ui::Colormap;
        const auto& jet = amr::ui::colormapLut(Colormap::Jet);
        QCOMPARE(argb(jet[0]), argb(qRgb(0, 0, 128)));    // dark blue
        QCOMPARE(argb(jet[255]), argb(qRgb(128, 0, 0)));  // dark red
        const auto& vir = amr::ui::colormapLut(Colormap::Viridis);
        QVERIFY(qBlue(vir[0]) > qGreen(vir[0]));  // purple start (68,1,84)
        QVERIFY(std::abs(qRed(vir[255]) - 253) <= 3 && std::abs(qGreen(vir[255]) - 231) <= 3);
        const auto& turbo = amr::ui::colormapLut(Colormap::Turbo);
        QVERIFY(qRed(turbo[255]) > qBlue(turbo[255]));
        QVERIFY(qBlue(turbo[40]) > qRed(turbo[40]));
        // heatmapInto maps [0, 1] onto the table and clamps outside.
        cv::Mat v = (cv::Mat_<float>(1, 3) << -1.0f, 0.5f, 2.0f);
        QImage img;
        amr::ui::heatmapInto(v, Colormap::Jet, img);
        QCOMPARE(img.pixel(0, 0), jet[0]);
        QCOMPARE(img.pixel(1, 0), jet[128]);
        QCOMPARE(img.pixel(2, 0), jet[255]);
    }

    void presentLabelsAndLegendModel() {
        LayerStack s;
        twoLabelStack(s);
        s.setVisible(LayerId::GroundTruth, true);
        QCOMPARE(s.presentLabels(), (std::vector<int>{1, 2, 255}));
        s.setVisible(LayerId::CamLabel, true);
        QCOMPARE(s.presentLabels(), (std::vector<int>{1, 2, 3, 255}));

        amr::ui::LegendModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClasses(amr::data::ClassList({"cat", "dog", "person"}));
        model.setLabels(s.presentLabels());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("cat"));
        QCOMPARE(model.data(model.index(2, 0)).toString(), QStringLiteral("person"));
        QCOMPARE(model.data(model.index(1, 0), Qt::DecorationRole).value<QColor>(),
                 QColor(0, 128, 0));  // VOC label 2
        QCOMPARE(model.data(model.index(3, 0), amr::ui::LegendModel::LabelRole).toInt(), 255);
        model.setLabels({});
        QCOMPARE(model.rowCount(), 0);
    }

    void panelToggleActionHidesLayerInOverlay() {
        amr::ui::CamController controller;
        amr::ui::OverlayPanel panel(&controller);
        controller.showImage(-1, QSize(3, 2), label_image(2, 3, {1, 1, 1, 1, 1, 1}));
        controller.setLayerOpacity(LayerId::GroundTruth, 1.0);
        QAction* g = panel.toggleAction(LayerId::GroundTruth);
        QCOMPARE(g->shortcut(), QKeySequence(Qt::Key_G));
        g->setChecked(true);
        QCOMPARE(argb(controller.overlay().pixel(0, 0)), argb(vocOpaque(1)));
        QCOMPARE(panel.legend()->rowCount(), 1);
        g->trigger();  // what pressing G does
        QVERIFY(!controller.layers().isVisible(LayerId::GroundTruth));
        QCOMPARE(controller.overlay().pixel(0, 0), qRgba(0, 0, 0, 0));
        QCOMPARE(panel.legend()->rowCount(), 0);
        // The opacity slider drives the layer's opacity.
        g->trigger();
        panel.opacitySlider(LayerId::GroundTruth)->setValue(0);
        QCOMPARE(controller.overlay().pixel(0, 0), qRgba(0, 0, 0, 0));
        panel.opacitySlider(LayerId::GroundTruth)->setValue(50);
        QCOMPARE(qAlpha(controller.overlay().pixel(0, 0)), 128);
    }

    void compareViewSyncsZoomAndPan() {
        amr::ui::CamController controller;
        amr::ui::CompareView view(&controller);
        view.resize(900, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QImage photo(60, 40, QImage::Format_RGB32);
        photo.fill(Qt::gray);
        view.setPhoto(photo);
        for (int i = 0; i < 3; ++i)
            QVERIFY(view.canvas(i)->hasImage());
        view.canvas(1)->zoomIn();
        const auto v1 = view.canvas(1)->view();
        QCOMPARE(view.canvas(0)->view().scale, v1.scale);
        QCOMPARE(view.canvas(2)->view().scale, v1.scale);
        QCOMPARE(view.canvas(0)->view().offset, v1.offset);
        view.canvas(2)->setView(v1.panned(QPointF(15, -7)));
        QCOMPARE(view.canvas(0)->view().offset, v1.offset + QPointF(15, -7));
        QCOMPARE(view.canvas(1)->view().offset, v1.offset + QPointF(15, -7));
        QVERIFY(!view.canvas(0)->isFitMode());
    }
};

QTEST_MAIN(TestOverlays)
#include "test_overlays.moc"
