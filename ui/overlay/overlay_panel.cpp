#include "ui/overlay/overlay_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QSlider>
#include <QVBoxLayout>

#include "ui/cam/cam_controller.h"
#include "ui/overlay/legend_model.h"

namespace amr::ui {
namespace {

QKeySequence shortcutOf(LayerId id) {
    switch (id) {
        case LayerId::GroundTruth:
            return QKeySequence(Qt::Key_G);
        case LayerId::CamLabel:
            return QKeySequence(Qt::Key_C);
        case LayerId::Seeds:
            return QKeySequence(Qt::Key_S);
        case LayerId::Refined:
            return QKeySequence(Qt::Key_R);
        case LayerId::DeepLab:
            return QKeySequence(Qt::Key_L);  // D and A already step through the images
        case LayerId::Human:
            return QKeySequence(Qt::Key_H);
        case LayerId::Disagreement:
            return QKeySequence(Qt::Key_X);
        case LayerId::CamHeatmap:
            return QKeySequence(Qt::SHIFT | Qt::Key_M);  // M shows the whole overlay
        case LayerId::Boundary:
            return QKeySequence(Qt::SHIFT | Qt::Key_B);
        case LayerId::Confidence:
            return QKeySequence(Qt::SHIFT | Qt::Key_F);  // F fits the image
    }
    return {};
}

QString settingsKey(LayerId id, const char* what) {
    return QStringLiteral("overlay/%1/%2").arg(QLatin1String(layerKey(id)), QLatin1String(what));
}

}  // namespace

OverlayPanel::OverlayPanel(CamController* controller, QWidget* parent)
    : QWidget(parent),
      m_controller(controller),
      m_outline(new QCheckBox(tr("Outline labels over heatmaps"), this)),
      m_pairA(new QComboBox(this)),
      m_pairB(new QComboBox(this)),
      m_legend(new LegendModel(this)),
      m_legendView(new QListView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* layersBox = new QGroupBox(tr("Layers"), this);
    auto* grid = new QGridLayout(layersBox);
    grid->setContentsMargins(6, 6, 6, 6);
    grid->setVerticalSpacing(2);
    QSettings s;
    // Listed top layer first, as drawn.
    for (int row = 0, i = kLayerCount - 1; i >= 0; --i, ++row) {
        const auto id = LayerId(i);
        Row& r = m_rows[std::size_t(i)];
        r.action = new QAction(layerName(id), this);
        r.action->setObjectName(QStringLiteral("toggleLayer_%1").arg(QLatin1String(layerKey(id))));
        r.action->setCheckable(true);
        r.action->setShortcut(shortcutOf(id));
        r.action->setToolTip(
            tr("Show or hide the %1 layer (%2)")
                .arg(layerName(id), shortcutOf(id).toString(QKeySequence::NativeText)));
        r.check = new QCheckBox(
            tr("%1 (%2)").arg(layerName(id), shortcutOf(id).toString(QKeySequence::NativeText)),
            layersBox);
        r.check->setToolTip(r.action->toolTip());
        r.opacity = new QSlider(Qt::Horizontal, layersBox);
        r.opacity->setRange(0, 100);
        r.opacity->setObjectName(
            QStringLiteral("layerOpacity_%1").arg(QLatin1String(layerKey(id))));
        r.opacity->setToolTip(tr("Opacity of the %1 layer").arg(layerName(id)));
        r.state = new QLabel(layersBox);
        r.state->setMinimumWidth(r.state->fontMetrics().horizontalAdvance(QStringLiteral("n/a")));
        grid->addWidget(r.check, row, 0);
        grid->addWidget(r.opacity, row, 1);
        grid->addWidget(r.state, row, 2);

        const bool visible =
            s.value(settingsKey(id, "visible"), m_controller->layers().isVisible(id)).toBool();
        const int opacity =
            s.value(settingsKey(id, "opacity"), qRound(m_controller->layers().opacity(id) * 100))
                .toInt();
        r.action->setChecked(visible);
        r.check->setChecked(visible);
        r.opacity->setValue(opacity);
        m_controller->layers().setVisible(id, visible);
        m_controller->layers().setOpacity(id, opacity / 100.0);

        connect(r.check, &QCheckBox::toggled, r.action, &QAction::setChecked);
        connect(r.action, &QAction::toggled, this, [this, id](bool on) {
            m_rows[std::size_t(id)].check->setChecked(on);
            m_controller->setLayerVisible(id, on);
            QSettings().setValue(settingsKey(id, "visible"), on);
            updateLegend();
        });
        connect(r.opacity, &QSlider::valueChanged, this, [this, id](int v) {
            m_controller->setLayerOpacity(id, v / 100.0);
            QSettings().setValue(settingsKey(id, "opacity"), v);
        });
    }
    m_outline->setObjectName(QStringLiteral("outlineOverHeatmaps"));
    m_outline->setToolTip(
        tr("Draw the label layers as outlines with a faint fill while a heatmap is shown, so "
           "that the heatmap stays visible under them"));
    const bool outline = s.value(QStringLiteral("overlay/outlineOverHeatmaps"), true).toBool();
    m_outline->setChecked(outline);
    m_controller->layers().setOutlineOverHeatmaps(outline);
    connect(m_outline, &QCheckBox::toggled, this, [this](bool on) {
        m_controller->setOutlineOverHeatmaps(on);
        QSettings().setValue(QStringLiteral("overlay/outlineOverHeatmaps"), on);
    });
    grid->addWidget(m_outline, kLayerCount, 0, 1, 3);
    layout->addWidget(layersBox);

    auto* pairBox = new QGroupBox(tr("Disagreement between"), this);
    auto* pairRow = new QHBoxLayout(pairBox);
    pairRow->setContentsMargins(6, 6, 6, 6);
    m_pairA->setObjectName(QStringLiteral("disagreementA"));
    m_pairB->setObjectName(QStringLiteral("disagreementB"));
    for (int i = 0; i < kLayerCount; ++i)
        if (isLabelLayer(LayerId(i))) {
            m_pairA->addItem(layerName(LayerId(i)), i);
            m_pairB->addItem(layerName(LayerId(i)), i);
        }
    m_pairA->setCurrentIndex(m_pairA->findData(int(m_controller->layers().disagreementA())));
    m_pairB->setCurrentIndex(m_pairB->findData(int(m_controller->layers().disagreementB())));
    pairRow->addWidget(m_pairA, 1);
    pairRow->addWidget(new QLabel(tr("and"), pairBox));
    pairRow->addWidget(m_pairB, 1);
    connect(m_pairA, &QComboBox::currentIndexChanged, this, &OverlayPanel::applyPair);
    connect(m_pairB, &QComboBox::currentIndexChanged, this, &OverlayPanel::applyPair);
    layout->addWidget(pairBox);

    auto* legendBox = new QGroupBox(tr("Legend"), this);
    auto* legendLayout = new QVBoxLayout(legendBox);
    legendLayout->setContentsMargins(6, 6, 6, 6);
    m_legendView->setObjectName(QStringLiteral("legendView"));
    m_legendView->setModel(m_legend);
    m_legendView->setIconSize(QSize(14, 14));
    m_legendView->setMinimumHeight(80);
    m_legendView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    legendLayout->addWidget(m_legendView);
    layout->addWidget(legendBox, 1);

    connect(m_controller, &CamController::reviewDataChanged, this, &OverlayPanel::onDataChanged);
    connect(m_controller, &CamController::overlayChanged, this, [this] { updateLegend(); });
    onDataChanged();
}

QList<QAction*> OverlayPanel::actions() const {
    QList<QAction*> out;
    for (const Row& r : m_rows)
        out << r.action;
    return out;
}

void OverlayPanel::setClasses(const amr::data::ClassList& classes) {
    m_legend->setClasses(classes);
}

void OverlayPanel::onDataChanged() {
    const LayerStack& stack = m_controller->layers();
    for (int i = 0; i < kLayerCount; ++i) {
        const auto id = LayerId(i);
        bool available = stack.hasData(id);
        if (id == LayerId::Disagreement)
            available =
                stack.hasData(stack.disagreementA()) && stack.hasData(stack.disagreementB());
        if (id == LayerId::CamHeatmap || id == LayerId::CamLabel)
            available = available || m_controller->entry() != nullptr;
        Row& r = m_rows[std::size_t(i)];
        r.state->setText(available ? QString() : tr("n/a"));
        r.state->setToolTip(available ? QString() : tr("Not available for this image"));
    }
    updateLegend();
}

void OverlayPanel::updateLegend() {
    // Only the labels change under a slider; the scan is cheap next to the compositing.
    m_legend->setLabels(m_controller->layers().presentLabels());
}

void OverlayPanel::applyPair() {
    const auto a = LayerId(m_pairA->currentData().toInt());
    const auto b = LayerId(m_pairB->currentData().toInt());
    m_controller->setDisagreementPair(a, b);
    onDataChanged();
}

}  // namespace amr::ui
