#include "ui/editor/editor_controller.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/review/review_queue.h"
#include "ui/canvas/image_canvas.h"
#include "ui/canvas/qimage_convert.h"
#include "ui/editor/guided_tool.h"
#include "ui/editor/guided_ui.h"
#include "ui/editor/mask_document.h"
#include "ui/editor/mask_editor.h"
#include "ui/editor/palette_widget.h"
#include "ui/jobs/job_runner.h"

namespace amr::ui {
namespace {

const char* kAutosaveKey = "editor/autosaveSeconds";
const char* kBandKey = "editor/voidBandWidth";

cv::Mat bgrFromImage(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    const cv::Mat bgra(rgb.height(), rgb.width(), CV_8UC4, const_cast<uchar*>(rgb.constBits()),
                       std::size_t(rgb.bytesPerLine()));
    cv::Mat bgr;
    cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
    return bgr;
}

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

EditorController::EditorController(ImageCanvas* canvas, JobRunner* runner, QWidget* window)
    : QObject(window),
      m_canvas(canvas),
      m_runner(runner),
      m_doc(new MaskDocument(this)),
      m_editor(new MaskEditor(m_doc, this)),
      m_guided(new GuidedTool(m_doc, this)),
      m_autosave(new QTimer(this)) {
    buildActions(window);
    buildPanel();
    connect(m_doc, &MaskDocument::changed, this, [this] { refreshOverlay(); });
    connect(m_editor, &MaskEditor::repaintNeeded, m_canvas, qOverload<>(&QWidget::update));
    connectGuidedTool(m_guided, m_editor, m_canvas, this, [this] { refreshOverlay(); });
    connect(m_doc, &MaskDocument::modifiedChanged, this, [this](bool modified) {
        if (modified)
            m_autosave->start();
    });
    const int seconds = QSettings().value(QLatin1String(kAutosaveKey), 5).toInt();
    m_autosave->setInterval(std::max(1, seconds) * 1000);
    m_autosave->setSingleShot(true);
    connect(m_autosave, &QTimer::timeout, this, [this] { saveNow(); });
    setEditing(false);
}

EditorController::~EditorController() = default;

bool EditorController::isEditing() const {
    return m_editMode->isChecked();
}

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

void EditorController::setDataset(std::shared_ptr<const data::Dataset> dataset) {
    saveNow();
    m_dataset = std::move(dataset);
    m_index = m_docIndex = -1;
    m_doc->reset(cv::Mat(), QString());
    if (!m_externalStorage)
        useFolderStorage();
    refreshPanel();
}

void EditorController::useFolderStorage() {
    m_storage.reset();
    if (!m_dataset)
        return;
    try {
        m_storage = makeFolderEditStorage(m_dataset->root());
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Edits cannot be stored: %1").arg(QString::fromUtf8(e.what())));
    }
}

void EditorController::setStorage(std::unique_ptr<EditStorage> storage) {
    saveNow();
    m_externalStorage = storage != nullptr;
    if (storage)
        m_storage = std::move(storage);
    else
        useFolderStorage();
    if (isEditing())
        loadCurrent();
    refreshPanel();
}

const data::ImageRecord* EditorController::currentRecord() const {
    if (!m_dataset || m_index < 0 || std::size_t(m_index) >= m_dataset->size())
        return nullptr;
    return &(*m_dataset)[std::size_t(m_index)];
}

void EditorController::showImage(int index, const QImage& photo, const QImage& overlay) {
    if (index != m_docIndex)
        saveNow();  // the edits of the image we leave, before anything else happens
    m_index = index;
    m_photo = photo;
    m_viewerOverlay = overlay;
    m_editor->setPhoto(cv::Mat());
    if (isEditing())
        loadCurrent();
    refreshPanel();
}

void EditorController::loadCurrent(const QString& version) {
    const data::ImageRecord* rec = currentRecord();
    if (!rec || !m_storage || m_photo.isNull()) {
        m_doc->reset(cv::Mat(), QString());
        m_docIndex = -1;
        return;
    }
    const std::vector<MaskVersion> versions = m_storage->versions(*rec);
    m_sourceBox->clear();
    for (const MaskVersion& v : versions)
        m_sourceBox->addItem(v.version, v.version);
    m_sourceBox->addItem(tr("empty (all background)"), QStringLiteral("empty"));
    const MaskVersion* pick = nullptr;
    for (const MaskVersion& v : versions)
        if (version.isEmpty() || v.version == version) {
            pick = &v;
            break;
        }
    try {
        if (pick) {
            m_doc->load(pick->path, pick->version);
            if (m_doc->labels().cols != m_photo.width() || m_doc->labels().rows != m_photo.height())
                throw Error(pick->path.toStdString(), "mask size differs from the image's " +
                                                          std::to_string(m_photo.width()) + "x" +
                                                          std::to_string(m_photo.height()));
        } else {
            m_doc->reset(cv::Mat(m_photo.height(), m_photo.width(), CV_8UC1, cv::Scalar(0)),
                         QStringLiteral("empty"));
        }
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        m_doc->reset(cv::Mat(m_photo.height(), m_photo.width(), CV_8UC1, cv::Scalar(0)),
                     QStringLiteral("empty"));
    }
    m_sourceBox->setCurrentIndex(std::max(0, m_sourceBox->findData(m_doc->sourceVersion())));
    m_docIndex = m_index;
    // How this image stands before any save of this document (see withdrawSave()).
    m_savedSinceLoad = false;
    m_statusAtLoad = m_storage->state(rec->id).status;
    m_humanAtLoad = cv::Mat();
    for (const MaskVersion& v : versions)
        if (v.version == QLatin1String("human")) {
            if (m_doc->sourceVersion() == QLatin1String("human"))
                m_humanAtLoad = m_doc->source();
            else
                try {
                    m_humanAtLoad = data::read_label_png(v.path.toStdString());
                } catch (const std::exception&) {
                    // Unreadable: a later withdrawal then removes it rather than restoring it.
                }
        }
    const cv::Mat bgr = bgrFromImage(m_photo);
    m_editor->setPhoto(bgr);
    m_guided->setImage(rec->id, bgr);

    std::vector<std::string> names = m_dataset->classes().names();
    m_palette->setEntries(paletteFor(rec->tags, names));
    // Keep the chosen class when this image has it too, else its first tag.
    int label = m_editor->label();
    if (m_palette->entries().size() > 0) {
        bool present = false;
        for (const auto& e : m_palette->entries())
            present |= e.first == label;
        if (!present)
            label = m_palette->labelForDigit(m_palette->entries().size() > 2 ? 1 : 0);
    }
    m_editor->setLabel(std::uint8_t(label));
    m_palette->setCurrentLabel(label);
    refreshPanel();
}

bool EditorController::saveNow() {
    m_autosave->stop();
    if (m_doc->inStroke() && m_docIndex == m_index) {
        m_autosave->start();  // not in the middle of a drag: the stroke would be cut in two
        return true;
    }
    if (m_doc->isEmpty() || !m_doc->isModified() || !m_storage || !m_dataset || m_docIndex < 0 ||
        std::size_t(m_docIndex) >= m_dataset->size())
        return true;
    const data::ImageRecord& rec = (*m_dataset)[std::size_t(m_docIndex)];
    if (m_doc->isAtSource())  // every edit undone: no correction to keep
        return withdrawSave(rec);
    try {
        const QString path = m_storage->humanPath(rec);
        m_doc->save(path);
        m_savedSinceLoad = true;
        m_storage->recordHuman(rec, path, withGuidedClicks(m_doc->provenanceJson(), *m_guided));
        m_storage->setStatus(rec.id, project::ReviewStatus::Corrected);
        emit message(tr("Saved %1").arg(QString::fromStdString(rec.id)));
        emit imageStateChanged(QString::fromStdString(rec.id));
        refreshPanel();
        return true;
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Could not save the mask of %1: %2")
                               .arg(QString::fromStdString(rec.id), QString::fromUtf8(e.what())));
        m_autosave->start();  // try again later; the edits stay in memory
        return false;
    }
}

bool EditorController::withdrawSave(const data::ImageRecord& rec) {
    m_doc->markClean();
    if (!m_savedSinceLoad)
        return true;  // nothing was written: nothing to take back
    const QString id = QString::fromStdString(rec.id);
    try {
        if (m_humanAtLoad.empty())
            m_storage->removeHuman(rec);
        else
            data::write_label_png(m_storage->humanPath(rec).toStdString(), m_humanAtLoad);
        m_storage->setStatus(rec.id, m_statusAtLoad);
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Could not take back the saved mask of %1: %2")
                               .arg(id, QString::fromUtf8(e.what())));
        return false;
    }
    m_savedSinceLoad = false;
    emit message(tr("%1: all edits undone; the saved correction is withdrawn").arg(id));
    emit imageStateChanged(id);
    refreshPanel();
    return true;
}

