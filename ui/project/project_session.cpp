#include "ui/project/project_session.h"

#include "engine/core/error.h"
#include "engine/project/project.h"

namespace amr::ui {

ProjectSession::ProjectSession(QObject* parent) : QObject(parent) {}

ProjectSession::~ProjectSession() = default;

std::unique_ptr<amr::project::Project> ProjectSession::connect() const {
    if (!isOpen())
        throw amr::Error("no project is open");
    return std::make_unique<amr::project::Project>(
        amr::project::Project::open(std::filesystem::path(m_dir.toStdString())));
}

void ProjectSession::setOpen(const QString& projectDir, const QString& datasetDir,
                             const QString& name) {
    if (isOpen())
        close();
    m_dir = projectDir;
    m_datasetDir = datasetDir;
    m_name = name;
    emit opened();
}

void ProjectSession::close() {
    if (!isOpen())
        return;
    m_dir.clear();
    m_datasetDir.clear();
    m_name.clear();
    emit closed();
}

}  // namespace amr::ui
