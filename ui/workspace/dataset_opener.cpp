#include "ui/workspace/dataset_opener.h"

#include <QDir>
#include <QFileInfo>

#include "engine/data/demo_data.h"
#include "ui/jobs/job_runner.h"

namespace amr::ui {
namespace {

std::filesystem::path toPath(const QString& s) {
    return std::filesystem::path(s.toStdString());
}
QString fromPath(const std::filesystem::path& p) {
    return QString::fromStdString(p.string());
}

}  // namespace

DatasetOpener::DatasetOpener(JobRunner* runner, QObject* parent)
    : QObject(parent), m_runner(runner) {}

void DatasetOpener::open(const QString& path) {
    if (m_job)
        m_job->cancel();
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    m_requested = absolute;
    auto result = std::make_shared<Result>();
    Job* job = m_runner->start(tr("Opening %1").arg(QFileInfo(absolute).fileName()),
                               [absolute, result](const amr::JobContext& ctx) {
                                   ctx.report(0, 0, tr("reading the image index").toStdString());
                                   auto dataset = std::make_shared<amr::data::Dataset>(
                                       amr::data::open_dataset(toPath(absolute), ctx));
                                   ctx.check_cancel();
                                   result->dataset = std::move(dataset);
                                   result->path = absolute;
                               });
    watch(job, result);
}

void DatasetOpener::openDemo(const QString& demoDir) {
    if (m_job)
        m_job->cancel();
    const std::filesystem::path dir =
        demoDir.isEmpty() ? amr::data::default_demo_dir() : toPath(demoDir);
    m_requested = fromPath(dir);
    auto result = std::make_shared<Result>();
    Job* job = m_runner->start(
        tr("Preparing the demo dataset"), [dir, result](const amr::JobContext& ctx) {
            const auto root = amr::data::ensure_demo_data(dir, ctx);
            ctx.check_cancel();
            auto dataset = std::make_shared<amr::data::Dataset>(amr::data::open_dataset(root, ctx));
            ctx.check_cancel();
            result->dataset = std::move(dataset);
            result->path = fromPath(root);
        });
    watch(job, result);
}

void DatasetOpener::watch(Job* job, std::shared_ptr<Result> result) {
    m_job = job;
    connect(job, &Job::finished, this, [this, job, result](Job::State state, const QString& error) {
        if (job != m_job)
            return;  // superseded by a newer request
        m_job = nullptr;
        switch (state) {
            case Job::State::Succeeded:
                emit opened(result->dataset, result->path);
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
