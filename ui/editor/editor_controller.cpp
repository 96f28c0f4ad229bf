#include "ui/editor/editor_controller.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QTimer>

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

cv::Mat bgrFromImage(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    const cv::Mat bgra(rgb.height(), rgb.width(), CV_8UC4, const_cast<uchar*>(rgb.constBits()),
                       std::size_t(rgb.bytesPerLine()));
    cv::Mat bgr;
    cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
    return bgr;
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
    // The document's reset above came before m_docIndex was set, so it could not show the new
    // mask: without this the canvas kept the viewer's layer (e.g. the ground truth) until the
    // first edit.
    refreshOverlay();
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
