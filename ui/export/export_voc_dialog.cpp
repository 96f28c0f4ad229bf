#include "ui/export/export_voc_dialog.h"

#include <QAbstractItemModel>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

#include "engine/core/error.h"

namespace amr::ui {
namespace {

const char* kExportVocGroup = "exportVoc";

}  // namespace

QString ExportVocDialog::versionLabel(const QString& v) {
    if (v == QLatin1String("human"))
        return ExportVocDialog::tr("edited and accepted by a person");
    if (v == QLatin1String("refined"))
        return ExportVocDialog::tr("AMR CAMs refined by IRNet");
    if (v == QLatin1String("deeplab"))
        return ExportVocDialog::tr("predicted by DeepLab");
    if (v == QLatin1String("cam"))
        return ExportVocDialog::tr("thresholded CAMs");
    if (v == QLatin1String("imported"))
        return ExportVocDialog::tr("imported from another tool");
    return ExportVocDialog::tr("the dataset's ground truth");
}

namespace {

// The versions that come from folders (gt is built in).
QStringList folderVersions() {
    QStringList list = defaultPriorityOrder();
    list.removeAll(QStringLiteral("gt"));
    return list;
}

QString existingHelp(amr::voc::ExistingOutput mode) {
    switch (mode) {
        case amr::voc::ExistingOutput::Refuse:
            return ExportVocDialog::tr(
                "If the folder already holds files, stop with an error and change nothing.");
        case amr::voc::ExistingOutput::Update:
            return ExportVocDialog::tr(
                "Keep the files there; write new and changed images only. Also resumes an "
                "interrupted export.");
        case amr::voc::ExistingOutput::Overwrite:
            return ExportVocDialog::tr(
                "First delete the previous export in VOCdevkit/VOC2012 (JPEGImages, "
                "SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, "
                "classes.txt, labels.txt); other files stay.");
    }
    return {};
}

QPushButton* smallButton(const QString& text, const char* name, QWidget* parent) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    b->setAutoDefault(false);
    return b;
}

}  // namespace

ExportVocDialog::ExportVocDialog(std::shared_ptr<const amr::data::Dataset> dataset, QWidget* parent)
    : ExportVocDialog(std::move(dataset), nullptr, parent) {}

