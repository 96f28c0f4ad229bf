#include "ui/project/new_project_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "engine/project/project.h"

namespace amr::ui {
namespace {

QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const std::function<void()>& browse) {
    auto* box = new QWidget(parent);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit, 1);
    auto* button = new QPushButton(NewProjectDialog::tr("Browse…"), box);
    QObject::connect(button, &QPushButton::clicked, box, browse);
    row->addWidget(button);
    return box;
}

}  // namespace

NewProjectDialog::NewProjectDialog(const QString& currentDataset, QWidget* parent)
    : QDialog(parent),
      m_folder(new QLineEdit(this)),
      m_dataset(new QLineEdit(this)),
      m_name(new QLineEdit(this)),
      m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("New Project"));
    m_folder->setObjectName(QStringLiteral("projectFolder"));
    m_dataset->setObjectName(QStringLiteral("projectDataset"));
    m_name->setObjectName(QStringLiteral("projectName"));
    m_folder->setPlaceholderText(tr("A new or empty folder"));
    m_name->setPlaceholderText(tr("Default: the folder's name"));
    m_dataset->setText(currentDataset);
    m_problem->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Project &folder:"), withBrowse(m_folder, this, [this] {
                     const QString dir =
                         QFileDialog::getExistingDirectory(this, tr("Project Folder"));
                     if (!dir.isEmpty())
                         m_folder->setText(dir);
                 }));
    form->addRow(tr("&Dataset:"), withBrowse(m_dataset, this, [this] {
                     const QString dir = QFileDialog::getExistingDirectory(
                         this, tr("Dataset (a VOC folder or a folder with tags.csv)"),
                         m_dataset->text());
                     if (!dir.isEmpty())
                         m_dataset->setText(dir);
                 }));
    form->addRow(tr("&Name:"), m_name);

    auto* help = new QLabel(
        tr("The project folder keeps the review status, mask versions, checkpoints and runs "
           "of one dataset. The dataset itself stays where it is."),
        this);
    help->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(help);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();  // the folder may have filled since its path was typed
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_folder, &QLineEdit::textChanged, this, &NewProjectDialog::validate);
    connect(m_dataset, &QLineEdit::textChanged, this, &NewProjectDialog::validate);
    resize(560, sizeHint().height());
    validate();
}

QString NewProjectDialog::projectDir() const {
    return m_folder->text().trimmed();
}
QString NewProjectDialog::datasetDir() const {
    return m_dataset->text().trimmed();
}
QString NewProjectDialog::projectName() const {
    return m_name->text().trimmed();
}
void NewProjectDialog::setProjectDir(const QString& dir) {
    m_folder->setText(dir);
}
void NewProjectDialog::setDatasetDir(const QString& dir) {
    m_dataset->setText(dir);
}
void NewProjectDialog::setProjectName(const QString& name) {
    m_name->setText(name);
}

QString NewProjectDialog::problem() const {
    if (projectDir().isEmpty())
        return tr("Choose a folder for the project.");
    if (amr::project::Project::exists(projectDir().toStdString()))
        return tr("This folder holds a project already: open it with File > Open Project….");
    const QFileInfo folder(projectDir());
    if (folder.exists() && !folder.isDir())
        return tr("The project folder is a file.");
    // A project writes masks/, checkpoints/, runs/ …: mixing them into other files would make
    // both hard to tell apart, so only a new or empty folder is taken.
    if (folder.isDir() &&
        !QDir(projectDir())
             .isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return tr("The folder %1 is not empty: choose a new or an empty folder for the project.")
            .arg(QDir::toNativeSeparators(projectDir()));
    if (datasetDir().isEmpty())
        return tr("Choose the dataset this project works on.");
    if (!QFileInfo(datasetDir()).isDir())
        return tr("The dataset folder does not exist.");
    return {};
}

void NewProjectDialog::validate() {
    const QString text = problem();
    m_problem->setText(text);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
}

}  // namespace amr::ui
