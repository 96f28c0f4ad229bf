// ExportVocDialog's project mode: the project's mask versions with their counts (tick and
// reorder), the review-status filter and the plan line. See export_voc_dialog.h.

#include "ui/export/export_voc_dialog.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <algorithm>

namespace amr::ui {
namespace {

using amr::project::ReviewStatus;

QString statusLabel(ReviewStatus status) {
    switch (status) {
        case ReviewStatus::New:
            return ExportVocDialog::tr("New");
        case ReviewStatus::Accepted:
            return ExportVocDialog::tr("Accepted");
        case ReviewStatus::Corrected:
            return ExportVocDialog::tr("Corrected");
        case ReviewStatus::NeedsWork:
            return ExportVocDialog::tr("Needs work");
    }
    return {};
}

std::size_t maskCount(const ProjectExportInfo& info, const QString& version) {
    if (version == QLatin1String("gt"))
        return info.groundTruthIds.size();
    auto it = info.maskCounts.find(version.toStdString());
    return it == info.maskCounts.end() ? 0 : it->second;
}

}  // namespace

void ExportVocDialog::buildProjectWidgets(QVBoxLayout* layout, QGroupBox* masksBox) {
    masksBox->hide();  // the folders and their priority: the project replaces both
    const int at = layout->indexOf(masksBox);

    auto* versionsBox = new QGroupBox(
        tr("Mask versions of the project (first ticked version with a mask wins)"), this);
    auto* versionsRow = new QHBoxLayout(versionsBox);
    m_projectVersions = new QListWidget(versionsBox);
    m_projectVersions->setObjectName(QStringLiteral("projectVersionList"));
    m_projectVersions->setDragDropMode(QAbstractItemView::InternalMove);
    m_projectVersions->setDefaultDropAction(Qt::MoveAction);
    m_projectVersions->setToolTip(
        tr("Drag to reorder; untick a version to leave its masks out of the export."));
    versionsRow->addWidget(m_projectVersions, 1);
    auto* moveColumn = new QVBoxLayout;
    auto* up = new QPushButton(tr("Move Up"), versionsBox);
    auto* down = new QPushButton(tr("Move Down"), versionsBox);
    up->setObjectName(QStringLiteral("projectUpButton"));
    down->setObjectName(QStringLiteral("projectDownButton"));
    up->setAutoDefault(false);
    down->setAutoDefault(false);
    moveColumn->addWidget(up);
    moveColumn->addWidget(down);
    moveColumn->addStretch(1);
    versionsRow->addLayout(moveColumn);
    layout->insertWidget(at + 1, versionsBox, 1);

    auto* statusBox = new QGroupBox(tr("Review status"), this);
    auto* statusRow = new QHBoxLayout(statusBox);
    m_statusFilter = new QCheckBox(tr("Only images that are:"), statusBox);
    m_statusFilter->setObjectName(QStringLiteral("statusFilterCheck"));
    m_statusFilter->setToolTip(
        tr("Unticked: every image of the dataset, whatever its review status."));
    statusRow->addWidget(m_statusFilter);
    for (ReviewStatus status : allReviewStatuses()) {
        auto* check = new QCheckBox(statusLabel(status), statusBox);
        check->setObjectName(QStringLiteral("status-%1").arg(reviewStatusName(status)));
        check->setEnabled(false);
        m_statusChecks << check;
        statusRow->addWidget(check);
        connect(check, &QCheckBox::toggled, this, &ExportVocDialog::refreshProjectItems);
    }
    statusRow->addStretch(1);
    layout->insertWidget(at + 2, statusBox);

    m_planLabel = new QLabel(this);
    m_planLabel->setObjectName(QStringLiteral("planLabel"));
    m_planLabel->setWordWrap(true);
    m_planLabel->setTextFormat(Qt::PlainText);
    m_planLabel->setStyleSheet(QStringLiteral("font-weight: bold;"));
    layout->insertWidget(layout->indexOf(m_error), m_planLabel);  // right above Export

    connect(up, &QPushButton::clicked, this, [this] { moveProjectVersion(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveProjectVersion(+1); });
    connect(m_statusFilter, &QCheckBox::toggled, this, [this](bool on) {
        for (QCheckBox* check : m_statusChecks)
            check->setEnabled(on);
        refreshProjectItems();
    });
    connect(m_projectVersions, &QListWidget::itemChanged, this,
            &ExportVocDialog::refreshProjectItems);
    connect(m_projectVersions->model(), &QAbstractItemModel::rowsMoved, this,
            &ExportVocDialog::refreshProjectItems);
    connect(m_unmasked, &QCheckBox::toggled, this, &ExportVocDialog::refreshProjectItems);
}

void ExportVocDialog::setProjectChoices(const VocExportChoices& c) {
    // Ticked versions in the chosen order, then the others of the usual order: the four
    // defaults always (so they can be ticked before they have masks), the rest when they have
    // masks.
    QStringList order;
    for (const QString& v : c.projectVersions)
        if (defaultPriorityOrder().contains(v) && !order.contains(v))
            order << v;
    QStringList offered;
    for (const auto& v : amr::voc::default_mask_priority())
        offered << QString::fromStdString(v);
    for (const QString& v : defaultPriorityOrder())
        if (!order.contains(v) && (offered.contains(v) || maskCount(*m_project, v) > 0))
            order << v;
    {
        const QSignalBlocker block(m_projectVersions);
        m_projectVersions->clear();
        for (const QString& v : order) {
            auto* item = new QListWidgetItem(v, m_projectVersions);
            item->setData(Qt::UserRole, v);
            Qt::ItemFlags flags = item->flags() | Qt::ItemIsUserCheckable;
            flags.setFlag(Qt::ItemIsDropEnabled, false);  // drop between items, not onto them
            item->setFlags(flags);
            item->setCheckState(c.projectVersions.contains(v) ? Qt::Checked : Qt::Unchecked);
        }
    }
    const QSignalBlocker blockFilter(m_statusFilter);
    m_statusFilter->setChecked(!c.onlyStatuses.empty());
    for (int i = 0; i < m_statusChecks.size(); ++i) {
        const ReviewStatus status = allReviewStatuses()[std::size_t(i)];
        const bool on = c.onlyStatuses.empty()
                            ? status == ReviewStatus::Accepted || status == ReviewStatus::Corrected
                            : std::find(c.onlyStatuses.begin(), c.onlyStatuses.end(), status) !=
                                  c.onlyStatuses.end();
        const QSignalBlocker block(m_statusChecks[i]);
        m_statusChecks[i]->setChecked(on);
        m_statusChecks[i]->setEnabled(m_statusFilter->isChecked());
    }
    refreshProjectItems();
}

void ExportVocDialog::moveProjectVersion(int delta) {
    const int row = m_projectVersions->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_projectVersions->count())
        return;
    const QSignalBlocker block(m_projectVersions);
    QListWidgetItem* item = m_projectVersions->takeItem(row);
    m_projectVersions->insertItem(to, item);
    m_projectVersions->setCurrentRow(to);
    refreshProjectItems();
}

void ExportVocDialog::refreshProjectItems() {
    if (!m_project || !m_projectVersions)
        return;
    const QSignalBlocker block(m_projectVersions);  // setText would call us again
    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    int rank = 0;
    for (int row = 0; row < m_projectVersions->count(); ++row) {
        QListWidgetItem* item = m_projectVersions->item(row);
        const QString v = item->data(Qt::UserRole).toString();
        const auto n = maskCount(*m_project, v);
        const bool used = item->checkState() == Qt::Checked && n > 0;
        const QString count = n ? tr("%n masks", nullptr, int(n)) : tr("no masks");
        item->setText(used ? tr("%1. %2 — %3 (%4)").arg(++rank).arg(v, count, versionLabel(v))
                      : item->checkState() == Qt::Checked
                          ? tr("%1 — no masks, skipped").arg(v)
                          : tr("%1 — %2, not exported").arg(v, count));
        item->setForeground(used ? palette().color(QPalette::Text) : grey);
    }
    if (m_planLabel)
        m_planLabel->setText(planText());
}

bool ExportVocDialog::projectHasMasks(const QStringList& versions) const {
    return std::any_of(versions.begin(), versions.end(),
                       [this](const QString& v) { return maskCount(*m_project, v) > 0; });
}

QString ExportVocDialog::planText() const {
    if (!m_project)
        return {};
    const VocExportChoices c = choices();
    if (c.projectVersions.isEmpty())
        return tr("Tick at least one mask version to export.");
    if (m_statusFilter->isChecked() && c.onlyStatuses.empty())
        return tr("No review status ticked: nothing to export.");
    return describeProjectPlan(*m_project, c.projectVersions, c.onlyStatuses, c.includeUnmasked);
}

}  // namespace amr::ui
