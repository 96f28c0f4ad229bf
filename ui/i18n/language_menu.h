#pragma once
// The View > Language menu: one checkable entry per language, the stored choice checked.

#include <QString>
#include <functional>

class QMenu;
class QWidget;

namespace amr::ui {

// `chosen` is called with the code of the entry the user picks ("" = follow the system).
QMenu* makeLanguageMenu(QWidget* parent, std::function<void(const QString&)> chosen);

}  // namespace amr::ui
