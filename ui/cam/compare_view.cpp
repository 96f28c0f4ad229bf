#include "ui/cam/compare_view.h"

#include <QAction>
#include <QGridLayout>
#include <QLabel>

#include "ui/cam/cam_controller.h"
#include "ui/canvas/image_canvas.h"
#include "ui/overlay/colormap.h"

namespace amr::ui {
namespace {

constexpr CamKind kKinds[3] = {CamKind::Spotlight, CamKind::Compensation, CamKind::Weighted};

}  // namespace

CompareView::CompareView(CamController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setWindowTitle(tr("Compare CAMs"));
    // A window of its own: Esc closes it like a dialog.
    auto* close = new QAction(tr("Close"), this);
    close->setObjectName(QStringLiteral("compareCloseAction"));
    close->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence::Close});
    close->setShortcutContext(Qt::WindowShortcut);
    connect(close, &QAction::triggered, this, &QWidget::close);
    addAction(close);
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    for (int i = 0; i < 3; ++i) {
        m_titles[std::size_t(i)] = new QLabel(camKindName(kKinds[i]), this);
        m_titles[std::size_t(i)]->setAlignment(Qt::AlignCenter);
        auto* c = new ImageCanvas(this);
        c->setObjectName(QStringLiteral("compareCanvas%1").arg(i));
        c->setOverlayOpacity(0.5);
        m_canvases[std::size_t(i)] = c;
        grid->addWidget(m_titles[std::size_t(i)], 0, i);
        grid->addWidget(c, 1, i);
        grid->setColumnStretch(i, 1);
        connect(c, &ImageCanvas::viewChanged, this,
                [this, i](const ViewTransform& v) { syncFrom(i, v); });
    }
    grid->setRowStretch(1, 1);
    connect(m_controller, &CamController::reviewDataChanged, this, &CompareView::refresh);
    connect(m_controller, &CamController::alphaChanged, this, [this] {
        if (isVisible())
            updateKind(2, false);
    });
    connect(m_controller, &CamController::overlayChanged, this, [this] {
        // Class or colormap may have changed: cheap enough to redo all three when shown.
        if (isVisible())
            refresh();
    });
    resize(1200, 460);
}

void CompareView::setPhoto(const QImage& photo) {
    m_photo = photo;
    refresh();
}

void CompareView::setHeatmapOpacity(double opacity) {
    for (ImageCanvas* c : m_canvases)
        c->setOverlayOpacity(opacity);
}

void CompareView::refresh() {
    for (int i = 0; i < 3; ++i)
        updateKind(i, true);
}

void CompareView::updateKind(int i, bool newImage) {
    ImageCanvas* c = m_canvases[std::size_t(i)];
    heatmapInto(m_controller->camMap(kKinds[i]), m_controller->layers().colormap(),
                m_heat[std::size_t(i)]);
    const QString title = kKinds[i] == CamKind::Weighted
                              ? tr("Weighted (α = %1)").arg(m_controller->alpha(), 0, 'f', 2)
                              : camKindName(kKinds[i]);
    m_titles[std::size_t(i)]->setText(title);
    if (m_photo.isNull()) {
        c->clear(tr("No image"));
        return;
    }
    if (newImage && c->image().cacheKey() != m_photo.cacheKey()) {
        c->setImage(m_photo, m_heat[std::size_t(i)]);  // refits; the others follow
    } else {
        c->setOverlay(m_heat[std::size_t(i)]);
    }
}

void CompareView::syncFrom(int i, const ViewTransform& view) {
    if (m_syncing)
        return;
    m_syncing = true;
    for (int j = 0; j < 3; ++j)
        if (j != i && m_canvases[std::size_t(j)]->hasImage())
            m_canvases[std::size_t(j)]->setView(view);
    m_syncing = false;
}

}  // namespace amr::ui
