#pragma once
// Mask editing and review in the main window: the edit mode, the tools' actions and keys, the
// editor panel (tools, palette, review), autosave and the review queue. The main window only
// forwards a few events (dataset opened, image shown, image about to change, closing).
//
// Saving: the human version is written atomically (write_label_png) whenever the image
// changes, the window closes, edit mode ends, and on a timer (QSettings "editor/autosaveSeconds",
// default 5) while there are unsaved edits. Saving an edit marks the image "corrected". A mask
// whose edits were all undone is no correction: nothing is saved, and what an earlier autosave
// of it wrote is withdrawn (the human version and the review status go back to how they were
// when the mask was loaded).

#include <QImage>
#include <QObject>
#include <QPointer>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/data/dataset.h"
#include "ui/editor/edit_storage.h"

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QLabel;
class QTimer;
class QWidget;

namespace amr::ui {

class ImageCanvas;
class Job;
class JobRunner;
class ProjectSession;
class MaskDocument;
class GuidedTool;
class MaskEditor;
class PaletteWidget;

class EditorController : public QObject {
    Q_OBJECT
public:
    // Actions are added to `window` so their keys work everywhere in it.
    EditorController(ImageCanvas* canvas, JobRunner* runner, QWidget* window);
    ~EditorController() override;

    QWidget* panel() const { return m_panel; }
    QAction* editModeAction() const { return m_editMode; }
    // For the Edit menu, in order (nullptr = separator).
    std::vector<QAction*> menuActions() const;
    MaskDocument* document() const { return m_doc; }
    MaskEditor* editor() const { return m_editor; }
    GuidedTool* guidedTool() const { return m_guided; }  // click-to-fix (guided_tool.h)
    EditStorage* storage() const { return m_storage.get(); }
    bool isEditing() const;

    // A dataset was opened: edits go to its amr-edits/ folder until setStorage() says otherwise.
    void setDataset(std::shared_ptr<const data::Dataset> dataset);
    // E.g. a project's storage once a project is open (makeProjectEditStorage); it stays across
    // setDataset() until replaced. nullptr goes back to the dataset-folder storage.
    void setStorage(std::unique_ptr<EditStorage> storage);
    // The canvas now shows dataset image `index` (`overlay`: what the viewer shows there).
    void showImage(int index, const QImage& photo, const QImage& overlay);
    // Saves unsaved edits now (image change, close). Returns false after showing an error.
    bool saveNow();

    void setStatus(project::ReviewStatus status);
    // Jumps to the lowest-scored image not yet reviewed (emits imageRequested).
    void nextInQueue();
    // Scores every image's pseudo label as a background job; the queue uses the result. The
    // review panel shows its progress and result; the result is also logged (logged()).
    void scoreDataset();
    // The review panel's line about the last scoring run ("Scored 160 images; 37 need review").
    QString scoringText() const;

Q_SIGNALS:
    void imageRequested(int datasetIndex);
    void editModeChanged(bool on);
    void message(const QString& text);        // for the status bar
    void errorOccurred(const QString& text);  // for the banner
    void imageStateChanged(const QString& id);
    void logged(const QString& line);  // for the window's log (the training console's)

private:
    void buildActions(QWidget* window);
    void buildPanel();
    void setEditing(bool on);
    void useFolderStorage();
    void loadCurrent(const QString& version = {});
    bool withdrawSave(const data::ImageRecord& rec);
    void refreshOverlay();
    void refreshPanel();
    const data::ImageRecord* currentRecord() const;

    ImageCanvas* m_canvas;
    JobRunner* m_runner;
    MaskDocument* m_doc;
    MaskEditor* m_editor;
    GuidedTool* m_guided;
    QWidget* m_panel = nullptr;
    PaletteWidget* m_palette = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_scoreLabel = nullptr;
    QLabel* m_scoringLabel = nullptr;
    QComboBox* m_sourceBox = nullptr;
    QSpinBox* m_sizeBox = nullptr;
    QDoubleSpinBox* m_bandBox = nullptr;
    QTimer* m_autosave;

    QAction* m_editMode = nullptr;
    QAction* m_brush = nullptr;
    QAction* m_eraser = nullptr;
    QAction* m_fill = nullptr;
    QAction* m_polygon = nullptr;
    QAction* m_superpixel = nullptr;
    QAction* m_guidedAction = nullptr;
    QAction* m_clickCurve = nullptr;
    QAction* m_grow = nullptr;
    QAction* m_shrink = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_save = nullptr;
    QAction* m_voidBand = nullptr;
    QAction* m_accept = nullptr;
    QAction* m_needsWork = nullptr;
    QAction* m_next = nullptr;
    QAction* m_score = nullptr;
    std::vector<QAction*> m_digits;
    std::vector<QAction*> m_editOnly;  // enabled only in edit mode

    std::shared_ptr<const data::Dataset> m_dataset;
    std::unique_ptr<EditStorage> m_storage;
    bool m_externalStorage = false;
    int m_index = -1;
    int m_docIndex = -1;  // the image the document holds
    QImage m_photo;
    QImage m_viewerOverlay;
    QImage m_overlay;
    // The document's image as it was loaded, to withdraw an autosave when all edits are undone.
    bool m_savedSinceLoad = false;
    project::ReviewStatus m_statusAtLoad = project::ReviewStatus::New;
    cv::Mat m_humanAtLoad;  // its human version then; empty when it had none
    QPointer<Job> m_scoreJob;
};

// Makes the editor follow the open project: while one is open, edits, review status and scores
// go to it (makeProjectEditStorage), and the session is told about changed masks and states.
// Defined in editor_project_link.cpp, apart, so the editor links without the project code.
void connectEditorToProject(EditorController* editor, ProjectSession* session);

}  // namespace amr::ui