ExportVocDialog::ExportVocDialog(std::shared_ptr<const amr::data::Dataset> dataset,
                                 std::shared_ptr<const ProjectExportInfo> project, QWidget* parent)
    : QDialog(parent),
      m_dataset(std::move(dataset)),
      m_project(std::move(project)),
      m_output(new QLineEdit(this)),
      m_versions(new QTableWidget(0, 2, this)),
      m_groundTruth(new QCheckBox(tr("Dataset ground truth (gt)"), this)),
      m_priority(new QListWidget(this)),
      m_onlyIds(new QLineEdit(this)),
      m_aug(new QCheckBox(tr("Also write SegmentationClassAug/ and train_aug.txt"), this)),
      m_unmasked(new QCheckBox(tr("Include images without a mask (image and XML only)"), this)),
      m_skipBad(new QCheckBox(tr("Skip images with a bad mask instead of stopping"), this)),
      m_existing(new QButtonGroup(this)),
      m_existingHelp(new QLabel(this)),
      m_error(new QLabel(this)) {
    setWindowTitle(tr("Export to PASCAL VOC"));
    m_output->setObjectName(QStringLiteral("outputEdit"));
    m_versions->setObjectName(QStringLiteral("versionTable"));
    m_groundTruth->setObjectName(QStringLiteral("groundTruthCheck"));
    m_priority->setObjectName(QStringLiteral("priorityList"));
    m_onlyIds->setObjectName(QStringLiteral("onlyIdsEdit"));
    m_aug->setObjectName(QStringLiteral("augCheck"));
    m_unmasked->setObjectName(QStringLiteral("unmaskedCheck"));
    m_skipBad->setObjectName(QStringLiteral("skipBadCheck"));
    m_error->setObjectName(QStringLiteral("errorLabel"));

    auto* layout = new QVBoxLayout(this);

    auto* outputBox =
        new QGroupBox(tr("Output folder (VOCdevkit/VOC2012 is created inside)"), this);
    auto* outputRow = new QHBoxLayout(outputBox);
    m_output->setPlaceholderText(tr("Choose a folder…"));
    outputRow->addWidget(m_output, 1);
    auto* browseOut = smallButton(tr("Browse…"), "browseOutputButton", outputBox);
    outputRow->addWidget(browseOut);
    layout->addWidget(outputBox);

    auto* masksBox = new QGroupBox(tr("Masks"), this);
    auto* masksGrid = new QHBoxLayout(masksBox);
    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Mask version folders (<id>.png):"), masksBox));
    m_versions->setHorizontalHeaderLabels({tr("Version"), tr("Folder")});
    m_versions->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_versions->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_versions->verticalHeader()->hide();
    m_versions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_versions->setMinimumWidth(420);
    left->addWidget(m_versions, 1);
    auto* tableButtons = new QHBoxLayout;
    auto* add = smallButton(tr("Add Folder…"), "addVersionButton", masksBox);
    auto* remove = smallButton(tr("Remove"), "removeVersionButton", masksBox);
    tableButtons->addWidget(add);
    tableButtons->addWidget(remove);
    tableButtons->addStretch(1);
    left->addLayout(tableButtons);
    left->addWidget(m_groundTruth);
    masksGrid->addLayout(left, 3);

    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Priority (first version with a mask wins):"), masksBox));
    m_priority->setDragDropMode(QAbstractItemView::InternalMove);
    m_priority->setDefaultDropAction(Qt::MoveAction);
    m_priority->setToolTip(tr("Drag to reorder. Greyed versions have no masks and are skipped."));
    right->addWidget(m_priority, 1);
    auto* moveRow = new QHBoxLayout;
    auto* up = smallButton(tr("Move Up"), "priorityUpButton", masksBox);
    auto* down = smallButton(tr("Move Down"), "priorityDownButton", masksBox);
    moveRow->addWidget(up);
    moveRow->addWidget(down);
    moveRow->addStretch(1);
    right->addLayout(moveRow);
    masksGrid->addLayout(right, 2);
    layout->addWidget(masksBox, 1);

    auto* imagesBox = new QGroupBox(tr("Images"), this);
    auto* imagesLayout = new QVBoxLayout(imagesBox);
    auto* idsWidget = new QWidget(imagesBox);
    auto* idsRow = new QHBoxLayout(idsWidget);
    idsRow->setContentsMargins(0, 0, 0, 0);
    idsRow->addWidget(new QLabel(tr("Only images listed in:"), imagesBox));
    m_onlyIds->setPlaceholderText(tr("all images (optional: a file of image ids, one a line)"));
    idsRow->addWidget(m_onlyIds, 1);
    auto* browseIds = smallButton(tr("Browse…"), "browseOnlyIdsButton", imagesBox);
    idsRow->addWidget(browseIds);
    imagesLayout->addWidget(idsWidget);
    idsWidget->setVisible(!m_project);  // a project selects by review status instead
    imagesLayout->addWidget(m_aug);
    imagesLayout->addWidget(m_unmasked);
    imagesLayout->addWidget(m_skipBad);
    layout->addWidget(imagesBox);

    auto* existingBox = new QGroupBox(tr("If the output folder is not empty"), this);
    auto* existingLayout = new QVBoxLayout(existingBox);
    auto* radios = new QHBoxLayout;
    const std::pair<amr::voc::ExistingOutput, QString> modes[] = {
        {amr::voc::ExistingOutput::Refuse, tr("&Refuse")},
        {amr::voc::ExistingOutput::Update, tr("&Update")},
        {amr::voc::ExistingOutput::Overwrite, tr("&Overwrite")}};
    for (const auto& [mode, text] : modes) {
        auto* radio = new QRadioButton(text, existingBox);
        radio->setObjectName(QStringLiteral("existing%1").arg(int(mode)));
        m_existing->addButton(radio, int(mode));
        radios->addWidget(radio);
    }
    radios->addStretch(1);
    existingLayout->addLayout(radios);
    m_existingHelp->setWordWrap(true);
    existingLayout->addWidget(m_existingHelp);
    layout->addWidget(existingBox);

    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    m_error->hide();
    layout->addWidget(m_error);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ExportVocDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browseOut, &QPushButton::clicked, this, &ExportVocDialog::browseOutput);
    connect(browseIds, &QPushButton::clicked, this, &ExportVocDialog::browseOnlyIds);
    connect(add, &QPushButton::clicked, this, &ExportVocDialog::browseVersionFolder);
    connect(remove, &QPushButton::clicked, this, &ExportVocDialog::removeVersionRow);
    connect(up, &QPushButton::clicked, this, [this] { movePriority(-1); });
    connect(down, &QPushButton::clicked, this, [this] { movePriority(+1); });
    connect(m_groundTruth, &QCheckBox::toggled, this, &ExportVocDialog::refreshPriorityItems);
    connect(m_versions, &QTableWidget::itemChanged, this, &ExportVocDialog::refreshPriorityItems);
    connect(m_priority->model(), &QAbstractItemModel::rowsMoved, this,
            &ExportVocDialog::refreshPriorityItems);
    connect(m_existing, &QButtonGroup::idToggled, this, [this](int id, bool on) {
        if (on)
            m_existingHelp->setText(existingHelp(amr::voc::ExistingOutput(id)));
    });

    if (m_project) {
        setWindowTitle(tr("Export Project to PASCAL VOC"));
        buildProjectWidgets(layout, masksBox);
    }
    loadSettings();
    resize(sizeHint().expandedTo(QSize(820, 640)));
}