void EditorController::setEditing(bool on) {
    if (!on)
        saveNow();
    for (QAction* a : m_editOnly)
        a->setEnabled(on);
    m_canvas->setTool(!on                            ? nullptr
                      : m_guidedAction->isChecked() ? static_cast<CanvasTool*>(m_guided)
                                                    : m_editor);
    if (on) {
        loadCurrent();
        m_canvas->setFocus();
    } else {
        m_editor->cancelPolygon();
        m_canvas->setOverlay(m_viewerOverlay);
    }
    refreshOverlay();
    refreshPanel();
    emit editModeChanged(on);
}

void EditorController::refreshOverlay() {
    if (!isEditing() || m_doc->isEmpty() || m_docIndex != m_index)
        return;
    m_overlay = overlayFromLabels(m_doc->labels());
    m_canvas->setOverlay(m_overlay);
}

void EditorController::refreshPanel() {
    const data::ImageRecord* rec = currentRecord();
    const bool editing = isEditing();
    m_next->setEnabled(m_storage && m_dataset);
    m_score->setEnabled(m_storage && m_dataset);
    if (!rec || !m_storage) {
        m_statusLabel->setText(tr("No image"));
        m_scoreLabel->clear();
        m_sourceLabel->clear();
        return;
    }
    const project::ImageState st = m_storage->state(rec->id);
    m_statusLabel->setText(
        tr("<b>%1</b>: %2")
            .arg(QString::fromStdString(rec->id).toHtmlEscaped(), statusTitle(st.status)));
    QString score = st.score ? tr("Confidence %1").arg(*st.score, 0, 'f', 2) : tr("Not scored");
    if (!st.score_details.empty()) {
        const auto j = nlohmann::json::parse(st.score_details, nullptr, false);
        QStringList parts;
        if (j.is_object()) {
            if (j.contains("void_share"))
                parts << tr("void %1 %").arg(j["void_share"].get<double>() * 100, 0, 'f', 1);
            if (j.contains("cam_margin"))
                parts << tr("CAM margin %1").arg(j["cam_margin"].get<double>(), 0, 'f', 2);
            if (j.contains("deeplab_iou"))
                parts << tr("DeepLab IoU %1").arg(j["deeplab_iou"].get<double>(), 0, 'f', 2);
            if (j.contains("extra_classes") && !j["extra_classes"].empty())
                parts << tr("%n class(es) not among the tags", nullptr,
                            int(j["extra_classes"].size()));
            if (j.contains("missing_tags") && !j["missing_tags"].empty())
                parts << tr("%n tag(s) missing", nullptr, int(j["missing_tags"].size()));
            if (j.contains("error"))
                parts << QString::fromStdString(j["error"].get<std::string>());
        }
        if (!parts.isEmpty())
            score += QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + u')';
    }
    m_scoreLabel->setText(score);
    if (editing && !m_doc->isEmpty())
        m_sourceLabel->setText(tr("Editing from %1; saved as the human version in %2")
                                   .arg(m_doc->sourceVersion(), m_storage->describe()));
    else
        m_sourceLabel->setText(tr("Press Ctrl+M to edit this mask."));
}

