#include "ui/cam/project_review.h"

#include "engine/project/project.h"
#include "ui/project/project_session.h"

namespace amr::ui {

namespace fs = std::filesystem;

ReviewSources projectSources(const ProjectSession& session) {
    const auto project = session.connect();
    ReviewSources s;
    std::error_code ec;
    if (fs::is_directory(project->cam_store_dir(), ec))
        s.camStore = project->cam_store_dir();
    for (const char* v : {"cam", "seeds", "refined", "deeplab", "human", "imported"})
        if (fs::is_directory(project->mask_dir(v), ec))
            s.maskDirs[v] = project->mask_dir(v);
    if (fs::is_directory(project->boundary_dir(), ec))
        s.boundaryDir = project->boundary_dir();
    if (fs::is_directory(project->confidence_dir(), ec))
        s.confidenceDir = project->confidence_dir();
    // "Apply to all" writes here even before the folder exists.
    if (!s.maskDirs.count("cam"))
        s.maskDirs["cam"] = project->mask_dir("cam");
    return s;
}

ReviewBackend projectBackend(const ProjectSession& session) {
    // The folder, not the session: the callbacks may outlive a session that moves on.
    const fs::path dir = session.projectDir().toStdString();
    ReviewBackend b;
    b.readSetting = [dir](const QString& key) -> std::optional<QString> {
        const auto v = amr::project::Project::open(dir).setting(key.toStdString());
        if (!v)
            return std::nullopt;
        return QString::fromStdString(*v);
    };
    b.writeSetting = [dir](const QString& key, const QString& value) {
        amr::project::Project::open(dir).set_setting(key.toStdString(), value.toStdString());
    };
    b.publishMasks = [dir](const std::string& version, const std::string& provenance) {
        amr::project::Project::open(dir).sync_mask_version(version, provenance);
    };
    return b;
}

}  // namespace amr::ui
