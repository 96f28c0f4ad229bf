#pragma once
// Help > About: version and licences.

class QWidget;

namespace amr::ui {

void showAboutDialog(QWidget* parent);

}  // namespace amr::ui
