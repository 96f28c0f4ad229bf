// The editor's actions (menu entries and shortcuts) and its side panel, built once; the
// behaviour behind them lives in editor_controller.cpp.
#include "ui/editor/editor_controller.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include "ui/canvas/image_canvas.h"
#include "ui/editor/guided_tool.h"
#include "ui/editor/guided_ui.h"
#include "ui/editor/mask_document.h"
#include "ui/editor/mask_editor.h"
#include "ui/editor/palette_widget.h"

namespace amr::ui {
namespace {

const char* kBandKey = "editor/voidBandWidth";

QAction* makeAction(QWidget* window, const QString& text, const QList<QKeySequence>& keys,
                    bool checkable = false) {
    auto* a = new QAction(text, window);
    a->setShortcuts(keys);
    a->setCheckable(checkable);
    if (!keys.isEmpty())
        a->setToolTip(QStringLiteral("%1 (%2)").arg(
            QString(text).remove(u'&'), keys.first().toString(QKeySequence::NativeText)));
    window->addAction(a);
    return a;
}

}  // namespace

void EditorController::buildActions(QWidget* window) {
    m_editMode = makeAction(window, tr("&Edit Mask"), {QKeySequence(Qt::CTRL | Qt::Key_M)}, true);
    m_editMode->setObjectName(QStringLiteral("editMaskAction"));
    connect(m_editMode, &QAction::toggled, this, &EditorController::setEditing);

    auto tool = [&](const QString& text, Qt::Key key, EditTool t) {
        QAction* a = makeAction(window, text, {QKeySequence(key)}, true);
        connect(a, &QAction::triggered, this, [this, t] { m_editor->setTool(t); });
        m_editOnly.push_back(a);
        return a;
    };
    m_brush = tool(tr("&Brush"), Qt::Key_B, EditTool::Brush);
    m_eraser = tool(tr("&Eraser (restore the source)"), Qt::Key_E, EditTool::Eraser);
    m_fill = tool(tr("&Flood Fill"), Qt::Key_G, EditTool::Fill);
    m_polygon = tool(tr("&Polygon Fill"), Qt::Key_P, EditTool::Polygon);
    m_superpixel = tool(tr("&Superpixel Fill"), Qt::Key_W, EditTool::Superpixel);
    m_guidedAction = makeAction(window, tr("G&uided Clicks (right click: background)"),
                                {QKeySequence(Qt::Key_K)}, true);
    m_editOnly.push_back(m_guidedAction);
    m_clickCurve = makeAction(window, tr("IoU per Click Plot…"), {});
    connect(m_clickCurve, &QAction::triggered, this, [window] { openClickCurve(window); });
    auto* group = new QActionGroup(this);
    for (QAction* a : {m_brush, m_eraser, m_fill, m_polygon, m_superpixel, m_guidedAction})
        group->addAction(a);
    connect(group, &QActionGroup::triggered, this, [this](QAction* a) {
        if (isEditing())
            m_canvas->setTool(a == m_guidedAction ? static_cast<CanvasTool*>(m_guided) : m_editor);
    });
    m_brush->setChecked(true);
    connect(m_editor, &MaskEditor::toolChanged, this, [this](EditTool t) {
        QAction* actions[] = {m_brush, m_eraser, m_fill, m_polygon, m_superpixel};
        actions[int(t)]->setChecked(true);
    });

    m_grow = makeAction(window, tr("Larger Brush"), {QKeySequence(Qt::Key_BracketRight)});
    m_shrink = makeAction(window, tr("Smaller Brush"), {QKeySequence(Qt::Key_BracketLeft)});
    connect(m_grow, &QAction::triggered, m_editor, &MaskEditor::growBrush);
    connect(m_shrink, &QAction::triggered, m_editor, &MaskEditor::shrinkBrush);

    m_undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)});
    window->addAction(m_undo);
    window->addAction(m_redo);
    m_save = makeAction(window, tr("&Save Mask"), {QKeySequence::Save});
    connect(m_save, &QAction::triggered, this, [this] { saveNow(); });
    m_voidBand = makeAction(window, tr("Add &Void Band"), {QKeySequence(Qt::SHIFT | Qt::Key_V)});
    connect(m_voidBand, &QAction::triggered, this, [this] {
        if (!m_editor->addVoidBand(m_bandBox->value()))
            emit message(tr("No edges between classes: no void band added"));
    });

    m_accept = makeAction(window, tr("&Accept"), {QKeySequence(Qt::SHIFT | Qt::Key_A)});
    m_needsWork = makeAction(window, tr("&Needs Work"), {QKeySequence(Qt::SHIFT | Qt::Key_N)});
    m_next = makeAction(window, tr("Next in &Queue"),
                        {QKeySequence(Qt::Key_Q), QKeySequence(Qt::CTRL | Qt::Key_Right)});
    m_score = makeAction(window, tr("Score &All Images for Review"), {});
    connect(m_accept, &QAction::triggered, this,
            [this] { setStatus(project::ReviewStatus::Accepted); });
    connect(m_needsWork, &QAction::triggered, this,
            [this] { setStatus(project::ReviewStatus::NeedsWork); });
    connect(m_next, &QAction::triggered, this, &EditorController::nextInQueue);
    connect(m_score, &QAction::triggered, this, &EditorController::scoreDataset);

    for (int d = 0; d <= 9; ++d) {
        QAction* a = makeAction(window, tr("Class %1").arg(d), {QKeySequence(Qt::Key_0 + d)});
        connect(a, &QAction::triggered, this, [this, d] {
            const int label = m_palette->labelForDigit(d);
            if (label >= 0)
                m_editor->setLabel(std::uint8_t(label));
        });
        m_digits.push_back(a);
        m_editOnly.push_back(a);
    }
    for (QAction* a : {m_grow, m_shrink, m_undo, m_redo, m_save, m_voidBand, m_accept, m_needsWork})
        m_editOnly.push_back(a);
}

