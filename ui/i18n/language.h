#pragma once
// The interface language: English (the source strings), German or Simplified Chinese. The choice
// is kept in QSettings ("ui/language"; empty = follow the system locale). Installing a language
// replaces the application's translators, which sends QEvent::LanguageChange to every widget.

#include <QList>
#include <QString>

namespace amr::ui {

struct LanguageInfo {
    QString code;        // "" (system), "en", "de", "zh_CN"
    QString nativeName;  // as the language calls itself, e.g. "Deutsch"
};

// The choices for a menu, "" (follow the system) first.
QList<LanguageInfo> availableLanguages();
// The stored choice ("" = system).
QString storedLanguage();
void storeLanguage(const QString& code);
// The language a choice resolves to ("" → from QLocale::system(); unknown → "en").
QString resolveLanguage(const QString& code);
// Installs the translators of `code` (after resolveLanguage) and returns the resolved code.
// Needs a QCoreApplication.
QString installLanguage(const QString& code);
// The resolved code currently installed ("en" before any call).
QString installedLanguage();

}  // namespace amr::ui
