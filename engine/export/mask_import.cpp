#include "engine/export/mask_import.h"

#include <algorithm>

#include "engine/core/error.h"
#include "engine/core/runtime.h"
#include "engine/core/text.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/export/mask_source.h"

namespace amr::voc {
namespace fs = std::filesystem;

namespace {

bool same_folder(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

}  // namespace

void MaskImportOptions::check() const {
    std::error_code ec;
    if (!dataset)
        throw Error("import: no dataset given");
    if (source.empty())
        throw Error("import: no source folder given");
    if (!fs::is_directory(source, ec))
        throw Error(source, "no such folder");
    if (output.empty())
        throw Error("import: no output folder given");
    if (version.empty() || version == kVersionGroundTruth || !is_known_mask_version(version))
        throw Error("import: '" + version +
                    "' cannot receive imported masks (use imported, human, refined, deeplab or "
                    "cam)");
    if (fs::exists(output, ec)) {
        if (!fs::is_directory(output, ec))
            throw Error(output, "exists and is not a folder");
        if (same_folder(output, resolve_mask_folder(source)))
            throw Error(output, "is the source folder itself; import into another folder");
        if (!update && fs::directory_iterator(output, ec) != fs::directory_iterator())
            throw Error(output,
                        "is not empty; pass --update to add these masks to it (masks "
                        "with the same id are replaced, others kept)");
    }
}

fs::path resolve_mask_folder(const fs::path& source) {
    std::error_code ec;
    for (const fs::path& p :
         {source / "VOCdevkit" / "VOC2012" / "SegmentationClass",
          source / "VOC2012" / "SegmentationClass", source / "SegmentationClass"})
        if (fs::is_directory(p, ec))
            return p;
    return source;
}

MaskImportResult import_masks(const MaskImportOptions& o, const JobContext& ctx) {
    o.check();
    MaskImportResult r;
    r.source_folder = fs::absolute(resolve_mask_folder(o.source)).lexically_normal();
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(r.source_folder, ec))
        if (e.is_regular_file(ec) && e.path().filename().string()[0] != '.')
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    fs::create_directories(o.output, ec);
    if (ec)
        throw Error(o.output, "cannot create the folder: " + ec.message());

    const auto& ds = *o.dataset;
    auto refuse = [&r](const fs::path& file, std::string problem) {
        r.problems.push_back({Severity::Error, file, std::move(problem)});
        ++r.refused;
    };
    for (std::size_t i = 0; i < files.size(); ++i) {
        ctx.check_cancel();
        const fs::path& file = files[i];
        ctx.report(i, files.size(), file.filename().string());
        const std::string ext = lower_ascii(file.extension().string());
        if (ext != ".png") {
            if (data::is_image_extension(file))
                refuse(file, "only PNG masks can be imported (lossless, single-channel)");
            continue;  // other files (lists, notes) are not masks
        }
        const std::string id = file.stem().string();
        const long index = ds.find(id);
        if (index < 0) {
            refuse(file, "the dataset " + ds.root().string() + " has no image '" + id + "'");
            continue;
        }
        try {
            const cv::Mat labels = data::read_label_png(file);
            const cv::Size size = data::read_image_size(ds[static_cast<std::size_t>(index)].image);
            data::check_label_image(labels, ds.classes(), size, file);
            data::write_label_png(o.output / (id + ".png"), labels);
            ++r.imported;
        } catch (const Error& e) {
            if (e.file() == o.output / (id + ".png"))
                throw;  // our own write failed: stop
            refuse(e.file().empty() ? file : e.file(), e.problem());
        }
    }
    auto entries = read_provenance(o.output / "provenance.json");
    ProvenanceEntry entry;
    entry.provenance = "imported";
    entry.version = o.version;
    entry.source = r.source_folder.string();
    entry.time = utc_timestamp();
    entry.tool = "amr " + amr::version();
    entry.masks = r.imported;
    entries.push_back(std::move(entry));
    write_provenance(o.output / "provenance.json", entries);
    ctx.report(files.size(), files.size(), "done");
    return r;
}

}  // namespace amr::voc
