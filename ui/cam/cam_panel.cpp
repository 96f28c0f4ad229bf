#include "ui/cam/cam_panel.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include "ui/cam/cam_controller.h"

namespace amr::ui {
namespace {

QSlider* unitSlider(QWidget* parent, const char* name) {
    auto* s = new QSlider(Qt::Horizontal, parent);
    s->setObjectName(QLatin1String(name));
    s->setRange(0, CamPanel::kSteps);
    s->setSingleStep(1);
    s->setPageStep(10);
    return s;
}

// A slider and its value text side by side.
QWidget* withValue(QWidget* parent, QSlider* slider, QLabel* value) {
    auto* box = new QWidget(parent);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(slider, 1);
    value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("0.00 ")));
    row->addWidget(value);
    return box;
}

}  // namespace

CamPanel::CamPanel(CamController* controller, QWidget* parent)
    : QWidget(parent),
      m_controller(controller),
      m_class(new QComboBox(this)),
      m_kind(new QComboBox(this)),
      m_colormap(new QComboBox(this)),
      m_heatOpacity(unitSlider(this, "heatmapOpacity")),
      m_alpha(unitSlider(this, "alphaSlider")),
      m_threshold(unitSlider(this, "thresholdSlider")),
      m_alphaValue(new QLabel(this)),
      m_thresholdValue(new QLabel(this)),
      m_status(new QLabel(this)),
      m_warning(new QLabel(this)),
      m_compare(new QPushButton(tr("Compare kinds…"), this)),
      m_apply(new QPushButton(tr("Apply to all…"), this)) {
    m_class->setObjectName(QStringLiteral("camClass"));
    m_kind->setObjectName(QStringLiteral("camKind"));
    m_colormap->setObjectName(QStringLiteral("camColormap"));
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_apply->setObjectName(QStringLiteral("applyCamButton"));
    for (CamKind k : {CamKind::Spotlight, CamKind::Compensation, CamKind::Weighted})
        m_kind->addItem(camKindName(k), int(k));
    m_kind->setCurrentIndex(m_kind->findData(int(m_controller->kind())));
    for (int i = 0; i < kColormapCount; ++i)
        m_colormap->addItem(colormapName(Colormap(i)), i);
    m_colormap->setCurrentIndex(int(m_controller->layers().colormap()));
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("camStatus"));
    m_warning->setObjectName(QStringLiteral("camStoreWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #8a5a00; font-weight: bold;"));
    m_warning->hide();
    m_alpha->setToolTip(
        tr("Recalibration coefficient α: weighted CAM = α·spotlight + (1−α)·compensation "
           "(nudge with , and .)"));
    m_threshold->setToolTip(
        tr("Background threshold: pixels whose CAMs all stay below it are background "
           "(nudge with ; and ')"));
    m_apply->setToolTip(
        tr("Write the pseudo labels at this α and threshold for every image as the \"cam\" mask "
           "version"));
    m_compare->setToolTip(tr("Spotlight, compensation and weighted CAMs side by side"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    form->addRow(tr("Class"), m_class);
    form->addRow(tr("CAM"), m_kind);
    form->addRow(tr("Colormap"), m_colormap);
    form->addRow(tr("Heatmap opacity"), withValue(this, m_heatOpacity, new QLabel(this)));
    form->addRow(tr("α"), withValue(this, m_alpha, m_alphaValue));
    form->addRow(tr("Threshold"), withValue(this, m_threshold, m_thresholdValue));
    layout->addLayout(form);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_compare);
    buttons->addWidget(m_apply);
    layout->addLayout(buttons);
    layout->addWidget(m_warning);
    layout->addWidget(m_status);

    connect(m_class, &QComboBox::currentIndexChanged, this,
            [this](int) { m_controller->setClassPlane(m_class->currentData().toInt()); });
    connect(m_kind, &QComboBox::currentIndexChanged, this,
            [this](int) { m_controller->setKind(CamKind(m_kind->currentData().toInt())); });
    connect(m_colormap, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_controller->setColormap(Colormap(i)); });
    connect(m_alpha, &QSlider::valueChanged, this, [this](int v) {
        m_alphaValue->setText(QString::number(v / double(kSteps), 'f', 2));
        m_controller->setAlpha(v / double(kSteps));
    });
    connect(m_threshold, &QSlider::valueChanged, this, [this](int v) {
        m_thresholdValue->setText(QString::number(v / double(kSteps), 'f', 2));
        m_controller->setThreshold(v / double(kSteps));
    });
    connect(m_controller, &CamController::alphaChanged, this, [this] { syncFromController(); });
    connect(m_controller, &CamController::thresholdChanged, this, [this] { syncFromController(); });
    connect(m_controller, &CamController::reviewDataChanged, this, &CamPanel::onDataChanged);

    auto nudge = [this](const QString& text, QKeySequence key, QSlider* slider, int step) {
        auto* a = new QAction(text, this);
        a->setShortcut(key);
        connect(a, &QAction::triggered, slider,
                [slider, step] { slider->setValue(slider->value() + step); });
        m_actions << a;
    };
    nudge(tr("Decrease α"), QKeySequence(Qt::Key_Comma), m_alpha, -1);
    nudge(tr("Increase α"), QKeySequence(Qt::Key_Period), m_alpha, 1);
    nudge(tr("Decrease threshold"), QKeySequence(Qt::Key_Semicolon), m_threshold, -1);
    nudge(tr("Increase threshold"), QKeySequence(Qt::Key_Apostrophe), m_threshold, 1);

    syncFromController();
    onDataChanged();
}

