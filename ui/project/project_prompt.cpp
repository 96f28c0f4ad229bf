#include "ui/project/project_prompt.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "engine/core/error.h"
#include "engine/project/project.h"

namespace amr::ui {

namespace {

QString clean(const QString& dir) {
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

bool isUnder(const QString& dir, const QString& root) {
    if (root.isEmpty())
        return false;
    const QString r = clean(root);
    return dir == r || dir.startsWith(r + u'/');
}

bool isEmptyOrMissing(const QString& dir) {
    const QDir d(dir);
    return !d.exists() || d.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

QString documentsFolder() {
    QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (docs.isEmpty())
        docs = QDir::homePath();
    return QDir(docs).filePath(QStringLiteral("AMR Studio"));
}

}  // namespace

bool isCacheFolder(const QString& dir) {
    const QString d = clean(dir);
    const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
    return isUnder(d, xdg) || isUnder(d, QDir::home().filePath(QStringLiteral(".cache"))) ||
           isUnder(d, QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)) ||
           isUnder(d, QStandardPaths::writableLocation(QStandardPaths::CacheLocation));
}

bool holdsProjectFor(const QString& projectDir, const QString& datasetDir) {
    try {
        const std::filesystem::path dir = projectDir.toStdString();
        if (!amr::project::Project::exists(dir))
            return false;
        const QString bound =
            QString::fromStdString(amr::project::Project::open(dir).dataset().string());
        // The project binds the folder the reader resolved (e.g. VOCdevkit/VOC2012 below it).
        const QString data = clean(datasetDir), b = clean(bound);
        return b == data || b.startsWith(data + u'/');
    } catch (const amr::Error&) {
        return false;
    }
}

QString defaultProjectLocation(const QString& datasetDir) {
    const QFileInfo dataset(clean(datasetDir));
    const QString name =
        dataset.fileName().isEmpty() ? QStringLiteral("dataset") : dataset.fileName();
    const QString parent = dataset.absolutePath();
    const bool beside = !isCacheFolder(parent) && QFileInfo(parent).isWritable();
    const QDir base(beside ? parent : documentsFolder());
    for (int n = 1;; ++n) {
        const QString candidate =
            base.filePath(n == 1 ? name + QStringLiteral(".amr-project")
                                 : QStringLiteral("%1 %2.amr-project").arg(name).arg(n));
        if (isEmptyOrMissing(candidate) || holdsProjectFor(candidate, datasetDir))
            return candidate;
    }
}

ProjectPromptDialog::ProjectPromptDialog(const QString& datasetDir, QWidget* parent)
    : QDialog(parent),
      m_datasetDir(datasetDir),
      m_folder(new QLineEdit(this)),
      m_note(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("projectPromptDialog"));
    setWindowTitle(tr("Create a Project"));
    auto* intro =
        new QLabel(tr("Training keeps its checkpoints, CAMs and masks in a project for the dataset "
                      "%1. The window opens it, and it is listed under File > Recent Projects.")
                       .arg(QDir::toNativeSeparators(datasetDir)),
                   this);
    intro->setWordWrap(true);
    m_folder->setObjectName(QStringLiteral("projectFolderEdit"));
    m_folder->setMinimumWidth(420);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Project folder"), row);
    m_note->setObjectName(QStringLiteral("projectPromptNote"));
    m_note->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_buttons);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Folder for the project"), QFileInfo(projectDir()).absolutePath());
        if (!dir.isEmpty())
            setProjectDir(dir);
    });
    connect(m_folder, &QLineEdit::textChanged, this, &ProjectPromptDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setProjectDir(QDir::toNativeSeparators(defaultProjectLocation(datasetDir)));
}

QString ProjectPromptDialog::projectDir() const {
    const QString text = m_folder->text().trimmed();
    return text.isEmpty() ? QString() : clean(QDir::fromNativeSeparators(text));
}

void ProjectPromptDialog::setProjectDir(const QString& dir) {
    m_folder->setText(QDir::toNativeSeparators(dir));
    validate();
}

bool ProjectPromptDialog::opensExisting() const {
    return !projectDir().isEmpty() && amr::project::Project::exists(projectDir().toStdString());
}

QString ProjectPromptDialog::problem() const {
    const QString dir = projectDir();
    if (dir.isEmpty())
        return tr("Give a folder for the project.");
    if (opensExisting())
        return {};
    if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir())
        return tr("%1 is a file, not a folder.").arg(QDir::toNativeSeparators(dir));
    if (!isEmptyOrMissing(dir))
        return tr("%1 already holds other files: choose a new or empty folder.")
            .arg(QDir::toNativeSeparators(dir));
    return {};
}

void ProjectPromptDialog::validate() {
    const QString why = problem();
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(why.isEmpty());
    if (!why.isEmpty()) {
        ok->setText(tr("Create Project"));
        m_note->setText(why);
    } else if (opensExisting()) {
        ok->setText(tr("Open Project"));
        m_note->setText(holdsProjectFor(projectDir(), m_datasetDir)
                            ? tr("This folder holds a project for this dataset already: it "
                                 "will be opened.")
                            : tr("This folder holds a project for another dataset: it will "
                                 "be opened with its own dataset."));
    } else {
        ok->setText(tr("Create Project"));
        m_note->setText(isCacheFolder(projectDir())
                            ? tr("This is a cache folder: the system may delete it.")
                            : QString());
    }
}

}  // namespace amr::ui
