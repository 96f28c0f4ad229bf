#include "ui/console/preset_labels.h"

#include <QComboBox>
#include <QCoreApplication>

#include "engine/pipeline/stages.h"

namespace amr::ui {

QString presetLabel(const QString& preset) {
    const char* context = "PresetLabels";
    if (preset == QLatin1String("demo"))
        return QCoreApplication::translate(
            context, "demo — frozen ImageNet ResNet-50, a few minutes on a CPU");
    if (preset == QLatin1String("paper"))
        return QCoreApplication::translate(context,
                                           "paper — the paper's settings (hours, best on a GPU)");
    if (preset == QLatin1String("official"))
        return QCoreApplication::translate(context,
                                           "official — the official code's settings (GPU)");
    if (preset == QLatin1String("quick"))
        return QCoreApplication::translate(
            context, "quick — smoke test only: a tiny random network, its CAMs stay blank");
    return preset;
}

void fillPresetCombo(QComboBox* combo, const QString& current) {
    combo->clear();
    const QString wanted = current.isEmpty() ? QString::fromLatin1(kDefaultPreset) : current;
    // The useful ones first, the smoke test last.
    for (const char* name : {"demo", "paper", "official", "quick"}) {
        const QString n = QString::fromLatin1(name);
        for (const auto& p : amr::pipeline::preset_names())
            if (p == name)
                combo->addItem(presetLabel(n), n);
    }
    const int index = combo->findData(wanted);
    combo->setCurrentIndex(index >= 0 ? index
                                      : combo->findData(QString::fromLatin1(kDefaultPreset)));
}

}  // namespace amr::ui
