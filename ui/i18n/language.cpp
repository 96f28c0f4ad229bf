#include "ui/i18n/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace amr::ui {
namespace {

constexpr const char* kKey = "ui/language";

QTranslator* g_app = nullptr;
QTranslator* g_qt = nullptr;
QString g_installed = QStringLiteral("en");

void removeTranslators() {
    for (QTranslator** t : {&g_app, &g_qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}

}  // namespace

QList<LanguageInfo> availableLanguages() {
    return {
        {QString(), QCoreApplication::translate("amr::ui::Language", "System language")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("de"), QStringLiteral("Deutsch")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
    };
}

QString storedLanguage() {
    return QSettings().value(QLatin1String(kKey)).toString();
}

void storeLanguage(const QString& code) {
    QSettings().setValue(QLatin1String(kKey), code);
}

QString resolveLanguage(const QString& code) {
    QString c = code;
    if (c.isEmpty()) {
        const QLocale system = QLocale::system();
        if (system.language() == QLocale::German)
            c = QStringLiteral("de");
        else if (system.language() == QLocale::Chinese)
            c = QStringLiteral("zh_CN");
        else
            c = QStringLiteral("en");
    }
    for (const LanguageInfo& l : availableLanguages())
        if (!l.code.isEmpty() && l.code == c)
            return c;
    return QStringLiteral("en");
}

QString installLanguage(const QString& code) {
    const QString resolved = resolveLanguage(code);
    removeTranslators();
    if (resolved != QLatin1String("en")) {
        auto* app = new QTranslator;
        // Built into the program by qt_add_translations (translations/*.ts).
        if (app->load(QStringLiteral(":/i18n/amr-studio_%1.qm").arg(resolved))) {
            QCoreApplication::installTranslator(app);
            g_app = app;
        } else {
            delete app;
        }
        // Qt's own dialogs and buttons, when the system has its translations.
        auto* qt = new QTranslator;
        if (qt->load(QStringLiteral("qtbase_%1").arg(resolved),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            g_qt = qt;
        } else {
            delete qt;
        }
    }
    g_installed = resolved;
    return resolved;
}

QString installedLanguage() {
    return g_installed;
}

}  // namespace amr::ui
