// The interface languages: the German and Chinese translations are built in and take effect.

#include <QCoreApplication>
#include <QSettings>
#include <QtTest>

#include "ui/i18n/language.h"

class TestLanguage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio Test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_language"));
    }

    void resolvesChoices() {
        QCOMPARE(amr::ui::resolveLanguage(QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(amr::ui::resolveLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QCOMPARE(amr::ui::resolveLanguage(QStringLiteral("xx")), QStringLiteral("en"));
        QCOMPARE(amr::ui::availableLanguages().size(), 4);
    }

    void translatesTheMenus() {
        const auto file = [] {
            return QCoreApplication::translate("amr::ui::MainWindow", "&File");
        };
        QCOMPARE(amr::ui::installLanguage(QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(file(), QStringLiteral("&Datei"));
        QCOMPARE(amr::ui::installLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QCOMPARE(file(), QStringLiteral("文件(&F)"));
        QCOMPARE(amr::ui::installLanguage(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(file(), QStringLiteral("&File"));
    }

    void remembersTheChoice() {
        amr::ui::storeLanguage(QStringLiteral("de"));
        QCOMPARE(amr::ui::storedLanguage(), QStringLiteral("de"));
        amr::ui::storeLanguage(QString());
        QCOMPARE(amr::ui::storedLanguage(), QString());
    }
};

QTEST_GUILESS_MAIN(TestLanguage)
#include "test_language.moc"
