#include "ui/project/image_state_feed.h"

#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <memory>

#include "engine/core/error.h"
#include "ui/project/project_session.h"
#include "ui/workspace/image_list_model.h"

namespace amr::ui {

ImageStateFeed::ImageStateFeed(ProjectSession* session, ImageListModel* model, QObject* parent)
    : QObject(parent), m_session(session), m_model(model) {
    connect(session, &ProjectSession::imageStateChanged, this, &ImageStateFeed::request);
    connect(session, &ProjectSession::closed, this, [this] {
        m_pending.clear();
        m_model->clearImageStates();
    });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ImageStateFeed::onRead);
}

ImageStateFeed::~ImageStateFeed() {
    m_watcher.waitForFinished();
}

void ImageStateFeed::request(const QString& id) {
    if (!m_session->isOpen())
        return;
    const bool first = m_pending.isEmpty();
    m_pending.insert(id);
    // Collect the ids announced in this event-loop turn, then read them together.
    if (first && !m_watcher.isRunning())
        QTimer::singleShot(0, this, &ImageStateFeed::startRead);
}

void ImageStateFeed::startRead() {
    if (m_watcher.isRunning() || m_pending.isEmpty() || !m_session->isOpen())
        return;
    std::vector<std::string> ids;
    for (const QString& id : std::as_const(m_pending))
        ids.push_back(id.toStdString());
    m_pending.clear();
    m_readDir = m_session->projectDir();
    m_error.clear();
    const std::filesystem::path dir(m_readDir.toStdString());
    m_watcher.setFuture(QtConcurrent::run([dir, ids, this]() {
        std::vector<amr::project::ImageState> states;
        try {
            // Its own connection: a Project is used by one thread only.
            const auto project = amr::project::Project::open(dir);
            for (const auto& id : ids)
                states.push_back(project.image_state(id));
        } catch (const amr::Error& e) {
            // Read on the UI thread only after finished(), which orders the two.
            m_error = QString::fromStdString(e.what());
        }
        return states;
    }));
}

void ImageStateFeed::setStatus(const QStringList& ids, amr::project::ReviewStatus status) {
    if (!m_session->isOpen() || ids.isEmpty())
        return;
    const QString dirText = m_session->projectDir();
    std::vector<std::string> list;
    for (const QString& id : ids)
        list.push_back(id.toStdString());
    auto* watcher = new QFutureWatcher<QString>(this);
    ++m_writes;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, ids, dirText] {
        --m_writes;
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            emit failed(error);
            return;
        }
        if (m_session->isOpen() && m_session->projectDir() == dirText)
            for (const QString& id : ids)
                m_session->notifyImageStateChanged(id);
    });
    const std::filesystem::path dir(dirText.toStdString());
    watcher->setFuture(QtConcurrent::run([dir, list, status]() -> QString {
        try {
            amr::project::Project::open(dir).set_statuses(list, status);
        } catch (const amr::Error& e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }));
}

void ImageStateFeed::onRead() {
    const auto states = m_watcher.result();
    if (!m_error.isEmpty()) {
        emit failed(m_error);
    } else if (m_session->isOpen() && m_session->projectDir() == m_readDir) {
        for (const auto& st : states)
            m_model->setImageState(st);
        emit applied(int(states.size()));
    }
    if (!m_pending.isEmpty())
        startRead();
}

}  // namespace amr::ui
