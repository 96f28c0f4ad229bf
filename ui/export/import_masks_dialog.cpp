#include "ui/export/import_masks_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace amr::ui {
namespace {

const char* kImportMasksGroup = "importMasks";

std::filesystem::path trimmedPath(const QString& s) {
    return std::filesystem::path(s.trimmed().toStdU16String());
}

QWidget* withBrowse(QLineEdit* edit, QPushButton* button, QWidget* parent) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    button->setAutoDefault(false);
    return row;
}

}  // namespace

ImportMasksDialog::ImportMasksDialog(std::shared_ptr<const amr::data::Dataset> dataset,
                                     QWidget* parent)
    : QDialog(parent),
      m_dataset(std::move(dataset)),
      m_source(new QLineEdit(this)),
      m_version(new QComboBox(this)),
      m_output(new QLineEdit(this)),
      m_update(new QCheckBox(tr("Add to a non-empty folder (masks with the same id are "
                                "replaced, others kept)"),
                             this)),
      m_error(new QLabel(this)) {
    setWindowTitle(tr("Import Masks"));
    m_source->setObjectName(QStringLiteral("sourceEdit"));
    m_version->setObjectName(QStringLiteral("versionCombo"));
    m_output->setObjectName(QStringLiteral("outputEdit"));
    m_update->setObjectName(QStringLiteral("updateCheck"));
    m_error->setObjectName(QStringLiteral("errorLabel"));

    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("Brings existing label masks in as a mask version: a VOC dataset (its "
           "SegmentationClass), a SegmentationClass folder, or a folder of <id>.png in palette "
           "or 8-bit grayscale. RGB masks are refused: their pixels are colours, not classes."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    auto* browseSource = new QPushButton(tr("Browse…"), this);
    auto* browseOutput = new QPushButton(tr("Browse…"), this);
    form->addRow(tr("Masks from:"), withBrowse(m_source, browseSource, this));
    m_version->addItems({QStringLiteral("imported"), QStringLiteral("human"),
                         QStringLiteral("refined"), QStringLiteral("deeplab"),
                         QStringLiteral("cam")});
    form->addRow(tr("Import as version:"), m_version);
    form->addRow(tr("Into folder:"), withBrowse(m_output, browseOutput, this));
    form->addRow(QString(), m_update);
    layout->addLayout(form);

    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    m_error->hide();
    layout->addWidget(m_error);
    layout->addStretch(1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ImportMasksDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browseSource, &QPushButton::clicked, this, &ImportMasksDialog::browseSource);
    connect(browseOutput, &QPushButton::clicked, this, &ImportMasksDialog::browseOutput);
    connect(m_version, &QComboBox::currentTextChanged, this, &ImportMasksDialog::suggestOutput);

    QSettings s;
    s.beginGroup(QLatin1String(kImportMasksGroup));
    m_source->setText(s.value(QStringLiteral("source")).toString());
    m_version->setCurrentText(
        s.value(QStringLiteral("version"), QStringLiteral("imported")).toString());
    m_update->setChecked(s.value(QStringLiteral("update"), false).toBool());
    suggestOutput();
    resize(sizeHint().expandedTo(QSize(680, 260)));
}

void ImportMasksDialog::suggestOutput() {
    // Version folders sit next to the dataset until the project database holds them.
    const QString current = m_output->text().trimmed();
    if (!m_dataset || (!current.isEmpty() && current != m_suggestion))
        return;  // the user chose a folder
    const QString root = QString::fromStdString(m_dataset->root().string());
    m_suggestion = QDir::toNativeSeparators(
        QDir(root).filePath(QStringLiteral("amr-masks/%1").arg(m_version->currentText())));
    m_output->setText(m_suggestion);
}

amr::voc::MaskImportOptions ImportMasksDialog::options() const {
    amr::voc::MaskImportOptions o;
    o.source = trimmedPath(m_source->text());
    o.dataset = m_dataset.get();
    o.output = trimmedPath(m_output->text());
    o.version = m_version->currentText().toStdString();
    o.update = m_update->isChecked();
    return o;
}

QString ImportMasksDialog::errorText() const {
    return m_error->isHidden() ? QString() : m_error->text();
}

void ImportMasksDialog::accept() {
    try {
        options().check();
    } catch (const std::exception& e) {
        m_error->setText(QString::fromStdString(e.what()));
        m_error->show();
        return;
    }
    m_error->hide();
    QSettings s;
    s.beginGroup(QLatin1String(kImportMasksGroup));
    s.setValue(QStringLiteral("source"), m_source->text().trimmed());
    s.setValue(QStringLiteral("version"), m_version->currentText());
    s.setValue(QStringLiteral("update"), m_update->isChecked());
    QDialog::accept();
}

void ImportMasksDialog::browseSource() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Import Masks From"), m_source->text());
    if (!dir.isEmpty())
        m_source->setText(QDir::toNativeSeparators(dir));
}

void ImportMasksDialog::browseOutput() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Mask Version Folder"), m_output->text());
    if (!dir.isEmpty()) {
        m_output->setText(QDir::toNativeSeparators(dir));
    }
}

}  // namespace amr::ui
