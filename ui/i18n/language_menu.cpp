#include "ui/i18n/language_menu.h"

#include <QActionGroup>
#include <QCoreApplication>
#include <QMenu>

#include "ui/i18n/language.h"

namespace amr::ui {

QMenu* makeLanguageMenu(QWidget* parent, std::function<void(const QString&)> chosen) {
    auto* menu =
        new QMenu(QCoreApplication::translate("amr::ui::LanguageMenu", "&Language"), parent);
    auto* group = new QActionGroup(menu);
    const QString current = storedLanguage();
    for (const LanguageInfo& language : availableLanguages()) {
        QAction* action = menu->addAction(language.nativeName);
        action->setCheckable(true);
        action->setChecked(language.code == current);
        action->setData(language.code);
        group->addAction(action);
        QObject::connect(action, &QAction::triggered, menu, [chosen, code = language.code] {
            if (storedLanguage() != code || installedLanguage() != resolveLanguage(code))
                chosen(code);
        });
    }
    return menu;
}

}  // namespace amr::ui