void EditorController::setStatus(project::ReviewStatus status) {
    const data::ImageRecord* rec = currentRecord();
    if (!rec || !m_storage)
        return;
    saveNow();
    try {
        m_storage->setStatus(rec->id, status);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
        return;
    }
    emit imageStateChanged(QString::fromStdString(rec->id));
    emit message(tr("%1: %2").arg(QString::fromStdString(rec->id), statusTitle(status)));
    refreshPanel();
}

void EditorController::nextInQueue() {
    if (!m_dataset || !m_storage)
        return;
    saveNow();
    std::vector<std::string> ids;
    ids.reserve(m_dataset->size());
    for (const data::ImageRecord& r : m_dataset->images())
        ids.push_back(r.id);
    const data::ImageRecord* rec = currentRecord();
    const auto next = review::next_in_queue(ids, m_storage->states(), rec ? rec->id : "");
    if (!next) {
        emit message(tr("The review queue is empty: every image has been reviewed"));
        return;
    }
    emit imageRequested(int(m_dataset->find(*next)));
}

QString EditorController::scoringText() const {
    return m_scoringLabel->text();
}

void EditorController::scoreDataset() {
    if (!m_dataset || !m_storage || m_scoreJob)
        return;
    auto showScoring = [this](const QString& text) {
        m_scoringLabel->setText(text);
        m_scoringLabel->setVisible(!text.isEmpty());
    };
    review::ScoreDatasetOptions options;
    try {
        options = m_storage->scoreOptions(*m_dataset);
        options.check();
    } catch (const std::exception& e) {
        showScoring(tr("Scoring failed: %1").arg(QString::fromUtf8(e.what())));
        emit errorOccurred(QString::fromUtf8(e.what()));
        return;
    }
    if (options.items.empty()) {
        const QString text = tr("No generated masks to score yet: run the pipeline first.");
        showScoring(text);
        emit message(text);
        emit logged(text);
        return;
    }
    const int total = int(options.items.size());
    showScoring(tr("Scoring %n image(s)…", nullptr, total));
    emit logged(tr("Scoring %n image(s) for the review queue", nullptr, total));
    m_score->setEnabled(false);
    auto result = std::make_shared<review::ScoreMap>();
    m_scoreJob = m_runner->start(tr("Scoring masks for the review queue"),
                                 [options, result](const JobContext& ctx) {
                                     *result = review::score_dataset(options, ctx);
                                 });
    connect(m_scoreJob, &Job::progress, this,
            [showScoring](qint64 done, qint64 all, const QString&) {
                showScoring(tr("Scoring: %1 of %2 images…").arg(done).arg(all));
            });
    connect(
        m_scoreJob, &Job::finished, this,
        [this, result, showScoring](Job::State state, const QString& error) {
            m_score->setEnabled(m_storage && m_dataset);
            if (state == Job::State::Failed) {
                showScoring(tr("Scoring failed: %1").arg(error));
                emit errorOccurred(tr("Scoring failed: %1").arg(error));
                emit logged(tr("Scoring failed: %1").arg(error));
            }
            if (state == Job::State::Cancelled) {
                showScoring(tr("Scoring cancelled."));
                emit logged(tr("Scoring cancelled."));
            }
            if (state != Job::State::Succeeded || !m_storage)
                return;
            try {
                m_storage->setScores(*result);
            } catch (const std::exception& e) {
                showScoring(tr("Scoring failed: %1").arg(QString::fromUtf8(e.what())));
                emit errorOccurred(QString::fromUtf8(e.what()));
                return;
            }
            // "Need review": scored images still in the queue (new or needs work).
            int open = int(result->size());
            for (const project::ImageState& st : m_storage->states())
                open -= result->count(st.id) && (st.status == project::ReviewStatus::Accepted ||
                                                 st.status == project::ReviewStatus::Corrected);
            const QString text =
                tr("Scored %n image(s); %1 need review", nullptr, int(result->size())).arg(open);
            showScoring(text + tr(" (Q jumps to the least confident)."));
            emit message(text);
            emit logged(text);
            emit imageStateChanged(QString());
            refreshPanel();
        });
}

}  // namespace amr::ui
