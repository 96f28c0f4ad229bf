#include "ui/console/progress_text.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <array>

#include "ui/console/stage_names.h"

namespace amr::ui {
namespace {

QString translatedWord(const char* text) {
    return QCoreApplication::translate("ProgressText", text);
}

// Every fixed message the engine reports (grep for ctx.report in engine/).
constexpr std::array<const char*, 10> kWords{{
    QT_TRANSLATE_NOOP("ProgressText", "done"),
    QT_TRANSLATE_NOOP("ProgressText", "ready"),
    QT_TRANSLATE_NOOP("ProgressText", "reading"),
    QT_TRANSLATE_NOOP("ProgressText", "converting"),
    QT_TRANSLATE_NOOP("ProgressText", "writing"),
    QT_TRANSLATE_NOOP("ProgressText", "exporting"),
    QT_TRANSLATE_NOOP("ProgressText", "reading annotations"),
    QT_TRANSLATE_NOOP("ProgressText", "checking images"),
    QT_TRANSLATE_NOOP("ProgressText", "reading Fashion-MNIST"),
    QT_TRANSLATE_NOOP("ProgressText", "its checkpoint is complete"),
}};

}  // namespace

QString progressText(const QString& message) {
    static const QRegularExpression step(
        QStringLiteral("^\\[(\\d+)/(\\d+)\\] ([^:]+)(?:: (.*))?$"));
    static const QRegularExpression epoch(
        QStringLiteral("^epoch (\\d+)/(\\d+)  loss ([-0-9.naif]+)  ([0-9.]+) img/s$"));
    static const QRegularExpression skipped(QStringLiteral("^(.+) \\(skipped\\)$"));
    static const QRegularExpression boundary(QStringLiteral("^boundary map of (.+)$"));

    for (const char* word : kWords)
        if (message == QLatin1String(word))
            return translatedWord(word);
    if (const auto m = step.match(message); m.hasMatch()) {
        //: A pipeline's step: its number, the number of steps and the stage's name.
        QString out = QCoreApplication::translate("ProgressText", "[%1/%2] %3")
                          .arg(m.captured(1), m.captured(2), stageTitle(m.captured(3)));
        if (m.hasCaptured(4) && !m.captured(4).isEmpty())
            out = QCoreApplication::translate("ProgressText", "%1: %2")
                      .arg(out, progressText(m.captured(4)));
        return out;
    }
    if (const auto m = epoch.match(message); m.hasMatch())
        return QCoreApplication::translate("ProgressText", "epoch %1/%2  loss %3  %4 images/s")
            .arg(m.captured(1), m.captured(2), m.captured(3), m.captured(4));
    if (const auto m = skipped.match(message); m.hasMatch())
        return QCoreApplication::translate("ProgressText", "%1 (skipped)").arg(m.captured(1));
    if (const auto m = boundary.match(message); m.hasMatch())
        return QCoreApplication::translate("ProgressText", "boundary map of %1").arg(m.captured(1));
    return message;
}

}  // namespace amr::ui
