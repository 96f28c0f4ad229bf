#pragma once
// The GUI's main route from a dataset to CAMs worth looking at, wired into the main window:
//   - the training console runs in the window's project: without one, its first run asks where
//     to create it (ProjectPromptDialog), and the window creates, opens and lists it;
//   - Tools > Pretrained Weights… (WeightsDialog), also offered when a stage lacks the weights;
//   - on the demo, one action trains to CAMs (train-cam → train-amr → make-cam, "demo" preset)
//     and then shows them in the CAM viewer.

#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QFrame;
class QLabel;
class QPushButton;

namespace amr::ui {

class MainWindow;
class ProjectPromptDialog;
class TrainingConsole;
class WeightsDialog;

class TrainingFlow : public QObject {
    Q_OBJECT
public:
    explicit TrainingFlow(MainWindow* window);

    QAction* weightsAction() const { return m_weightsAction; }
    QAction* trainToCamsAction() const { return m_trainToCams; }
    // The next dataset the window shows is the demo: offer to train it to CAMs.
    void expectDemo() { m_expectDemo = true; }
    // The most recent project of the demo in `demoDir` (empty: the default demo folder) that
    // holds CAMs, or "" when none: opening the demo again shows the CAMs trained before.
    static QString trainedDemoProject(const QString& demoDir);

    // Tools > Pretrained Weights…; `reason` says why it opened (e.g. a stage needs them).
    WeightsDialog* openWeightsDialog(const QString& reason = {});
    // The open "where should the project go" dialog, or null.
    ProjectPromptDialog* projectPrompt() const;
    // The demo's strip above the canvas (text and the Train to CAMs button).
    QFrame* demoOffer() const { return m_offer; }
    QString demoOfferText() const;

    // Queues train-cam → train-amr → make-cam with the "demo" preset (after importing the
    // cached ImageNet weights when they are not converted yet) and shows the CAMs when done.
    void trainToCams();

private:
    TrainingConsole* console() const;
    void askForProject(const QString& datasetDir);
    void onDatasetShown();
    void onStageEnded(const QString& stage);
    void showOffer(const QString& text, bool withButton);

    MainWindow* m_window;
    QAction* m_weightsAction;
    QAction* m_trainToCams;
    QPointer<WeightsDialog> m_weights;
    QPointer<ProjectPromptDialog> m_prompt;
    QFrame* m_offer = nullptr;
    QLabel* m_offerText = nullptr;
    QPushButton* m_offerButton = nullptr;
    bool m_expectDemo = false;
    bool m_showCamsWhenDone = false;
};

}  // namespace amr::ui
