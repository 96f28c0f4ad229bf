#pragma once
// A small pickle virtual machine for the files torch.save writes (protocols 2 to 5). It builds a
// generic object graph in an arena (so hostile nesting or cycles cannot overflow the stack on
// destruction); anything it cannot construct (unknown globals) becomes an opaque Object. The torch
// specifics (persistent ids, tensor rebuild functions) are delegated to Hooks.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace amr::nn::pickle {

struct Value;

struct DictData {
    std::vector<std::pair<Value*, Value*>> items;        // insertion order
    std::unordered_map<std::string, std::size_t> index;  // for str / int keys only
};

enum class Kind : std::uint8_t {
    None,
    Bool,
    Int,
    BigInt,  // LONG1/LONG4 wider than 64 bits; `text` holds the little-endian two's complement
             // bytes
    Float,
    Str,
    Bytes,
    Tuple,
    List,
    Set,
    Dict,
    Global,   // `text` = "module.name"
    Object,   // opaque: `callable` (a Global), `args`, `state`, plus list/dict items if any
    Storage,  // torch storage: `tensor` is a 1-D view of its elements
    Tensor,
};

struct Value {
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0;
    std::string text;
    std::vector<Value*> items;       // Tuple / List / Set, and list items of an Object
    std::unique_ptr<DictData> dict;  // Dict, and dict items of an Object
    Value* callable = nullptr;
    Value* args = nullptr;
    Value* state = nullptr;
    at::Tensor tensor;
};

const char* kind_name(Kind kind);

// Owns every value of one unpickling run.
class Arena {
public:
    Value* make(Kind kind);
    Value* make_str(Kind kind, std::string text);
    std::size_t size() const { return values_.size(); }

private:
    std::vector<std::unique_ptr<Value>> values_;
};

// Sequential byte input. read() throws amr::Error ("truncated") when fewer than n bytes are left.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual void read(void* dst, std::uint64_t n) = 0;
    virtual std::uint64_t remaining() const = 0;
    virtual std::uint64_t position() const = 0;
};

class MemorySource : public ByteSource {
public:
    MemorySource(const std::filesystem::path& file, const char* data, std::uint64_t size)
        : file_(file), data_(data), size_(size) {}
    void read(void* dst, std::uint64_t n) override;
    std::uint64_t remaining() const override { return size_ - pos_; }
    std::uint64_t position() const override { return pos_; }

private:
    std::filesystem::path file_;
    const char* data_;
    std::uint64_t size_;
    std::uint64_t pos_ = 0;
};

// Buffered reads from a file; large reads go straight into the destination.
class FileSource : public ByteSource {
public:
    explicit FileSource(const std::filesystem::path& file);
    void read(void* dst, std::uint64_t n) override;
    std::uint64_t remaining() const override { return size_ - pos_; }
    std::uint64_t position() const override { return pos_; }
    std::uint64_t size() const { return size_; }

private:
    std::filesystem::path file_;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> fp_{nullptr, &std::fclose};
    std::uint64_t size_ = 0;
    std::uint64_t pos_ = 0;  // logical position
    std::vector<char> buf_;
    std::size_t buf_pos_ = 0;
    std::size_t buf_len_ = 0;
};

struct Hooks {
    // BINPERSID: receives the persistent id; returns the object it stands for.
    std::function<Value*(Arena&, Value* pid)> persistent_load;
    // REDUCE / NEWOBJ of a global the VM does not know itself; nullptr -> opaque Object.
    std::function<Value*(Arena&, const std::string& global, Value* args)> reduce;
};

// Runs one pickle (up to STOP) from `source`. Errors are amr::Error(file, "<what> at byte N: ...").
Value* unpickle(ByteSource& source, Arena& arena, const Hooks& hooks,
                const std::filesystem::path& file, const std::string& what);

// Helpers for hooks: typed access that throws a plain std::runtime_error with `what` on mismatch.
const std::vector<Value*>& tuple_items(const Value* v, const char* what);
std::int64_t int_value(const Value* v, const char* what);
const std::string& str_value(const Value* v, const char* what);
// Dict-like lookup of a string key (Dict, or an Object holding dict items); nullptr if absent.
Value* dict_get(const Value* v, const std::string& key);
const DictData* dict_data(const Value* v);

}  // namespace amr::nn::pickle
