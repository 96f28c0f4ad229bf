#pragma once
// The presets as the GUI lists them: each with what it is for, "demo" first (the default), and
// "quick" named for what it is, a smoke test whose CAMs stay blank.

#include <QString>

class QComboBox;

namespace amr::ui {

// The preset every GUI dialog starts on.
inline constexpr const char* kDefaultPreset = "demo";

// "demo — ImageNet ResNet-50, minutes on a CPU" etc. (translated); the name itself when unknown.
QString presetLabel(const QString& preset);
// Fills `combo` with the presets (item data = preset name) and selects `current` (the default
// preset when empty or unknown).
void fillPresetCombo(QComboBox* combo, const QString& current = {});

}  // namespace amr::ui
