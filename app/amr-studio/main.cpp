// amr-studio: the desktop GUI of AMR Studio. Everything lives in the ui/ library; this file
// parses the command line and shows the main window.

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <memory>

#include "engine/core/runtime.h"
#include "ui/cam/cam_viewer.h"
#include "ui/console/training_console_dock.h"
#include "ui/editor/editor_controller.h"
#include "ui/i18n/language.h"
#include "ui/i18n/window_host.h"
#include "ui/widgets/icons.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/training_flow.h"
#include "ui/workspace/workspace_actions.h"

namespace {

// --help and --version must work without a display (e.g. over ssh, or in packaging checks), so
// they get a QCoreApplication; everything else needs the GUI one.
bool wantsTextOnly(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        for (const char* flag : {"-h", "--help", "--help-all", "-v", "--version"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    std::unique_ptr<QCoreApplication> appHolder;
    if (wantsTextOnly(argc, argv))
        appHolder = std::make_unique<QCoreApplication>(argc, argv);
    else
        appHolder = std::make_unique<QApplication>(argc, argv);
    QCoreApplication& app = *appHolder;
    QApplication::setOrganizationName(QStringLiteral("AMR Studio"));
    QApplication::setApplicationName(QStringLiteral("amr-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("AMR Studio"));
    QApplication::setApplicationVersion(QString::fromStdString(amr::version()));
    // German or Chinese when the system (or the ui/language setting) asks for it.
    amr::ui::installLanguage(amr::ui::storedLanguage());
    if (qobject_cast<QApplication*>(&app))
        QApplication::setWindowIcon(amr::ui::icons::app());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main",
        "AMR Studio: weakly supervised semantic segmentation, from image-level tags to "
        "pixel masks."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(
        QStringLiteral("demo"),
        QApplication::translate("main",
                                "Open the built-in demo dataset (generated on first use)."));
    parser.addOption(demo);
    QCommandLineOption image(QStringLiteral("image"),
                             QApplication::translate("main", "Show the image with this id first."),
                             QApplication::translate("main", "ID"));
    parser.addOption(image);
    QCommandLineOption project(
        QStringLiteral("project"),
        QApplication::translate("main", "Open this project folder (and its dataset)."),
        QApplication::translate("main", "DIR"));
    parser.addOption(project);
    QCommandLineOption edit(QStringLiteral("edit"),
                            QApplication::translate("main", "Start in mask edit mode."));
    parser.addOption(edit);
    QCommandLineOption cams(
        QStringLiteral("cams"),
        QApplication::translate("main",
                                "Show the CAMs of this CAM store folder, or of a project folder "
                                "(its cams/, masks/, boundary/ and confidence/)."),
        QApplication::translate("main", "FOLDER"));
    parser.addOption(cams);
    QCommandLineOption console(QStringLiteral("console"),
                               QApplication::translate("main", "Show the training console."));
    parser.addOption(console);
    parser.addPositionalArgument(
        QStringLiteral("dataset"),
        QApplication::translate("main", "Dataset folder to open (VOC layout or tags.csv)."),
        QStringLiteral("[DATASET]"));
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    const int sources = int(!args.isEmpty()) + int(parser.isSet(demo)) + int(parser.isSet(project));
    if (args.size() > 1 || sources > 1) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate(
                         "main", "amr-studio: give one dataset folder, --demo or --project")));
        return 2;
    }
    if (!args.isEmpty() && !QFileInfo(args.first()).isDir()) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate("main", "amr-studio: %1: no such folder")
                                    .arg(args.first())));
        return 2;
    }

    amr::init_runtime();
    // The host rebuilds the window when the user switches the language (View > Language).
    amr::ui::WindowHost host;
    amr::ui::MainWindow& window = *host.window();
    if (parser.isSet(image))
        window.selectImageOnOpen(parser.value(image));
    if (parser.isSet(cams))
        window.camViewer()->setSources(
            amr::ui::ReviewSources::fromFolder(parser.value(cams).toStdString()));
    window.show();
    if (parser.isSet(edit))
        window.editor()->editModeAction()->setChecked(true);
    if (parser.isSet(console))
        window.trainingConsole()->show();
    if (parser.isSet(demo))
        window.openDemo();
    else if (parser.isSet(project))
        window.openProject(parser.value(project));
    else if (!args.isEmpty())
        window.openDataset(args.first());
    // Screenshot hooks for the docs (no option, not for users): open the export dialog, the
    // weights dialog, or press the demo's Train to CAMs once the dataset has had time to open.
    const QByteArray dialog = qgetenv("AMR_STUDIO_OPEN_DIALOG");
    if (dialog == "export-voc")
        QTimer::singleShot(3000, &window, [&window] { window.actions().exportVoc->trigger(); });
    else if (dialog == "weights")
        QTimer::singleShot(3000, &window,
                           [&window] { window.trainingFlow()->openWeightsDialog(); });
    else if (dialog == "train-to-cams")
        QTimer::singleShot(5000, &window, [&window] { window.trainingFlow()->trainToCams(); });
    return QApplication::exec();
}
