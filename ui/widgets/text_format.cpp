#include "ui/widgets/text_format.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

namespace amr::ui {

QString formatCount(qint64 n) {
    QLocale locale;
    // The C locale omits group separators, which makes 100000 hard to read.
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    return locale.toString(n);
}

QString datasetDisplayName(const QString& path) {
    if (path.isEmpty())
        return QCoreApplication::translate("Dataset", "Untitled dataset");
    // Pure string work: the folder may be gone (a stale recent entry).
    const QFileInfo info(QDir::cleanPath(path));
    const QFileInfo parent(info.path());
    if (parent.fileName() == QLatin1String("VOCdevkit")) {
        const QString grand = QFileInfo(parent.path()).fileName();
        if (!grand.isEmpty())
            return QCoreApplication::translate("Dataset", "%1 (%2)").arg(grand, info.fileName());
    }
    return info.fileName();
}

}  // namespace amr::ui
