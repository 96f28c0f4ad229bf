#pragma once
// The problems of a VOC validation as a table: severity (with icon), file relative to the VOC
// root, description. Sorting by the severity column puts errors before warnings.

#include <QAbstractTableModel>
#include <QString>
#include <vector>

#include "engine/export/voc_validate.h"

namespace amr::ui {

class ValidationReportModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, FileColumn, ProblemColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,  // severity rank (errors first), else the text
        SeverityRole,                 // "error" or "warning", for filtering
        AbsolutePathRole,             // the file's absolute path
    };

    explicit ValidationReportModel(QObject* parent = nullptr);

    void setReport(const amr::voc::VocValidateReport& report);
    const amr::voc::VocValidateReport& report() const { return m_report; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "3 errors, 2 warnings in 160 images" or "No problems found in 160 images".
    static QString summary(const amr::voc::VocValidateReport& report);
    // Tab-separated "severity, file, problem" lines of these source rows.
    QString rowsAsText(const QList<int>& rows) const;

private:
    struct Row {
        bool error;
        QString file;  // relative to the VOC root when inside it
        QString absolute;
        QString problem;
    };
    amr::voc::VocValidateReport m_report;
    std::vector<Row> m_rows;
};

}  // namespace amr::ui
