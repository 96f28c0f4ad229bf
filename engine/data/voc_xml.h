#pragma once
// PASCAL VOC annotation XML (Annotations/<id>.xml): image size, the segmented flag and one
// <object> per object with its class name and bounding box.

#include <filesystem>
#include <string>
#include <vector>

namespace amr::data {

struct VocObject {
    std::string name;  // class name, e.g. "person"
    std::string pose = "Unspecified";
    bool truncated = false;  // the object extends beyond the image
    bool difficult = false;
    // Bounding box in VOC's 1-based, inclusive pixel coordinates: a box covering the pixel
    // columns 0..9 of the image has xmin = 1, xmax = 10.
    int xmin = 0;
    int ymin = 0;
    int xmax = 0;
    int ymax = 0;
};

struct VocAnnotation {
    std::string folder = "VOC2012";
    std::string filename;  // e.g. "2007_000032.jpg"
    std::string database;  // <source><database>, omitted when empty
    int width = 0;
    int height = 0;
    int depth = 3;
    bool segmented = false;  // a SegmentationClass mask exists
    std::vector<VocObject> objects;
};

// The XML text, tab-indented like the VOC originals.
std::string voc_annotation_xml(const VocAnnotation& annotation);

// Writes the XML atomically; throws amr::Error naming the file on failure.
void write_voc_annotation(const std::filesystem::path& file, const VocAnnotation& annotation);

// Parses an annotation file. Missing optional fields (pose, truncated, difficult, segmented)
// get their defaults; a missing or non-numeric size or bndbox value, or an object without a
// name, throws amr::Error naming the file and the element.
VocAnnotation read_voc_annotation(const std::filesystem::path& file);

}  // namespace amr::data
