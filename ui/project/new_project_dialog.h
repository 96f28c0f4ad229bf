#pragma once
// File > New Project…: the folder for the project, the dataset it binds (the open one by
// default) and an optional name. Only collects the answers; ProjectOpener does the work.

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace amr::ui {

class NewProjectDialog : public QDialog {
    Q_OBJECT
public:
    // `currentDataset`: the dataset open in the window, offered first (may be empty).
    NewProjectDialog(const QString& currentDataset, QWidget* parent = nullptr);

    QString projectDir() const;
    QString datasetDir() const;
    QString projectName() const;

    void setProjectDir(const QString& dir);
    void setDatasetDir(const QString& dir);
    void setProjectName(const QString& name);

    // Why OK is disabled, or empty when the answers can be used.
    QString problem() const;

private:
    void validate();

    QLineEdit* m_folder;
    QLineEdit* m_dataset;
    QLineEdit* m_name;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

}  // namespace amr::ui
