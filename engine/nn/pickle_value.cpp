#include "engine/nn/pickle_vm.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "engine/core/error.h"

namespace amr::nn::pickle {
namespace {

// Far above any real checkpoint (a 2 400-tensor state dict needs ~50 000 values), low enough
// that a hostile file of repeated EMPTY_DICTs cannot eat the machine's memory.
constexpr std::size_t kMaxValues = 2'000'000;

}  // namespace

const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::None:
            return "None";
        case Kind::Bool:
            return "bool";
        case Kind::Int:
            return "int";
        case Kind::BigInt:
            return "big int";
        case Kind::Float:
            return "float";
        case Kind::Str:
            return "str";
        case Kind::Bytes:
            return "bytes";
        case Kind::Tuple:
            return "tuple";
        case Kind::List:
            return "list";
        case Kind::Set:
            return "set";
        case Kind::Dict:
            return "dict";
        case Kind::Global:
            return "global";
        case Kind::Object:
            return "object";
        case Kind::Storage:
            return "storage";
        case Kind::Tensor:
            return "tensor";
    }
    return "?";
}

Value* Arena::make(Kind kind) {
    if (values_.size() >= kMaxValues)
        throw std::runtime_error("too many objects in the pickle");
    values_.push_back(std::make_unique<Value>());
    values_.back()->kind = kind;
    return values_.back().get();
}

Value* Arena::make_str(Kind kind, std::string text) {
    Value* v = make(kind);
    v->text = std::move(text);
    return v;
}

void MemorySource::read(void* dst, std::uint64_t n) {
    if (n == 0)
        return;
    if (n > size_ - pos_)
        throw std::runtime_error("truncated pickle (unexpected end of data)");
    std::memcpy(dst, data_ + pos_, n);
    pos_ += n;
}

FileSource::FileSource(const std::filesystem::path& file) : file_(file), buf_(1 << 16) {
    fp_.reset(std::fopen(file.c_str(), "rb"));
    if (!fp_)
        throw Error(file, "cannot open: " + errno_text(errno));
    std::error_code ec;
    size_ = std::filesystem::file_size(file, ec);
    if (ec)
        throw Error(file, "cannot read the file size: " + ec.message());
}

void FileSource::read(void* dst, std::uint64_t n) {
    if (n == 0)
        return;  // empty storages have no buffer at all
    if (n > size_ - pos_)
        throw Error(file_, "truncated file (unexpected end of file)");
    auto* out = static_cast<char*>(dst);
    const std::size_t cached = std::min<std::uint64_t>(n, buf_len_ - buf_pos_);
    std::memcpy(out, buf_.data() + buf_pos_, cached);
    buf_pos_ += cached;
    pos_ += cached;
    out += cached;
    n -= cached;
    if (n == 0)
        return;
    if (n >= buf_.size()) {
        if (std::fread(out, 1, n, fp_.get()) != n)
            throw Error(file_, "read error");
        pos_ += n;
        return;
    }
    buf_len_ = std::fread(buf_.data(), 1, buf_.size(), fp_.get());
    buf_pos_ = 0;
    if (buf_len_ < n)
        throw Error(file_, "read error (file shrank while reading)");
    std::memcpy(out, buf_.data(), n);
    buf_pos_ = n;
    pos_ += n;
}

const std::vector<Value*>& tuple_items(const Value* v, const char* what) {
    if (v->kind != Kind::Tuple && v->kind != Kind::List) {
        throw std::runtime_error(std::string(what) + " is a " + kind_name(v->kind) +
                                 ", expected a tuple");
    }
    return v->items;
}

std::int64_t int_value(const Value* v, const char* what) {
    if (v->kind == Kind::Int)
        return v->integer;
    if (v->kind == Kind::Bool)
        return v->boolean ? 1 : 0;
    throw std::runtime_error(std::string(what) + " is a " + kind_name(v->kind) +
                             ", expected an int");
}

const std::string& str_value(const Value* v, const char* what) {
    if (v->kind != Kind::Str) {
        throw std::runtime_error(std::string(what) + " is a " + kind_name(v->kind) +
                                 ", expected a str");
    }
    return v->text;
}

const DictData* dict_data(const Value* v) {
    if (v && (v->kind == Kind::Dict || v->kind == Kind::Object))
        return v->dict.get();
    return nullptr;
}

Value* dict_get(const Value* v, const std::string& key) {
    const DictData* d = dict_data(v);
    if (!d)
        return nullptr;
    std::string index_key(1, 's');  // as dict_key() in pickle_vm.cpp tags str keys
    index_key += key;
    auto it = d->index.find(index_key);
    return it == d->index.end() ? nullptr : d->items[it->second].second;
}

}  // namespace amr::nn::pickle
