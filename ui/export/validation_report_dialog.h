#pragma once
// The result of Tools > Validate PASCAL VOC Folder…: a summary line and the problems as a
// sortable table, filterable by severity. Rows copy to the clipboard; double-clicking a row
// opens the folder of its file.

#include <QDialog>

#include "engine/export/voc_validate.h"

class QComboBox;
class QLabel;
class QModelIndex;
class QSortFilterProxyModel;
class QTableView;

namespace amr::ui {

class ValidationReportModel;

class ValidationReportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ValidationReportDialog(const amr::voc::VocValidateReport& report,
                                    QWidget* parent = nullptr);

    ValidationReportModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QString summaryText() const;
    // Shows all rows (0), errors only (1) or warnings only (2).
    void setSeverityFilter(int which);
    // Copies the selected rows (tab-separated) to the clipboard.
    void copySelection() const;

private:
    void openFolderOf(const QModelIndex& index);

    ValidationReportModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QComboBox* m_filter;
    QLabel* m_summary;
};

}  // namespace amr::ui
