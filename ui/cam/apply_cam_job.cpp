#include "ui/cam/apply_cam_job.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "ui/cam/review_sources.h"

namespace amr::ui {

namespace fs = std::filesystem;

void ApplyCamOptions::check() const {
    if (store.empty())
        throw amr::Error("apply-cam options: no CAM store folder given");
    if (!fs::is_directory(store))
        throw amr::Error(store, "is not a CAM store folder");
    if (out_dir.empty())
        throw amr::Error("apply-cam options: no output folder given");
    if (!(alpha >= 0.0 && alpha <= 1.0))
        throw amr::Error("apply-cam options: alpha " + std::to_string(alpha) + " is not in [0, 1]");
    if (!(threshold >= 0.0 && threshold <= 1.0))
        throw amr::Error("apply-cam options: threshold " + std::to_string(threshold) +
                         " is not in [0, 1]");
}

ApplyCamResult apply_cam_to_all(const ApplyCamOptions& options, const JobContext& ctx) {
    options.check();
    std::error_code ec;
    fs::create_directories(options.out_dir, ec);
    if (ec)
        throw amr::Error(options.out_dir, "cannot create the folder: " + ec.message());
    ApplyCamResult result;
    const amr::cam::CamStore probe(options.store, "");
    cv::Mat label;
    for (std::size_t i = 0; i < options.ids.size(); ++i) {
        ctx.check_cancel();
        const std::string& id = options.ids[i];
        const fs::path entryFile = probe.path_of(id);
        if (!fs::exists(entryFile)) {
            ++result.skipped;
        } else {
            const amr::cam::CamEntry entry = readCamEntry(options.store, id);
            if (result.fingerprint.empty())
                result.fingerprint = camEntryFingerprint(entryFile);
            amr::cam::recalibrated_label(entry, float(options.alpha), float(options.threshold),
                                         label);
            amr::data::write_label_png(options.out_dir / (id + ".png"), label);
            ++result.written;
        }
        ctx.report(i + 1, options.ids.size() + options.untagged.size(), id);
    }
    for (std::size_t i = 0; i < options.untagged.size(); ++i) {
        ctx.check_cancel();
        const auto& [id, image] = options.untagged[i];
        const cv::Size size = amr::data::read_image_size(image);
        amr::data::write_label_png(options.out_dir / (id + ".png"),
                                   cv::Mat(size, CV_8UC1, cv::Scalar(0)));
        ++result.background;
        ctx.report(options.ids.size() + i + 1, options.ids.size() + options.untagged.size(), id);
    }
    return result;
}

std::string cam_provenance_json(const std::string& fingerprint, double alpha, double threshold) {
    QJsonObject j;
    j.insert(QStringLiteral("stage"), QStringLiteral("cam"));
    j.insert(QStringLiteral("checkpoint"), QString::fromStdString(fingerprint));
    j.insert(QStringLiteral("alpha"), alpha);
    j.insert(QStringLiteral("threshold"), threshold);
    return QJsonDocument(j).toJson(QJsonDocument::Compact).toStdString();
}

}  // namespace amr::ui
