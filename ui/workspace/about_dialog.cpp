#include "ui/workspace/about_dialog.h"

#include <QCoreApplication>
#include <QMessageBox>

#include "engine/core/runtime.h"

namespace amr::ui {

void showAboutDialog(QWidget* parent) {
    const auto tr = [](const char* text) { return QCoreApplication::translate("About", text); };
    QMessageBox::about(
        parent, tr("About AMR Studio"),
        tr("<h3>AMR Studio %1</h3>"
           "<p>Turns image-level tags into pixel masks with AMR (weakly supervised semantic "
           "segmentation), and lets you review and correct them.</p>"
           "<p>AMR Studio is free software under the GNU General Public License, version 3 "
           "or later (GPL-3.0-or-later).</p>"
           "<p>It uses QCustomPlot (GPL), Qt (LGPL), LibTorch (BSD), OpenCV (Apache-2.0); "
           "the demo dataset is built from Fashion-MNIST (MIT licence, © Zalando SE).</p>")
            .arg(QString::fromStdString(amr::version()).toHtmlEscaped()));
}

}  // namespace amr::ui
