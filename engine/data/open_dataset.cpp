// open_dataset(): format detection in front of the VOC and plain-folder readers.

#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/file_index.h"
#include "engine/data/folder_reader.h"
#include "engine/data/voc_reader.h"

namespace amr::data {

Dataset open_dataset(const std::filesystem::path& folder) {
    namespace fs = std::filesystem;
    const fs::path root = absolute_folder(folder);
    std::error_code ec;
    if (!fs::exists(root, ec))
        throw Error(root, "no such folder");
    if (!fs::is_directory(root, ec))
        throw Error(root, "is not a folder: give the dataset's folder, not a file in it");
    if (find_voc_root(root))
        return read_voc(root);
    if (fs::is_regular_file(root / "tags.csv", ec))
        return read_folder(root);
    throw Error(root,
                "not a dataset folder: expected a PASCAL VOC layout (VOCdevkit/VOC2012/, or "
                "JPEGImages/ with Annotations/ and ImageSets/Segmentation/) or a plain folder "
                "with tags.csv (image,tags[,split] per line)");
}

}  // namespace amr::data
