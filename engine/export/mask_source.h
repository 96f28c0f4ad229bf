#pragma once
// Where exported masks come from. A mask *version* is one way of producing an image's label PNG:
//
//   human     edited and accepted by a person
//   refined   AMR CAMs refined by IRNet + random walk
//   deeplab   predicted by the trained DeepLab
//   cam       thresholded CAMs
//   imported  brought in from another tool (`amr import-masks`)
//   gt        the dataset's own ground truth (ImageRecord::mask)
//
// Today versions live in folders of <id>.png (FolderMaskSource); the project database will
// implement the same interface.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/data/dataset.h"

namespace amr::voc {

inline constexpr std::string_view kVersionHuman = "human";
inline constexpr std::string_view kVersionRefined = "refined";
inline constexpr std::string_view kVersionDeeplab = "deeplab";
inline constexpr std::string_view kVersionCam = "cam";
inline constexpr std::string_view kVersionImported = "imported";
inline constexpr std::string_view kVersionGroundTruth = "gt";

// Every version name above, in that order.
const std::vector<std::string>& known_mask_versions();
bool is_known_mask_version(std::string_view name);

// human, refined, deeplab, cam.
const std::vector<std::string>& default_mask_priority();

// Parses "human,refined,gt": names trimmed, each known, none twice. Throws amr::Error
// naming `what` (e.g. "--priority") otherwise.
std::vector<std::string> parse_mask_priority(std::string_view text, const std::string& what);

// One image's mask in one version.
struct MaskRef {
    std::filesystem::path path;  // the label PNG
    std::string version;         // e.g. "human"
    std::string provenance;      // for people, e.g. "imported from /data/masks on 2024-05-01 ..."
};

class MaskSource {
public:
    virtual ~MaskSource() = default;
    // The versions this source can answer for (possibly with no mask for a given image).
    virtual std::vector<std::string> versions() const = 0;
    // The mask of `image` in `version`, or nullopt when that image has none.
    virtual std::optional<MaskRef> find(const data::ImageRecord& image,
                                        std::string_view version) const = 0;
};

// The first version in `priority` that has a mask for `image`.
std::optional<MaskRef> pick_mask(const MaskSource& source, const data::ImageRecord& image,
                                 const std::vector<std::string>& priority);

// Versions as folders of <id>.png; "gt" is always available through ImageRecord::mask.
// A folder may hold provenance.json (written by import_masks); its summary becomes the
// provenance text of every mask in the folder.
class FolderMaskSource : public MaskSource {
public:
    // Throws amr::Error for an unknown or repeated version name, "gt" (it is built in),
    // or a folder that does not exist or whose provenance.json is malformed.
    void add_folder(const std::string& version, const std::filesystem::path& folder);
    // Parses "human=/path/to/folder" and calls add_folder.
    void add_spec(std::string_view spec);

    const std::map<std::string, std::filesystem::path>& folders() const { return folders_; }

    std::vector<std::string> versions() const override;
    std::optional<MaskRef> find(const data::ImageRecord& image,
                                std::string_view version) const override;

private:
    std::map<std::string, std::filesystem::path> folders_;
    std::map<std::string, std::string> provenance_;
};

// provenance.json of a version folder: one entry per import into the folder.
struct ProvenanceEntry {
    std::string provenance = "imported";  // how the masks came to be
    std::string version;                  // the mask version they were imported as
    std::string source;                   // where they came from
    std::string time;                     // ISO 8601, UTC
    std::string tool;                     // "amr 0.1.0"
    std::size_t masks = 0;                // masks written by this import
};

// Reads a provenance.json (empty list when the file does not exist). Throws amr::Error naming
// the file when it is not the expected JSON.
std::vector<ProvenanceEntry> read_provenance(const std::filesystem::path& file);
// Writes it atomically.
void write_provenance(const std::filesystem::path& file,
                      const std::vector<ProvenanceEntry>& entries);
// "imported from SRC on TIME by TOOL (N masks)", entries joined by "; ".
std::string describe_provenance(const std::vector<ProvenanceEntry>& entries);

// The current time as "2024-05-01T12:34:56Z".
std::string utc_timestamp();

}  // namespace amr::voc
