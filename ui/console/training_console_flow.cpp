// The training console's part in the GUI's main route: runs that wait for a project, the offer
// of the weights dialog when ImageNet weights are missing, and degenerate stage output said in
// words (the engine measures it; see engine/pipeline/output_check.h).

#include <QBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

#include "engine/pipeline/output_check.h"
#include "ui/console/output_problem.h"
#include "ui/console/training_console.h"

namespace amr::ui {

bool TrainingConsole::deferUntilProject(std::function<void()> action) {
    if (!m_projectDir.isEmpty() || m_datasetDir.isEmpty())
        return false;  // a project to run on, or nothing to make one for (ensureProject says so)
    const bool asked = bool(m_pending);
    m_pending = std::move(action);
    if (!asked) {
        appendLog(tr("Waiting for a project for %1").arg(m_datasetDir));
        emit projectRequested(m_datasetDir);
    }
    return true;
}

void TrainingConsole::runPendingAction() {
    if (!m_pending || m_projectDir.isEmpty())
        return;
    // After every other listener of the project's opening (viewer, session) has run.
    QTimer::singleShot(0, this, [this] {
        if (!m_pending || m_projectDir.isEmpty())
            return;
        auto action = std::move(m_pending);
        m_pending = nullptr;
        action();
    });
}

void TrainingConsole::dropPendingAction(const QString& why) {
    if (!m_pending)
        return;
    m_pending = nullptr;
    appendLog(why);
}

void TrainingConsole::offerWeights(bool show) {
    if (!m_weightsButton) {
        m_weightsButton = new QPushButton(tr("Pretrained Weights…"), this);
        m_weightsButton->setObjectName(QStringLiteral("consoleWeightsButton"));
        m_weightsButton->setToolTip(
            tr("See and import the ImageNet weights the stages start from"));
        m_warning = new QLabel(this);
        m_warning->setObjectName(QStringLiteral("consoleWarning"));
        m_warning->setWordWrap(true);
        m_warning->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_warning->setStyleSheet(QStringLiteral("color: #8a5a00;"));
        auto* row = new QHBoxLayout;
        row->addWidget(m_warning, 1);
        row->addWidget(m_weightsButton);
        if (auto* box = qobject_cast<QBoxLayout*>(layout()))
            box->insertLayout(4, row);  // under the error line
        connect(m_weightsButton, &QPushButton::clicked, this, &TrainingConsole::weightsRequested);
        m_warning->hide();
    }
    m_weightsButton->setVisible(show);
    if (!show)
        m_warning->hide();  // a new job: the last one's notes no longer apply
}

void TrainingConsole::reportOutput(const QString& stage, const QString& summaryJson) {
    const QJsonObject check = QJsonDocument::fromJson(summaryJson.toUtf8())
                                  .object()
                                  .value(QLatin1String("output_check"))
                                  .toObject();
    const auto problem = amr::pipeline::parse_output_problem(
        check.value(QLatin1String("problem")).toString().toStdString());
    if (problem == amr::pipeline::OutputProblem::None)
        return;
    const QString text =
        outputProblemText(problem, stage, check.value(QLatin1String("sampled")).toInt());
    offerWeights(false);
    m_warning->setText(text);
    m_warning->show();
    appendLog(tr("Warning: %1").arg(text));
}

}  // namespace amr::ui
