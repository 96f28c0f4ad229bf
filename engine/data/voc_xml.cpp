#include "engine/data/voc_xml.h"

#include <charconv>
#include <sstream>

#include <pugixml.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace amr::data {
namespace {

void add_text(pugi::xml_node parent, const char* name, const std::string& value) {
    parent.append_child(name).text().set(value.c_str());
}

void add_int(pugi::xml_node parent, const char* name, int value) {
    parent.append_child(name).text().set(value);
}

// The trimmed text of child `name` of `node` as an int; throws naming the element path.
int child_int(pugi::xml_node node, const char* name, const std::filesystem::path& file,
              const std::string& where) {
    pugi::xml_node child = node.child(name);
    if (!child)
        throw Error(file, where + " has no <" + name + ">");
    std::string text = child.text().get();
    auto b = text.find_first_not_of(" \t\r\n");
    auto e = text.find_last_not_of(" \t\r\n");
    if (b == std::string::npos)
        throw Error(file, where + "/" + name + " is empty");
    text = text.substr(b, e - b + 1);
    // Some tools write "123.0"; accept a whole number written as a decimal.
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
        throw Error(file, where + "/" + name + " is '" + text + "', not a number");
    // nan, inf and 1e300 parse as doubles, but no int holds them (the cast would be undefined).
    if (!(value > -1e9 && value < 1e9))
        throw Error(file, where + "/" + name + " is '" + text + "', out of range");
    return static_cast<int>(value);
}

bool child_flag(pugi::xml_node node, const char* name) {
    pugi::xml_node child = node.child(name);
    return child && child.text().as_int(0) != 0;
}

}  // namespace

std::string voc_annotation_xml(const VocAnnotation& a) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("annotation");
    add_text(root, "folder", a.folder);
    add_text(root, "filename", a.filename);
    if (!a.database.empty()) {
        pugi::xml_node source = root.append_child("source");
        add_text(source, "database", a.database);
    }
    pugi::xml_node size = root.append_child("size");
    add_int(size, "width", a.width);
    add_int(size, "height", a.height);
    add_int(size, "depth", a.depth);
    add_int(root, "segmented", a.segmented ? 1 : 0);
    for (const VocObject& o : a.objects) {
        pugi::xml_node obj = root.append_child("object");
        add_text(obj, "name", o.name);
        add_text(obj, "pose", o.pose);
        add_int(obj, "truncated", o.truncated ? 1 : 0);
        add_int(obj, "difficult", o.difficult ? 1 : 0);
        pugi::xml_node box = obj.append_child("bndbox");
        add_int(box, "xmin", o.xmin);
        add_int(box, "ymin", o.ymin);
        add_int(box, "xmax", o.xmax);
        add_int(box, "ymax", o.ymax);
    }
    std::ostringstream out;
    doc.save(out, "\t", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
    return std::move(out).str();
}

void write_voc_annotation(const std::filesystem::path& file, const VocAnnotation& annotation) {
    write_file_atomically(file, voc_annotation_xml(annotation));
}

VocAnnotation read_voc_annotation(const std::filesystem::path& file) {
    std::string text = read_file(file);
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed)
        throw Error(file, std::string("not valid XML: ") + parsed.description() + " at byte " +
                              std::to_string(parsed.offset));
    pugi::xml_node root = doc.child("annotation");
    if (!root)
        throw Error(file, "has no <annotation> root element; not a VOC annotation");
    VocAnnotation a;
    a.folder = root.child("folder").text().get();
    a.filename = root.child("filename").text().get();
    a.database = root.child("source").child("database").text().get();
    pugi::xml_node size = root.child("size");
    if (!size)
        throw Error(file, "<annotation> has no <size>");
    a.width = child_int(size, "width", file, "size");
    a.height = child_int(size, "height", file, "size");
    a.depth = size.child("depth") ? child_int(size, "depth", file, "size") : 3;
    a.segmented = child_flag(root, "segmented");
    int index = 0;
    for (pugi::xml_node obj : root.children("object")) {
        ++index;
        std::string where = "object " + std::to_string(index);
        VocObject o;
        o.name = obj.child("name").text().get();
        if (o.name.empty())
            throw Error(file, where + " has no <name>");
        if (obj.child("pose"))
            o.pose = obj.child("pose").text().get();
        o.truncated = child_flag(obj, "truncated");
        o.difficult = child_flag(obj, "difficult");
        pugi::xml_node box = obj.child("bndbox");
        if (!box)
            throw Error(file, where + " (" + o.name + ") has no <bndbox>");
        where += "/bndbox";
        o.xmin = child_int(box, "xmin", file, where);
        o.ymin = child_int(box, "ymin", file, where);
        o.xmax = child_int(box, "xmax", file, where);
        o.ymax = child_int(box, "ymax", file, where);
        a.objects.push_back(std::move(o));
    }
    return a;
}

}  // namespace amr::data
