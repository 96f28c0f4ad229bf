#include "ui/console/stage_names.h"

#include <QCoreApplication>
#include <array>

#include "engine/pipeline/stages.h"

namespace amr::ui {
namespace {

// A context of its own (no class): the translations script keeps it as it is.
constexpr const char* kContext = "StageNames";

struct StageText {
    const char* id;
    const char* title;
    const char* description;
};

// Mirrors engine/pipeline/stages.cpp; test_language checks that every engine stage is listed.
constexpr std::array<StageText, 9> kStages{{
    {"train-cam", QT_TRANSLATE_NOOP("StageNames", "Train CAM network"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Trains the spotlight classifier whose CAMs start every "
                       "later stage (docs/method.md §3.3).")},
    {"train-amr", QT_TRANSLATE_NOOP("StageNames", "Train AMR network"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Trains the compensation branch with AMMs and cross "
                       "pseudo supervision (docs/method.md §3.4).")},
    {"make-cam", QT_TRANSLATE_NOOP("StageNames", "Make CAMs"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Computes every image's multi-scale CAMs into the CAM "
                       "store.")},
    {"make-seeds", QT_TRANSLATE_NOOP("StageNames", "Make seeds"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Confident foreground and background seeds from the "
                       "CAMs, refined by the dense CRF.")},
    {"train-irn", QT_TRANSLATE_NOOP("StageNames", "Train IRNet"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Trains the inter-pixel relation network's boundary "
                       "branch on the seeds (docs/method.md §5.4).")},
    {"refine", QT_TRANSLATE_NOOP("StageNames", "Random walk"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Propagates the CAMs over IRNet's boundaries into "
                       "refined pseudo labels (docs/method.md §5.5).")},
    {"train-deeplab", QT_TRANSLATE_NOOP("StageNames", "Train DeepLab"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Trains DeepLab-v2 on the refined pseudo labels "
                       "(docs/method.md §6.2).")},
    {"predict", QT_TRANSLATE_NOOP("StageNames", "Predict masks"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Multi-scale DeepLab inference into the deeplab mask "
                       "version with confidence maps.")},
    {"export", QT_TRANSLATE_NOOP("StageNames", "Export VOC"),
     QT_TRANSLATE_NOOP("StageNames",
                       "Writes the best mask of every image as a PASCAL VOC "
                       "2012 folder.")},
}};

const StageText* find(const std::string& stage) {
    for (const StageText& s : kStages)
        if (stage == s.id)
            return &s;
    return nullptr;
}

QString translated(const char* text) {
    return QCoreApplication::translate(kContext, text);
}

}  // namespace

QString stageTitle(const std::string& stage) {
    if (const StageText* s = find(stage))
        return translated(s->title);
    for (const auto& info : amr::pipeline::stages())
        if (info.name == stage)
            return QString::fromStdString(info.title);
    return QString::fromStdString(stage);
}

QString stageTitle(const QString& stage) {
    return stageTitle(stage.toStdString());
}

QString stageDescription(const std::string& stage) {
    if (const StageText* s = find(stage))
        return translated(s->description);
    for (const auto& info : amr::pipeline::stages())
        if (info.name == stage)
            return QString::fromStdString(info.description);
    return {};
}

QString stageEventName(amr::pipeline::StageEvent::Kind kind) {
    using Kind = amr::pipeline::StageEvent::Kind;
    switch (kind) {
        case Kind::Started:
            return translated(QT_TRANSLATE_NOOP("StageNames", "started"));
        case Kind::Skipped:
            return translated(QT_TRANSLATE_NOOP("StageNames", "skipped"));
        case Kind::Finished:
            return translated(QT_TRANSLATE_NOOP("StageNames", "finished"));
        case Kind::Failed:
            return translated(QT_TRANSLATE_NOOP("StageNames", "failed"));
        case Kind::Cancelled:
            return translated(QT_TRANSLATE_NOOP("StageNames", "cancelled"));
    }
    return QString::fromLatin1(amr::pipeline::to_string(kind));
}

QString runStatusName(amr::project::RunStatus status) {
    using S = amr::project::RunStatus;
    switch (status) {
        case S::Running:
            return translated(QT_TRANSLATE_NOOP("StageNames", "running"));
        case S::Finished:
            return translated(QT_TRANSLATE_NOOP("StageNames", "finished"));
        case S::Failed:
            return translated(QT_TRANSLATE_NOOP("StageNames", "failed"));
        case S::Cancelled:
            return translated(QT_TRANSLATE_NOOP("StageNames", "cancelled"));
    }
    return QString::fromLatin1(amr::project::to_string(status));
}

}  // namespace amr::ui
