#include "ui/export/validation_report_model.h"

#include <QApplication>
#include <QDir>
#include <QStyle>

namespace amr::ui {
namespace {

QString displayPath(const std::filesystem::path& p) {
    return QDir::toNativeSeparators(QString::fromStdString(p.string()));
}

QString countText(std::size_t n, const QString& one, const QString& many) {
    return n == 1 ? one : many.arg(qulonglong(n));
}

}  // namespace

ValidationReportModel::ValidationReportModel(QObject* parent) : QAbstractTableModel(parent) {}

void ValidationReportModel::setReport(const amr::voc::VocValidateReport& report) {
    beginResetModel();
    m_report = report;
    m_rows.clear();
    m_rows.reserve(report.problems.size());
    for (const auto& p : report.problems) {
        const std::filesystem::path absolute =
            p.file.is_absolute() || report.voc_root.empty() ? p.file : report.voc_root / p.file;
        std::filesystem::path shown = absolute.lexically_relative(report.voc_root);
        if (shown.empty() || *shown.begin() == "..")
            shown = p.file;
        m_rows.push_back({p.severity == amr::voc::Severity::Error, displayPath(shown),
                          displayPath(absolute), QString::fromStdString(p.problem)});
    }
    endResetModel();
}

int ValidationReportModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ValidationReportModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ValidationReportModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            switch (index.column()) {
                case SeverityColumn:
                    return r.error ? tr("Error") : tr("Warning");
                case FileColumn:
                    return role == Qt::ToolTipRole ? r.absolute : r.file;
                case ProblemColumn:
                    return r.problem;
            }
            break;
        case Qt::DecorationRole:
            if (index.column() == SeverityColumn)
                return QApplication::style()->standardIcon(r.error ? QStyle::SP_MessageBoxCritical
                                                                   : QStyle::SP_MessageBoxWarning);
            break;
        case SortRole:
            if (index.column() == SeverityColumn)
                return r.error ? 0 : 1;
            return index.column() == FileColumn ? r.file : r.problem;
        case SeverityRole:
            return r.error ? QStringLiteral("error") : QStringLiteral("warning");
        case AbsolutePathRole:
            return r.absolute;
    }
    return {};
}

QVariant ValidationReportModel::headerData(int section, Qt::Orientation orientation,
                                           int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case SeverityColumn:
            return tr("Severity");
        case FileColumn:
            return tr("File");
        case ProblemColumn:
            return tr("Problem");
    }
    return {};
}

QString ValidationReportModel::summary(const amr::voc::VocValidateReport& report) {
    const QString images = countText(report.images, tr("1 image"), tr("%1 images"));
    const std::size_t errors = report.errors();
    const std::size_t warnings = report.warnings();
    if (errors == 0 && warnings == 0)
        return tr("No problems found in %1").arg(images);
    QStringList parts;
    if (errors)
        parts << countText(errors, tr("1 error"), tr("%1 errors"));
    if (warnings)
        parts << countText(warnings, tr("1 warning"), tr("%1 warnings"));
    return tr("%1 in %2").arg(parts.join(QStringLiteral(", ")), images);
}

QString ValidationReportModel::rowsAsText(const QList<int>& rows) const {
    QStringList lines;
    for (int row : rows) {
        if (row < 0 || row >= int(m_rows.size()))
            continue;
        const Row& r = m_rows[std::size_t(row)];
        lines << QStringList{r.error ? QStringLiteral("error") : QStringLiteral("warning"), r.file,
                             r.problem}
                     .join(u'\t');
    }
    return lines.join(u'\n');
}

}  // namespace amr::ui
