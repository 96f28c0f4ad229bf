#pragma once
// The options of one stage before it is queued: a form built from the stage registry's
// defaults for the chosen preset, validated by the engine's check() on OK (its message is shown
// under the form, naming the option at fault), the last values remembered per stage
// (QSettings "console/<stage>"), and the device the stage will use.

#include <QDialog>
#include <QString>

#include "engine/pipeline/stages.h"

class QComboBox;
class QLabel;

namespace amr::ui {

class OptionsForm;

class StageOptionsDialog : public QDialog {
    Q_OBJECT
public:
    StageOptionsDialog(const QString& stage, const amr::pipeline::ProjectPaths& paths,
                       QWidget* parent = nullptr);

    QString stage() const { return m_stage; }
    QString preset() const;
    void setPreset(const QString& preset);
    // The form's values (JSON object); valid after accept().
    QString optionsJson() const;
    OptionsForm* form() const { return m_form; }
    QString errorText() const;
    // Values (JSON object) set over the preset's and the remembered ones, also after a change
    // of preset, until Restore Defaults: e.g. the α tuned in the CAM viewer.
    void setOverrides(const QString& json);

    // Validates with the engine; on success remembers the values and closes.
    void accept() override;

private:
    void loadPreset(const QString& preset, bool withSaved);

    QString m_overrides;
    QString m_stage;
    amr::pipeline::ProjectPaths m_paths;
    QComboBox* m_preset;
    OptionsForm* m_form;
    QLabel* m_error;
};

}  // namespace amr::ui
