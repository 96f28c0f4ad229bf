// The interface languages: the German and Chinese translations are built in and take effect.

#include <QCoreApplication>
#include <QSettings>
#include <QtTest>

#include "ui/console/progress_text.h"
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

    void translatesTheEngineProgress() {
        using amr::ui::progressText;
        QCOMPARE(amr::ui::installLanguage(QStringLiteral("en")), QStringLiteral("en"));
        const QString line = QStringLiteral("[1/2] train-cam: epoch 3/10  loss 0.5123  12.5 img/s");
        QCOMPARE(progressText(line),
                 QStringLiteral("[1/2] Train CAM network: epoch 3/10  loss 0.5123  12.5 images/s"));
        QCOMPARE(progressText(QStringLiteral("[2/2] make-cam: demo_000007")),
                 QStringLiteral("[2/2] Make CAMs: demo_000007"));
        QCOMPARE(progressText(QStringLiteral("2008_000123 (skipped)")),
                 QStringLiteral("2008_000123 (skipped)"));
        QCOMPARE(progressText(QStringLiteral("img_7.png")), QStringLiteral("img_7.png"));

        QCOMPARE(amr::ui::installLanguage(QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(progressText(QStringLiteral("done")), QStringLiteral("fertig"));
        QCOMPARE(progressText(line),
                 QStringLiteral("[1/2] CAM-Netz trainieren: Epoche 3/10  Verlust 0.5123  12.5 Bilder/s"));
        QCOMPARE(progressText(QStringLiteral("[2/2] make-cam: demo_000007 (skipped)")),
                 QStringLiteral("[2/2] CAMs berechnen: demo_000007 (übersprungen)"));
        QCOMPARE(amr::ui::installLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QCOMPARE(progressText(QStringLiteral("done")), QStringLiteral("完成"));
        QVERIFY(!progressText(line).contains(QStringLiteral("epoch")));
        QCOMPARE(amr::ui::installLanguage(QStringLiteral("en")), QStringLiteral("en"));
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
