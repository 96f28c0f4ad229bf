#include "ui/console/output_problem.h"

#include <QCoreApplication>

namespace amr::ui {

QString outputProblemText(amr::pipeline::OutputProblem problem, const QString& stage, int sampled) {
    const char* context = "OutputProblem";
    switch (problem) {
        case amr::pipeline::OutputProblem::None:
            return {};
        case amr::pipeline::OutputProblem::BlankCams:
            return QCoreApplication::translate(
                context,
                "The CAMs are all zero (%n image(s) checked): the network has not learned "
                "the classes yet, so α and the threshold change nothing. Train the CAM "
                "and AMR networks with the “demo” preset (ImageNet weights) or longer; "
                "“quick” is only a smoke test.",
                "", sampled);
        case amr::pipeline::OutputProblem::SingleClassLabels: {
            const QString what = stage == QLatin1String("make-seeds") ? QStringLiteral("seeds")
                                 : stage == QLatin1String("refine")   ? QStringLiteral("refined")
                                                                      : QStringLiteral("deeplab");
            return QCoreApplication::translate(
                       context,
                       "The “%1” labels hold a single class (%n image(s) checked): usually the "
                       "CAMs before them were blank or too weak. Look at the CAMs in the CAM "
                       "Viewer and train longer (the “demo” preset or better) before this stage.",
                       "", sampled)
                .arg(what);
        }
    }
    return {};
}

}  // namespace amr::ui
