#pragma once
// Tools > Pretrained Weights…: which ImageNet weights are installed (the Keras TF.js package
// cached by setup, the ResNet-50 converted from it, imported torchvision files, torchvision
// downloads found in the torch hub cache), and their import — from the offline package cache
// or from a torchvision .pth the user picks — as an engine job of the one JobRunner, with
// progress. The training stages start from these weights.

#include <QDialog>
#include <QPointer>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace amr::ui {

class Job;
class JobRunner;

class WeightsDialog : public QDialog {
    Q_OBJECT
public:
    WeightsDialog(JobRunner* runner, QWidget* parent = nullptr);

    // Re-reads what is installed.
    void refresh();
    // Imports the cached TF.js package (the default source) / a file; null when one runs.
    Job* importPackage();
    Job* importFile(const QString& path);
    // Shows why the dialog was opened (e.g. a stage that needs the weights).
    void setReason(const QString& text);

    QTreeWidget* list() const { return m_list; }
    QProgressBar* progressBar() const { return m_bar; }
    QString statusText() const;
    bool isBusy() const { return !m_job.isNull(); }

Q_SIGNALS:
    // An import finished and wrote `checkpoint`.
    void imported(const QString& checkpoint);

private:
    Job* startImport(const QString& source);
    void chooseFile();

    JobRunner* m_runner;
    QLabel* m_reason;
    QTreeWidget* m_list;
    QPushButton* m_fromPackage;
    QPushButton* m_fromFile;
    QProgressBar* m_bar;
    QLabel* m_status;
    QPointer<Job> m_job;
};

}  // namespace amr::ui
