#include "ui/widgets/text_format.h"

#include <QLocale>

namespace amr::ui {

QString formatCount(qint64 n) {
    QLocale locale;
    // The C locale omits group separators, which makes 100000 hard to read.
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    return locale.toString(n);
}

}  // namespace amr::ui
