#pragma once
// Where the review data of a dataset lives: the CAM store, mask-version folders, boundary and
// confidence maps. Filled from a project (its conventional layout) or from plain folders, so
// the CAM viewer works without a project too. Plus how the viewer persists its settings and
// publishes a mask version, as callbacks a project can provide.

#include <QString>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "engine/cam/cam_store.h"

namespace amr::ui {

struct ReviewSources {
    std::filesystem::path camStore;                         // empty: no CAMs
    std::map<std::string, std::filesystem::path> maskDirs;  // version -> folder of <id>.png
    std::filesystem::path boundaryDir;                      // <id>.png, 8-bit, stride 4 allowed
    std::filesystem::path confidenceDir;                    // <id>.png, 8-bit

    bool isEmpty() const { return camStore.empty() && maskDirs.empty(); }
    // A folder in the project layout (cams/, masks/<version>/, boundary/, confidence/; see
    // engine/project/project.h) or a bare CAM store folder. Only existing folders are taken.
    static ReviewSources fromFolder(const std::filesystem::path& dir);
};

// How settings are kept and mask versions published. Defaults: QSettings, no publishing.
struct ReviewBackend {
    std::function<std::optional<QString>(const QString& key)> readSetting;
    std::function<void(const QString& key, const QString& value)> writeSetting;
    // Called on a worker thread after a mask version was written into its folder, with the
    // provenance JSON; a project records the masks here (sync_mask_version).
    std::function<void(const std::string& version, const std::string& provenance)> publishMasks;

    static ReviewBackend qsettings();
};

// The fingerprint recorded in one CAM store entry's header, or "" when unreadable. A store's
// entries are read with the fingerprint of whatever model made them.
std::string camEntryFingerprint(const std::filesystem::path& file);

// Reads an entry whatever its fingerprint; fills in full-resolution maps (bilinear from the
// stride-4 ones) when the store holds none, so recalibrated_label always applies.
amr::cam::CamEntry readCamEntry(const std::filesystem::path& storeDir, const std::string& id);

}  // namespace amr::ui
