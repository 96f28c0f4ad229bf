#pragma once
// The engine's progress messages (English, no Qt) in the interface language: the fixed words
// ("reading", "done"), the pipeline's "[i/n] stage: …" prefix, the training "epoch i/n  loss …"
// line and "… (skipped)". Anything else (an image id, a file name) is shown as it is.

#include <QString>

namespace amr::ui {

QString progressText(const QString& engineMessage);

}  // namespace amr::ui