VocExportChoices ExportVocDialog::choices() const {
    VocExportChoices c;
    c.output = m_output->text().trimmed();
    for (int row = 0; row < m_versions->rowCount(); ++row) {
        auto* combo = qobject_cast<QComboBox*>(m_versions->cellWidget(row, 0));
        const QTableWidgetItem* item = m_versions->item(row, 1);
        c.versionFolders.append(
            {combo ? combo->currentText() : QString(), item ? item->text().trimmed() : QString()});
    }
    c.useGroundTruth = m_groundTruth->isChecked();
    for (int row = 0; row < m_priority->count(); ++row)
        c.priority << m_priority->item(row)->data(Qt::UserRole).toString();
    c.onlyIdsFile = m_onlyIds->text().trimmed();
    c.writeAug = m_aug->isChecked();
    c.includeUnmasked = m_unmasked->isChecked();
    c.skipBad = m_skipBad->isChecked();
    c.existing = amr::voc::ExistingOutput(m_existing->checkedId());
    if (m_project) {
        c.projectDir = m_project->projectDir;
        for (int row = 0; row < m_projectVersions->count(); ++row) {
            const QListWidgetItem* item = m_projectVersions->item(row);
            if (item->checkState() == Qt::Checked)
                c.projectVersions << item->data(Qt::UserRole).toString();
        }
        if (m_statusFilter->isChecked())
            for (int i = 0; i < m_statusChecks.size(); ++i)
                if (m_statusChecks[i]->isChecked())
                    c.onlyStatuses.push_back(allReviewStatuses()[std::size_t(i)]);
    }
    return c;
}

void ExportVocDialog::setChoices(const VocExportChoices& c) {
    m_output->setText(c.output);
    m_versions->setRowCount(0);
    for (const auto& [version, folder] : c.versionFolders)
        addVersionFolder(version, folder);
    m_groundTruth->setChecked(c.useGroundTruth);
    QStringList order = c.priority;
    for (const QString& v : defaultPriorityOrder())
        if (!order.contains(v))
            order << v;
    m_priority->clear();
    for (const QString& v : order) {
        if (!defaultPriorityOrder().contains(v))
            continue;  // a name from an older version of the settings
        auto* item = new QListWidgetItem(v, m_priority);
        item->setData(Qt::UserRole, v);
    }
    m_onlyIds->setText(c.onlyIdsFile);
    m_aug->setChecked(c.writeAug);
    m_unmasked->setChecked(c.includeUnmasked);
    m_skipBad->setChecked(c.skipBad);
    if (QAbstractButton* b = m_existing->button(int(c.existing)))
        b->setChecked(true);
    m_existingHelp->setText(existingHelp(c.existing));
    refreshPriorityItems();
    if (m_project)
        setProjectChoices(c);
}

