#include "ui/project/project_session.h"

#include "engine/core/error.h"

namespace amr::ui {

ProjectSession::ProjectSession(QObject* parent) : QObject(parent) {}

ProjectSession::~ProjectSession() = default;

std::unique_ptr<amr::project::Project> ProjectSession::connect() const {
    // The project database lands with the project workspace; until then no project can be open.
    throw amr::Error(m_dir.toStdString(), "projects are not available in this build yet");
}

void ProjectSession::setOpen(const QString& projectDir, const QString& datasetDir,
                             const QString& name) {
    m_dir = projectDir;
    m_datasetDir = datasetDir;
    m_name = name;
    emit opened();
}

void ProjectSession::close() {
    if (m_dir.isEmpty())
        return;
    m_dir.clear();
    m_datasetDir.clear();
    m_name.clear();
    emit closed();
}

}  // namespace amr::ui