QList<QAction*> CamPanel::actions() const {
    return m_actions;
}

void CamPanel::setClasses(const amr::data::ClassList& classes) {
    m_classes = classes;
    onDataChanged();
}

void CamPanel::setStoreWarning(const QString& text) {
    m_warning->setText(text);
    m_warning->setVisible(!text.isEmpty());
}

QString CamPanel::storeWarning() const {
    return m_warning->isVisibleTo(this) ? m_warning->text() : QString();
}

QString CamPanel::statusText() const {
    return m_status->text();
}

void CamPanel::syncFromController() {
    const QSignalBlocker blockA(m_alpha), blockT(m_threshold);
    m_alpha->setValue(qRound(m_controller->alpha() * kSteps));
    m_threshold->setValue(qRound(m_controller->threshold() * kSteps));
    m_alphaValue->setText(QString::number(m_controller->alpha(), 'f', 2));
    m_thresholdValue->setText(QString::number(m_controller->threshold(), 'f', 2));
}

void CamPanel::onDataChanged() {
    const QSignalBlocker block(m_class);
    const int plane = m_controller->classPlane();
    m_class->clear();
    m_class->addItem(tr("All tagged classes"), -1);
    const amr::cam::CamEntry* e = m_controller->entry();
    if (e)
        for (std::size_t k = 0; k < e->keys.size(); ++k)
            m_class->addItem(QString::fromStdString(m_classes.label_name(e->keys[k] + 1)), int(k));
    m_class->setCurrentIndex(std::max(0, m_class->findData(plane)));
    m_class->setEnabled(e != nullptr);
    m_compare->setEnabled(e != nullptr);
    m_apply->setEnabled(!m_controller->sources().camStore.empty());
    if (m_controller->sources().camStore.empty())
        m_status->setText(
            tr("No CAMs yet: run the stages up to Make CAMs in the Training Console "
               "(Tools > Run Pipeline…), or open a project that has CAMs."));
    else if (m_controller->currentIndex() < 0)
        m_status->clear();
    else if (!e)
        m_status->setText(m_controller->isLoading() ? tr("Loading CAMs…")
                                                    : tr("No CAMs for this image."));
    else
        m_status->setText(tr("%n tagged class(es), %1 × %2 px", "", int(e->keys.size()))
                              .arg(e->width)
                              .arg(e->height));
}

}  // namespace amr::ui