void ExportVocDialog::addVersionFolder(const QString& version, const QString& folder) {
    const int row = m_versions->rowCount();
    m_versions->insertRow(row);
    auto* combo = new QComboBox(m_versions);
    combo->addItems(folderVersions());
    combo->setCurrentText(version);
    m_versions->setCellWidget(row, 0, combo);
    auto* item = new QTableWidgetItem(QDir::toNativeSeparators(folder));
    item->setToolTip(tr("Double-click to edit the path"));
    m_versions->setItem(row, 1, item);
    connect(combo, &QComboBox::currentTextChanged, this, &ExportVocDialog::refreshPriorityItems);
    refreshPriorityItems();
}

QString ExportVocDialog::errorText() const {
    return m_error->isHidden() ? QString() : m_error->text();
}

void ExportVocDialog::showError(const QString& text) {
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void ExportVocDialog::accept() {
    const VocExportChoices c = choices();
    if (m_project && m_statusFilter->isChecked() && c.onlyStatuses.empty()) {
        m_plan.reset();
        showError(tr("Tick at least one review status, or export images of any status."));
        return;
    }
    if (m_project && !c.projectVersions.isEmpty() && !projectHasMasks(c.projectVersions)) {
        m_plan.reset();
        showError(tr("None of the ticked mask versions has masks in this project."));
        return;
    }
    try {
        m_plan = makeExportPlan(c, m_dataset);
    } catch (const std::exception& e) {
        m_plan.reset();
        showError(QString::fromStdString(e.what()));
        return;
    }
    showError({});
    if (c.existing == amr::voc::ExistingOutput::Overwrite) {
        const QString root =
            QString::fromStdString(amr::voc::voc_export_root(m_plan->options.output).string());
        if (QDir(root).exists() && !QDir(root).isEmpty()) {
            const QString question =
                tr("Delete the previous export in %1 before exporting?\n\nThese are deleted: "
                   "JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, "
                   "ImageSets/Segmentation, classes.txt and labels.txt. Other files stay.")
                    .arg(QDir::toNativeSeparators(root));
            const bool yes = m_confirm
                                 ? m_confirm(question)
                                 : QMessageBox::warning(this, tr("Overwrite the Export?"), question,
                                                        QMessageBox::Yes | QMessageBox::Cancel,
                                                        QMessageBox::Cancel) == QMessageBox::Yes;
            if (!yes) {
                m_plan.reset();
                return;
            }
        }
    }
    saveSettings();
    QDialog::accept();
}

void ExportVocDialog::browseOutput() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Export Into Folder"), m_output->text());
    if (!dir.isEmpty())
        m_output->setText(QDir::toNativeSeparators(dir));
}

void ExportVocDialog::browseVersionFolder() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Folder of Masks (<id>.png)"),
        m_dataset ? QString::fromStdString(m_dataset->root().string()) : QString());
    if (dir.isEmpty())
        return;
    QStringList unused = folderVersions();
    for (const auto& [version, folder] : choices().versionFolders)
        unused.removeAll(version);
    addVersionFolder(unused.isEmpty() ? QStringLiteral("imported") : unused.first(), dir);
}

void ExportVocDialog::browseOnlyIds() {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("List of Image Ids"), m_onlyIds->text(), tr("Text files (*.txt);;All files (*)"));
    if (!file.isEmpty())
        m_onlyIds->setText(QDir::toNativeSeparators(file));
}

void ExportVocDialog::removeVersionRow() {
    const int row = m_versions->currentRow();
    if (row < 0)
        return;
    m_versions->removeRow(row);
    refreshPriorityItems();
}

void ExportVocDialog::movePriority(int delta) {
    const int row = m_priority->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_priority->count())
        return;
    QListWidgetItem* item = m_priority->takeItem(row);
    m_priority->insertItem(to, item);
    m_priority->setCurrentRow(to);
    refreshPriorityItems();
}

