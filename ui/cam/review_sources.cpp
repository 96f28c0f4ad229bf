#include "ui/cam/review_sources.h"

#include <QSettings>

#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"

namespace amr::ui {

namespace fs = std::filesystem;

ReviewSources ReviewSources::fromFolder(const fs::path& dir) {
    ReviewSources s;
    std::error_code ec;
    auto isDir = [&](const fs::path& p) { return fs::is_directory(p, ec); };
    if (isDir(dir / "cams") || isDir(dir / "masks")) {
        if (isDir(dir / "cams"))
            s.camStore = dir / "cams";
        for (const char* v : {"cam", "seeds", "refined", "deeplab", "human", "imported"})
            if (isDir(dir / "masks" / v))
                s.maskDirs[v] = dir / "masks" / v;
        if (isDir(dir / "boundary"))
            s.boundaryDir = dir / "boundary";
        if (isDir(dir / "confidence"))
            s.confidenceDir = dir / "confidence";
    } else if (isDir(dir)) {
        s.camStore = dir;
    }
    return s;
}

ReviewBackend ReviewBackend::qsettings() {
    ReviewBackend b;
    b.readSetting = [](const QString& key) -> std::optional<QString> {
        QSettings s;
        if (!s.contains(key))
            return std::nullopt;
        return s.value(key).toString();
    };
    b.writeSetting = [](const QString& key, const QString& value) {
        QSettings().setValue(key, value);
    };
    return b;
}

std::string camEntryFingerprint(const fs::path& file) {
    try {
        return amr::cam::CamStore::fingerprint_of(file);
    } catch (const amr::Error&) {
        return {};
    }
}

amr::cam::CamEntry readCamEntry(const fs::path& storeDir, const std::string& id) {
    const amr::cam::CamStore probe(storeDir, "");
    const fs::path file = probe.path_of(id);
    if (!fs::exists(file))
        throw amr::Error(file, "no CAMs for this image (run make-cam)");
    amr::cam::CamEntry e = amr::cam::CamStore::of_entry(storeDir, id).get(id);
    if (!e.has_high_res()) {
        const cv::Size size(e.width, e.height);
        for (amr::cam::CamBranch* b : {&e.spotlight, &e.compensation})
            for (const cv::Mat& p : b->strided) {
                cv::Mat full;
                cv::resize(p, full, size, 0, 0, cv::INTER_LINEAR);
                b->high_res.push_back(full);
            }
    }
    return e;
}

}  // namespace amr::ui
