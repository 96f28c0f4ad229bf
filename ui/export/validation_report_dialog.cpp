#include "ui/export/validation_report_dialog.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/export/validation_report_model.h"

namespace amr::ui {

ValidationReportDialog::ValidationReportDialog(const amr::voc::VocValidateReport& report,
                                               QWidget* parent)
    : QDialog(parent),
      m_model(new ValidationReportModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_view(new QTableView(this)),
      m_filter(new QComboBox(this)),
      m_summary(new QLabel(this)) {
    setWindowTitle(tr("PASCAL VOC Validation"));
    m_model->setReport(report);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ValidationReportModel::SortRole);
    m_proxy->setFilterRole(ValidationReportModel::SeverityRole);
    m_proxy->setFilterKeyColumn(ValidationReportModel::SeverityColumn);

    auto* layout = new QVBoxLayout(this);
    const bool clean = report.problems.empty();
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setText(ValidationReportModel::summary(report));
    QFont bold = m_summary->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_summary->setFont(bold);
    m_summary->setStyleSheet(clean             ? QStringLiteral("color: #1b7a1b;")
                             : report.errors() ? QStringLiteral("color: #b00020;")
                                               : QStringLiteral("color: #8a5a00;"));
    layout->addWidget(m_summary);
    const QString rootText = QString::fromStdString(report.voc_root.string());
    QString classesFrom = QString::fromStdString(report.classes_from);
    if (classesFrom.startsWith(rootText + u'/'))
        classesFrom = classesFrom.mid(rootText.size() + 1);
    auto* details =
        new QLabel(tr("%1\n%2 masks, %3 annotations, %4 list files; classes from %5 (%6 classes)")
                       .arg(QDir::toNativeSeparators(rootText))
                       .arg(report.masks)
                       .arg(report.annotations)
                       .arg(report.lists)
                       .arg(classesFrom)
                       .arg(report.classes.size()),
                   this);
    details->setObjectName(QStringLiteral("detailsLabel"));
    details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(details);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Show:"), this));
    m_filter->setObjectName(QStringLiteral("severityFilter"));
    m_filter->addItems({tr("All problems"), tr("Errors only"), tr("Warnings only")});
    filterRow->addWidget(m_filter);
    filterRow->addStretch(1);
    auto* copy = new QPushButton(tr("Copy Selected Rows"), this);
    copy->setObjectName(QStringLiteral("copyButton"));
    copy->setAutoDefault(false);
    filterRow->addWidget(copy);
    layout->addLayout(filterRow);

    m_view->setObjectName(QStringLiteral("problemTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ValidationReportModel::SeverityColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(ValidationReportModel::SeverityColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ValidationReportModel::FileColumn,
                                                     QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->resizeColumnToContents(ValidationReportModel::FileColumn);
    m_view->setColumnWidth(ValidationReportModel::FileColumn,
                           std::min(m_view->columnWidth(ValidationReportModel::FileColumn), 360));
    m_view->setToolTip(tr("Double-click a row to open the folder of its file"));
    m_view->setVisible(!clean);
    m_filter->setEnabled(!clean);
    copy->setEnabled(!clean);
    layout->addWidget(m_view, 1);
    if (clean)
        layout->addStretch(1);

    auto* copyAction = new QAction(this);
    copyAction->setShortcut(QKeySequence::Copy);
    m_view->addAction(copyAction);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(copy, &QPushButton::clicked, this, &ValidationReportDialog::copySelection);
    connect(copyAction, &QAction::triggered, this, &ValidationReportDialog::copySelection);
    connect(m_filter, &QComboBox::currentIndexChanged, this,
            &ValidationReportDialog::setSeverityFilter);
    connect(m_view, &QTableView::doubleClicked, this, &ValidationReportDialog::openFolderOf);

    resize(clean ? QSize(640, 200) : QSize(960, 560));
}

QString ValidationReportDialog::summaryText() const {
    return m_summary->text();
}

void ValidationReportDialog::setSeverityFilter(int which) {
    if (m_filter->currentIndex() != which)
        m_filter->setCurrentIndex(which);
    const QString key = which == 1   ? QStringLiteral("error")
                        : which == 2 ? QStringLiteral("warning")
                                     : QString();
    m_proxy->setFilterFixedString(key);
}

void ValidationReportDialog::copySelection() const {
    QList<int> rows;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows())
        rows << m_proxy->mapToSource(index).row();
    std::sort(rows.begin(), rows.end());
    if (!rows.isEmpty())
        QGuiApplication::clipboard()->setText(m_model->rowsAsText(rows));
}

void ValidationReportDialog::openFolderOf(const QModelIndex& index) {
    const QString path = index.data(ValidationReportModel::AbsolutePathRole).toString();
    const QFileInfo info(path);
    QDesktopServices::openUrl(
        QUrl::fromLocalFile(info.isDir() ? info.absoluteFilePath() : info.absolutePath()));
}

}  // namespace amr::ui