void ExportVocDialog::refreshPriorityItems() {
    const QStringList used = effectivePriority(choices());
    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    for (int row = 0; row < m_priority->count(); ++row) {
        QListWidgetItem* item = m_priority->item(row);
        const QString v = item->data(Qt::UserRole).toString();
        const int rank = int(used.indexOf(v));
        item->setText(rank >= 0 ? tr("%1. %2 — %3").arg(rank + 1).arg(v, versionLabel(v))
                                : tr("%1 — no masks, skipped").arg(v));
        item->setForeground(rank >= 0 ? palette().color(QPalette::Text) : grey);
    }
}

void ExportVocDialog::loadSettings() {
    QSettings s;
    s.beginGroup(QLatin1String(kExportVocGroup));
    VocExportChoices c;
    c.output = s.value(QStringLiteral("output")).toString();
    for (const QString& spec : s.value(QStringLiteral("versionFolders")).toStringList()) {
        const qsizetype eq = spec.indexOf(u'=');
        if (eq > 0)
            c.versionFolders.append({spec.left(eq), spec.mid(eq + 1)});
    }
    const bool hasMasks = m_dataset && m_dataset->count_with_mask() > 0;
    c.useGroundTruth = s.value(QStringLiteral("useGroundTruth"), hasMasks).toBool();
    c.priority = s.value(QStringLiteral("priority"), defaultPriorityOrder()).toStringList();
    c.onlyIdsFile = s.value(QStringLiteral("onlyIds")).toString();
    c.writeAug = s.value(QStringLiteral("writeAug"), false).toBool();
    c.includeUnmasked = s.value(QStringLiteral("includeUnmasked"), false).toBool();
    c.skipBad = s.value(QStringLiteral("skipBad"), false).toBool();
    if (m_project) {
        QStringList defaults;
        for (const auto& v : amr::voc::default_mask_priority())
            defaults << QString::fromStdString(v);
        c.projectDir = m_project->projectDir;
        c.projectVersions = s.value(QStringLiteral("projectVersions"), defaults).toStringList();
        if (s.value(QStringLiteral("statusFilter"), false).toBool())
            for (const QString& name : s.value(QStringLiteral("statuses")).toStringList())
                for (auto status : allReviewStatuses())
                    if (reviewStatusName(status) == name)
                        c.onlyStatuses.push_back(status);
    }
    const int existing = s.value(QStringLiteral("existing"), 0).toInt();
    c.existing = existing >= 0 && existing <= 2 ? amr::voc::ExistingOutput(existing)
                                                : amr::voc::ExistingOutput::Refuse;
    setChoices(c);
}

void ExportVocDialog::saveSettings() const {
    const VocExportChoices c = choices();
    QSettings s;
    s.beginGroup(QLatin1String(kExportVocGroup));
    s.setValue(QStringLiteral("output"), c.output);
    QStringList specs;
    for (const auto& [version, folder] : c.versionFolders)
        specs << version + u'=' + folder;
    s.setValue(QStringLiteral("versionFolders"), specs);
    s.setValue(QStringLiteral("useGroundTruth"), c.useGroundTruth);
    s.setValue(QStringLiteral("priority"), c.priority);
    s.setValue(QStringLiteral("onlyIds"), c.onlyIdsFile);
    s.setValue(QStringLiteral("writeAug"), c.writeAug);
    s.setValue(QStringLiteral("includeUnmasked"), c.includeUnmasked);
    s.setValue(QStringLiteral("skipBad"), c.skipBad);
    s.setValue(QStringLiteral("existing"), int(c.existing));
    if (m_project) {
        s.setValue(QStringLiteral("projectVersions"), c.projectVersions);
        s.setValue(QStringLiteral("statusFilter"), m_statusFilter->isChecked());
        QStringList statuses;
        for (auto status : c.onlyStatuses)
            statuses << reviewStatusName(status);
        s.setValue(QStringLiteral("statuses"), statuses);
    }
}

}  // namespace amr::ui
