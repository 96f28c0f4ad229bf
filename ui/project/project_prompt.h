#pragma once
// "Where should the project go?": asked once when something is to run on a dataset that has no
// project yet. The default is visible and sensible: beside the dataset when that folder is
// writable and not a cache folder, else "<Documents>/AMR Studio/<dataset>.amr-project". A folder
// that already holds a project for this dataset is offered for opening instead.

#include <QDialog>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace amr::ui {

// Whether `dir` lies in a cache folder ($XDG_CACHE_HOME, ~/.cache, Qt's cache locations).
bool isCacheFolder(const QString& dir);
// The folder a new project for `datasetDir` goes to by default (see above). When that folder
// holds something else, " 2", " 3", … are appended.
QString defaultProjectLocation(const QString& datasetDir);
// Whether `projectDir` holds a project bound to `datasetDir` (both compared as clean paths).
bool holdsProjectFor(const QString& projectDir, const QString& datasetDir);

class ProjectPromptDialog : public QDialog {
    Q_OBJECT
public:
    explicit ProjectPromptDialog(const QString& datasetDir, QWidget* parent = nullptr);

    QString projectDir() const;
    void setProjectDir(const QString& dir);
    QString datasetDir() const { return m_datasetDir; }
    // The folder holds a project already: it will be opened, not created.
    bool opensExisting() const;
    // Why the answer cannot be used (a non-empty folder that is not a project), or empty.
    QString problem() const;

private:
    void validate();

    QString m_datasetDir;
    QLineEdit* m_folder;
    QLabel* m_note;
    QDialogButtonBox* m_buttons;
};

}  // namespace amr::ui
