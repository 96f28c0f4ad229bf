#include "ui/project/project_opener.h"

#include <QDir>
#include <QFileInfo>

#include "ui/jobs/job_runner.h"

namespace amr::ui {
namespace {

std::filesystem::path toPath(const QString& s) {
    return std::filesystem::path(s.toStdString());
}
QString fromPath(const std::filesystem::path& p) {
    return QString::fromStdString(p.string());
}

// Everything the window needs from an open project, read on the worker thread.
// `dataset` is read from the project's folder when null.
void load(const amr::project::Project& project, const amr::JobContext& ctx, OpenedProject* out,
          std::shared_ptr<amr::data::Dataset> dataset = nullptr) {
    if (!dataset) {
        ctx.report(0, 0, ProjectOpener::tr("reading the image index").toStdString());
        dataset =
            std::make_shared<amr::data::Dataset>(amr::data::open_dataset(project.dataset(), ctx));
    }
    ctx.check_cancel();
    ctx.report(0, 0, ProjectOpener::tr("reading the review state").toStdString());
    out->states = project.image_states();
    out->dir = fromPath(project.dir());
    out->name = QString::fromStdString(project.name());
    out->datasetDir = fromPath(dataset->root());
    out->dataset = std::move(dataset);
}

}  // namespace

ProjectOpener::ProjectOpener(JobRunner* runner, QObject* parent)
    : QObject(parent), m_runner(runner) {}

void ProjectOpener::open(const QString& path) {
    if (m_job)
        m_job->cancel();
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    auto result = std::make_shared<OpenedProject>();
    Job* job = m_runner->start(tr("Opening project %1").arg(QFileInfo(absolute).fileName()),
                               [absolute, result](const amr::JobContext& ctx) {
                                   const auto project =
                                       amr::project::Project::open(toPath(absolute));
                                   load(project, ctx, result.get());
                               });
    watch(job, result);
}

void ProjectOpener::create(const QString& projectDir, const QString& datasetDir,
                           const QString& name) {
    if (m_job)
        m_job->cancel();
    const QString dir = QDir::cleanPath(QFileInfo(projectDir).absoluteFilePath());
    const QString data = QDir::cleanPath(QFileInfo(datasetDir).absoluteFilePath());
    auto result = std::make_shared<OpenedProject>();
    Job* job = m_runner->start(tr("Creating project %1").arg(QFileInfo(dir).fileName()),
                               [dir, data, name, result](const amr::JobContext& ctx) {
                                   ctx.report(0, 0, tr("reading the dataset").toStdString());
                                   // Bind the folder the reader resolved (e.g. VOCdevkit/VOC2012),
                                   // as the CLI does.
                                   auto dataset = std::make_shared<amr::data::Dataset>(
                                       amr::data::open_dataset(toPath(data), ctx));
                                   ctx.check_cancel();
                                   const auto project = amr::project::Project::create(
                                       toPath(dir), dataset->root(), name.toStdString());
                                   load(project, ctx, result.get(), std::move(dataset));
                               });
    watch(job, result);
}

void ProjectOpener::watch(Job* job, std::shared_ptr<OpenedProject> result) {
    m_job = job;
    connect(job, &Job::finished, this, [this, job, result](Job::State state, const QString& error) {
        if (job != m_job)
            return;  // superseded by a newer request
        m_job = nullptr;
        switch (state) {
            case Job::State::Succeeded:
                emit opened(*result);
                break;
            case Job::State::Failed:
                emit failed(error);
                break;
            case Job::State::Cancelled:
            case Job::State::Running:
                emit cancelled();
                break;
        }
    });
}

}  // namespace amr::ui
