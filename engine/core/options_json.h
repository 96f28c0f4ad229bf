#pragma once
// The JSON form of options structs (training stages, make-seeds, the pipeline's per-image
// stages), one mechanism for all: each struct lists its settable fields once, as a visitor
// `fields(o, f)` that calls f("key", o.member) for each, and the functions here write, read and
// check keys through that list. Keys are field names; paths are JSON strings. A visitor may pass
// more arguments after the member (e.g. a project-bound flag): the callbacks here ignore them.
// Engine .cpp files only: nlohmann is not for headers that moc reads.

#include <filesystem>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"

namespace amr::options_json {

using Json = nlohmann::json;

// The words of the refusals: "<object> must be a JSON object", "unknown <option> 'key'".
struct Names {
    std::string object;  // e.g. "training options"
    std::string option;  // e.g. "training option"
};

template <class T>
void read_value(const Json& j, T& v) {
    v = j.get<T>();
}
inline void read_value(const Json& j, std::filesystem::path& v) {
    v = j.get<std::string>();
}
template <class T>
Json write_value(const T& v) {
    return Json(v);
}
inline Json write_value(const std::filesystem::path& v) {
    return Json(v.string());
}

// Parses `text`; throws amr::Error naming `source` when it is not valid JSON.
inline Json parse(const std::string& text, const std::filesystem::path& source) {
    try {
        return Json::parse(text);
    } catch (const Json::exception& e) {
        throw Error(source, std::string("not valid JSON: ") + e.what());
    }
}

// The fields `visit(f)` lists, as a JSON object.
template <class Visit>
Json write_fields(Visit&& visit) {
    Json j = Json::object();
    visit([&](const char* key, auto& field, auto&&...) { j[key] = write_value(field); });
    return j;
}

// Reads every key of `j` into the field of that name that `visit(f)` lists. Throws amr::Error
// naming `source` when `j` is not an object, a key is unknown (`skip` excepted: a nested object
// the caller reads itself) or a value has the wrong type.
template <class Visit>
void read_fields(const Json& j, Visit&& visit, const Names& names,
                 const std::filesystem::path& source, const char* skip = nullptr) {
    if (!j.is_object())
        throw Error(source, names.object + " must be a JSON object");
    for (const auto& [key, value] : j.items()) {
        bool known = skip && key == skip;
        visit([&](const char* k, auto& field, auto&&...) {
            if (key != k)
                return;
            known = true;
            try {
                read_value(value, field);
            } catch (const Json::exception&) {
                throw Error(source,
                            "option '" + key + "' has the wrong type (" + value.type_name() + ")");
            }
        });
        if (!known)
            throw Error(source, "unknown " + names.option + " '" + key + "'");
    }
}

// The common case: `fields(o, f)` visits the options' fields. apply() changes `o` only when
// every key is valid; dump() gives the compact JSON text.
template <class Options, class Fields>
void apply(Options& o, const std::string& text, const std::filesystem::path& source,
           const Names& names, Fields&& fields) {
    const Json j = parse(text, source);
    Options copy = o;
    read_fields(
        j, [&](auto&& f) { fields(copy, f); }, names, source);
    o = std::move(copy);
}

template <class Options, class Fields>
std::string dump(const Options& o, Fields&& fields) {
    Options copy = o;  // visitors take a mutable struct (the same list serves apply)
    return write_fields([&](auto&& f) { fields(copy, f); }).dump();
}

}  // namespace amr::options_json
