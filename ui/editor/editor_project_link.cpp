// The editor and the open project (see connectEditorToProject in editor_controller.h).

#include "engine/project/project.h"
#include "ui/editor/editor_controller.h"
#include "ui/editor/guided_tool.h"
#include "ui/project/project_session.h"

namespace amr::ui {

void connectEditorToProject(EditorController* editor, ProjectSession* session) {
    auto useProject = [editor, session] {
        try {
            // Guided clicks: the project's boundary maps, CAMs and IRN (boundary maps computed
            // on demand are kept in boundary/). Named even before they exist: a project is
            // usually opened before its pipeline makes them, and each image looks them up anew.
            const auto project = session->connect();
            review::GuidedSourceOptions sources;
            sources.boundary_dir = project->boundary_dir();
            sources.cam_store = project->cam_store_dir();
            sources.irn_checkpoint = project->checkpoint_path("irn");
            editor->guidedTool()->setSources(sources);
            editor->setStorage(makeProjectEditStorage([session] { return session->connect(); }));
        } catch (const std::exception& e) {
            emit editor->errorOccurred(
                EditorController::tr("The project cannot store edits: %1").arg(e.what()));
        }
    };
    QObject::connect(session, &ProjectSession::opened, editor, useProject);
    QObject::connect(session, &ProjectSession::closed, editor, [editor] {
        editor->guidedTool()->setSources({});
        editor->setStorage(nullptr);
    });
    QObject::connect(editor, &EditorController::imageStateChanged, session,
                     [session](const QString& id) {
                         session->notifyImageStateChanged(id);
                         session->notifyMasksChanged(QStringLiteral("human"));
                     });
    if (session->isOpen())
        useProject();
}

}  // namespace amr::ui
