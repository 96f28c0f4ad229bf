#pragma once
// Keeps the browser's review status and scores in step with the project database: when the
// session announces a changed image (ProjectSession::imageStateChanged), its state is read
// again off the UI thread and handed to the model, which repaints that row (or re-sorts and
// re-filters when the change moves it). Changes that arrive together are read in one go.

#include <QFutureWatcher>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <vector>

#include "engine/project/project.h"

namespace amr::ui {

class ImageListModel;
class ProjectSession;

class ImageStateFeed : public QObject {
    Q_OBJECT
public:
    ImageStateFeed(ProjectSession* session, ImageListModel* model, QObject* parent = nullptr);
    ~ImageStateFeed() override;

    bool isBusy() const { return m_watcher.isRunning() || !m_pending.isEmpty() || m_writes > 0; }

    // Writes the status of these images off the UI thread, then announces each change through
    // the session (which brings it back into the model like any other change).
    void setStatus(const QStringList& ids, amr::project::ReviewStatus status);

Q_SIGNALS:
    // After a batch of states reached the model (tests wait on this).
    void applied(int count);
    void failed(const QString& message);

private:
    void request(const QString& id);
    void startRead();
    void onRead();

    ProjectSession* m_session;
    ImageListModel* m_model;
    QSet<QString> m_pending;
    QFutureWatcher<std::vector<amr::project::ImageState>> m_watcher;
    QString m_readDir;  // the project the running read belongs to
    QString m_error;
    int m_writes = 0;
};

}  // namespace amr::ui
