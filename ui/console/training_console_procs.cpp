// The training console's "Processes" option (docs/distributed.md): how many local ranks each
// stage runs on. 1 runs the job in this process; more run it through the amr CLI
// (engine/pipeline/pipeline_process.h), which starts the ranks with c10d/Gloo.

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <algorithm>

#include "engine/pipeline/pipeline.h"
#include "engine/pipeline/pipeline_process.h"
#include "ui/console/training_console.h"

namespace amr::ui {

namespace {
const char* const kProcessesKey = "console/processes";
}

QSpinBox* TrainingConsole::makeProcessesBox() {
    m_processes = new QSpinBox(this);
    m_processes->setObjectName(QStringLiteral("consoleProcesses"));
    // The ranks communicate through Gloo on the CPU: more processes than cores only compete.
    m_processes->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_processes->setValue(std::clamp(QSettings().value(QLatin1String(kProcessesKey), 1).toInt(), 1,
                                     m_processes->maximum()));
    m_processes->setToolTip(
        tr("Local processes each stage runs on. 1: in this window. More: the training stages "
           "train data parallel and CAMs, the random walk and predictions share the images out, "
           "through the amr command-line program.\nA stage's batch is per process: the global "
           "batch is batch × processes (keep the learning rate when you keep the global batch; "
           "see docs/distributed.md)."));
    connect(m_processes, &QSpinBox::valueChanged, this,
            [](int n) { QSettings().setValue(QLatin1String(kProcessesKey), n); });
    return m_processes;
}

int TrainingConsole::processes() const {
    return m_processes->value();
}

void TrainingConsole::setProcesses(int n) {
    m_processes->setValue(n);
}

QString TrainingConsole::cliPath() {
    const QString env = qEnvironmentVariable("AMR_CLI");
    if (!env.isEmpty())
        return env;
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("amr"));
}

QStringList TrainingConsole::processCommand(const QString& stage, const QString& preset,
                                            const QString& optionsJson) const {
    amr::pipeline::PipelineProcessOptions p;
    p.cli = cliPath().toStdString();
    p.pipeline = pipelineOptions(preset, stage, stage, {}, optionsJson, true);
    p.nproc = processes();
    QStringList args;
    for (const auto& a : amr::pipeline::pipeline_command(
             p, optionsJson.isEmpty() ? std::filesystem::path() : "CONFIG"))
        args << QString::fromStdString(a);
    return args;
}

}  // namespace amr::ui