std::vector<QAction*> EditorController::menuActions() const {
    return {m_editMode, nullptr,  m_undo,      m_redo,       m_save,   nullptr, m_brush,
            m_eraser,   m_fill,   m_polygon,   m_superpixel, m_guidedAction,    m_shrink,
            m_grow,     m_voidBand, nullptr,   m_accept,     m_needsWork,       m_next,
            m_score,    m_clickCurve};
}

void EditorController::buildPanel() {
    m_panel = new QWidget;
    m_panel->setObjectName(QStringLiteral("maskEditorPanel"));
    auto* layout = new QVBoxLayout(m_panel);

    auto* editButton = new QToolButton(m_panel);
    editButton->setDefaultAction(m_editMode);
    editButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    editButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addWidget(editButton);

    auto* mask = new QGroupBox(tr("Mask"), m_panel);
    auto* form = new QFormLayout(mask);
    m_sourceBox = new QComboBox(mask);
    m_sourceBox->setObjectName(QStringLiteral("sourceVersion"));
    m_sourceBox->setToolTip(tr("The version editing starts from (and the eraser restores)"));
    connect(m_sourceBox, &QComboBox::activated, this, [this](int i) {
        if (saveNow())
            loadCurrent(m_sourceBox->itemData(i).toString());
    });
    form->addRow(tr("Start from"), m_sourceBox);
    m_sourceLabel = new QLabel(mask);
    m_sourceLabel->setWordWrap(true);
    form->addRow(m_sourceLabel);
    layout->addWidget(mask);

    auto* tools = new QGroupBox(tr("Tools"), m_panel);
    auto* toolRow = new QGridLayout(tools);
    int i = 0;
    for (QAction* a : {m_brush, m_eraser, m_fill, m_polygon, m_superpixel, m_guidedAction}) {
        auto* b = new QToolButton(tools);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        toolRow->addWidget(b, i / 2, i % 2);
        ++i;
    }
    auto* sizeForm = new QFormLayout;
    m_sizeBox = new QSpinBox(tools);
    m_sizeBox->setObjectName(QStringLiteral("brushRadius"));
    m_sizeBox->setRange(0, MaskEditor::kMaxRadius);
    m_sizeBox->setSuffix(tr(" px"));
    m_sizeBox->setValue(m_editor->brushRadius());
    m_sizeBox->setToolTip(tr("Brush radius ([ and ] change it)"));
    connect(m_sizeBox, &QSpinBox::valueChanged, m_editor, &MaskEditor::setBrushRadius);
    connect(m_editor, &MaskEditor::brushRadiusChanged, m_sizeBox, &QSpinBox::setValue);
    sizeForm->addRow(tr("Brush radius"), m_sizeBox);
    auto* spBox = new QSpinBox(tools);
    spBox->setRange(4, 400);
    spBox->setValue(m_editor->superpixelSize());
    spBox->setSuffix(tr(" px"));
    connect(spBox, &QSpinBox::valueChanged, m_editor, &MaskEditor::setSuperpixelSize);
    sizeForm->addRow(tr("Superpixel size"), spBox);
    auto* bandRow = new QHBoxLayout;
    m_bandBox = new QDoubleSpinBox(tools);
    m_bandBox->setObjectName(QStringLiteral("voidBandWidth"));
    m_bandBox->setRange(1, 50);
    m_bandBox->setDecimals(0);
    m_bandBox->setSuffix(tr(" px"));
    m_bandBox->setValue(QSettings().value(QLatin1String(kBandKey), 5).toDouble());
    connect(m_bandBox, &QDoubleSpinBox::valueChanged, this,
            [](double v) { QSettings().setValue(QLatin1String(kBandKey), v); });
    auto* bandButton = new QToolButton(tools);
    bandButton->setDefaultAction(m_voidBand);
    bandRow->addWidget(m_bandBox);
    bandRow->addWidget(bandButton);
    sizeForm->addRow(tr("Void band"), bandRow);
    toolRow->addLayout(sizeForm, 3, 0, 1, 2);
    layout->addWidget(tools);

    auto* classes = new QGroupBox(tr("Classes (digit keys)"), m_panel);
    auto* classLayout = new QVBoxLayout(classes);
    m_palette = new PaletteWidget(classes);
    classLayout->addWidget(m_palette);
    connect(m_palette, &PaletteWidget::labelChosen, this,
            [this](int label) { m_editor->setLabel(std::uint8_t(label)); });
    connect(m_editor, &MaskEditor::labelChanged, m_palette, &PaletteWidget::setCurrentLabel);
    layout->addWidget(classes);

    auto* review = new QGroupBox(tr("Review"), m_panel);
    auto* reviewLayout = new QGridLayout(review);
    m_statusLabel = new QLabel(review);
    m_statusLabel->setObjectName(QStringLiteral("reviewStatus"));
    m_scoreLabel = new QLabel(review);
    m_scoreLabel->setObjectName(QStringLiteral("reviewScore"));
    m_scoreLabel->setWordWrap(true);
    m_scoringLabel = new QLabel(review);
    m_scoringLabel->setObjectName(QStringLiteral("scoringStatus"));
    m_scoringLabel->setWordWrap(true);
    m_scoringLabel->hide();
    reviewLayout->addWidget(m_statusLabel, 0, 0, 1, 2);
    reviewLayout->addWidget(m_scoreLabel, 1, 0, 1, 2);
    int r = 2, c = 0;
    for (QAction* a : {m_accept, m_needsWork, m_next, m_score}) {
        auto* b = new QToolButton(review);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        reviewLayout->addWidget(b, r, c, 1, a == m_score ? 2 : 1);
        if (++c == 2) {
            c = 0;
            ++r;
        }
    }
    reviewLayout->addWidget(m_scoringLabel, r + 1, 0, 1, 2);
    layout->addWidget(review);
    layout->addStretch(1);

    // Scrolls rather than demanding its full height from the window: with the CAM viewer
    // below it and the console open, it must fit a 1360×850 screen.
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("maskEditorScroll"));
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_panel = scroll;
}

}  // namespace amr::ui
