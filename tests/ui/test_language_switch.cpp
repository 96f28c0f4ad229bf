// View > Language rebuilds the main window in the new language without a restart, keeping the
// open dataset and the shown image.

#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "support/test_support.h"
#include "ui/i18n/language.h"
#include "ui/i18n/window_host.h"
#include "ui/workspace/main_window.h"

namespace fs = std::filesystem;

namespace {

QString firstMenuTitle(amr::ui::MainWindow* w) {
    return w->menuBar()->actions().value(0) ? w->menuBar()->actions().value(0)->text() : QString();
}

}  // namespace

class TestLanguageSwitch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio Test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_language_switch"));
        QSettings().clear();
        qRegisterMetaType<amr::ui::MainWindow*>();
        amr::ui::installLanguage(QStringLiteral("en"));
    }

    void switchesWithoutRestart() {
        QTemporaryDir dir;
        const fs::path root = amr::test::to_path(dir.path());
        amr::test::write_test_image(root / "images" / "a.png", 40, 30);
        amr::test::write_test_image(root / "images" / "b.png", 50, 20);
        amr::test::write_text(root / "tags.csv", "image,tags\na.png,cat\nb.png,dog\n");

        amr::ui::WindowHost host;
        QPointer<amr::ui::MainWindow> first = host.window();
        QCOMPARE(firstMenuTitle(first), QStringLiteral("&File"));
        first->selectImageOnOpen(QStringLiteral("b"));
        first->openDataset(dir.path());
        QTRY_COMPARE(first->shownImageIndex(), 1);

        QSignalSpy replaced(&host, &amr::ui::WindowHost::windowReplaced);
        Q_EMIT first->languageChangeRequested(QStringLiteral("de"));
        QTRY_COMPARE(replaced.count(), 1);
        amr::ui::MainWindow* second = host.window();
        QVERIFY(second != nullptr);
        QTRY_VERIFY(first.isNull());  // the old window is gone
        QCOMPARE(firstMenuTitle(second), QStringLiteral("&Datei"));
        QCOMPARE(amr::ui::storedLanguage(), QStringLiteral("de"));
        QCOMPARE(amr::ui::installedLanguage(), QStringLiteral("de"));
        // The same dataset and image are back.
        QTRY_VERIFY(second->dataset() != nullptr);
        QTRY_COMPARE(second->shownImageIndex(), 1);

        // And back to English (the language menu offers it by its own name).
        QVERIFY(host.switchLanguage(QStringLiteral("en")));
        QCOMPARE(firstMenuTitle(host.window()), QStringLiteral("&File"));
    }
};

QTEST_MAIN(TestLanguageSwitch)
#include "test_language_switch.moc"
