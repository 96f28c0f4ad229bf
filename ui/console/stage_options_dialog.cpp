#include "ui/console/stage_options_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QVBoxLayout>

#include "engine/core/error.h"
#include "ui/console/options_form.h"
#include "ui/console/stage_names.h"
#include "ui/console/preset_labels.h"

namespace amr::ui {

namespace {
QString settingsGroup(const QString& stage) {
    return QStringLiteral("console/") + stage;
}
}  // namespace

StageOptionsDialog::StageOptionsDialog(const QString& stage,
                                       const amr::pipeline::ProjectPaths& paths, QWidget* parent)
    : QDialog(parent),
      m_stage(stage),
      m_paths(paths),
      m_preset(new QComboBox(this)),
      m_form(new OptionsForm(this)),
      m_error(new QLabel(this)) {
    const auto& info = amr::pipeline::stage(stage.toStdString());
    setWindowTitle(tr("Run %1").arg(stageTitle(info.name)));
    setObjectName(QStringLiteral("stageOptionsDialog"));

    auto* top = new QFormLayout;
    fillPresetCombo(m_preset);
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    top->addRow(tr("Preset"), m_preset);
    auto* device = new QLabel(QString::fromStdString(amr::pipeline::compute_device()), this);
    device->setObjectName(QStringLiteral("deviceLabel"));
    top->addRow(tr("Device"), device);
    auto* about = new QLabel(stageDescription(info.name), this);
    about->setWordWrap(true);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_form);
    scroll->setMinimumHeight(320);

    m_error->setObjectName(QStringLiteral("optionsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to Queue"));
    connect(buttons, &QDialogButtonBox::accepted, this, &StageOptionsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] {
                m_overrides.clear();
                loadPreset(preset(), false);
            });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addLayout(top);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(460, 560);

    QSettings settings;
    const QString saved = settings
                              .value(settingsGroup(stage) + QStringLiteral("/preset"),
                                     QString::fromLatin1(kDefaultPreset))
                              .toString();
    fillPresetCombo(m_preset, saved);
    loadPreset(preset(), true);
    connect(m_preset, &QComboBox::currentIndexChanged, this,
            [this](int) { loadPreset(preset(), false); });
    connect(m_form, &OptionsForm::edited, m_error, &QLabel::hide);
}

QString StageOptionsDialog::preset() const {
    return m_preset->currentData().toString();
}

void StageOptionsDialog::setPreset(const QString& preset) {
    m_preset->setCurrentIndex(m_preset->findData(preset));
}

QString StageOptionsDialog::optionsJson() const {
    return m_form->json();
}

QString StageOptionsDialog::errorText() const {
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

void StageOptionsDialog::loadPreset(const QString& preset, bool withSaved) {
    const auto& info = amr::pipeline::stage(m_stage.toStdString());
    m_form->setOptions(QString::fromStdString(info.defaults(preset.toStdString())));
    QSettings settings;
    const QString group = settingsGroup(m_stage);
    if (withSaved && settings.value(group + QStringLiteral("/preset")).toString() == preset)
        m_form->applyValues(settings.value(group + QStringLiteral("/options")).toString());
    if (!m_overrides.isEmpty())
        m_form->applyValues(m_overrides);
    m_error->hide();
}

void StageOptionsDialog::setOverrides(const QString& json) {
    m_overrides = json;
    m_form->applyValues(json);
}

void StageOptionsDialog::accept() {
    const auto& info = amr::pipeline::stage(m_stage.toStdString());
    try {
        info.validate(preset().toStdString(), optionsJson().toStdString(), m_paths);
    } catch (const amr::Error& e) {
        m_error->setText(QString::fromStdString(e.what()));
        m_error->show();
        return;
    }
    QSettings settings;
    settings.setValue(settingsGroup(m_stage) + QStringLiteral("/preset"), preset());
    settings.setValue(settingsGroup(m_stage) + QStringLiteral("/options"), optionsJson());
    QDialog::accept();
}

}  // namespace amr::ui
