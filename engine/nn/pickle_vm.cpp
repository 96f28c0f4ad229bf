#include "engine/nn/pickle_vm.h"

#include <c10/util/Exception.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string_view>

#include "engine/core/error.h"

namespace amr::nn::pickle {
namespace {

// Stack, marks and memo entries cost no new value each (DUP, MARK, BINPUT), so bound them too.
constexpr std::size_t kMaxSlots = 8'000'000;
constexpr std::size_t kMaxLine = 4096;
// Items copied from one container into another (dict(d), set(list), torch.Size(t)). Each copy
// costs a few input bytes however big the source is, so without a budget a small file could ask
// for quadratic time and memory.
constexpr std::size_t kMaxCopies = 4'000'000;

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string hex_byte(unsigned char op) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", op);
    return buf;
}

std::string tagged(char tag, std::string_view text) {
    std::string out(1, tag);
    out.append(text);
    return out;
}

// Index key of a dict key; "" for kinds that are never deduplicated.
std::string dict_key(const Value* k) {
    switch (k->kind) {
        case Kind::Str:
            return tagged('s', k->text);
        case Kind::Bytes:
            return tagged('b', k->text);
        case Kind::Int:
            return tagged('i', std::to_string(k->integer));
        case Kind::Bool:
            return k->boolean ? "i1" : "i0";
        default:
            return {};
    }
}

DictData& ensure_dict(Value* v) {
    if (!v->dict)
        v->dict = std::make_unique<DictData>();
    return *v->dict;
}

void set_item(Value* target, Value* key, Value* value) {
    if (target->kind != Kind::Dict && target->kind != Kind::Object) {
        throw Failure(std::string("SETITEM on a ") + kind_name(target->kind));
    }
    DictData& d = ensure_dict(target);
    const std::string k = dict_key(key);
    if (!k.empty()) {
        auto [it, inserted] = d.index.emplace(k, d.items.size());
        if (!inserted) {
            d.items[it->second].second = value;  // Python keeps the first position
            return;
        }
    }
    d.items.emplace_back(key, value);
}

class Machine {
public:
    Machine(ByteSource& src, Arena& arena, const Hooks& hooks)
        : src_(src), arena_(arena), hooks_(hooks) {}

    Value* run();
    std::uint64_t op_position() const { return op_pos_; }

private:
    template <typename T>
    T read_le() {
        unsigned char b[sizeof(T)];
        src_.read(b, sizeof(T));
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i)
            v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
        return static_cast<T>(v);
    }
    std::string read_bytes(std::uint64_t n) {
        if (n > src_.remaining())
            throw Failure("truncated pickle (a string runs past the end)");
        std::string s(n, '\0');
        src_.read(s.data(), n);
        return s;
    }
    std::string read_line() {
        std::string s;
        char c = 0;
        for (;;) {
            src_.read(&c, 1);
            if (c == '\n')
                return s;
            if (s.size() >= kMaxLine)
                throw Failure("text line too long");
            s.push_back(c);
        }
    }

    void charge(std::size_t items) {
        copies_ += items;
        if (copies_ > kMaxCopies)
            throw Failure("pickle too large (containers copied too often)");
    }
    void check_slots() const {
        if (stack_.size() + marks_.size() + memo_.size() >= kMaxSlots) {
            throw Failure("pickle too large (stack or memo overflow)");
        }
    }
    void push(Value* v) {
        check_slots();
        stack_.push_back(v);
    }
    Value* pop() {
        if (stack_.size() <= floor())
            throw Failure("stack underflow");
        Value* v = stack_.back();
        stack_.pop_back();
        return v;
    }
    Value* top() {
        if (stack_.size() <= floor())
            throw Failure("stack underflow");
        return stack_.back();
    }
    std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    std::vector<Value*> pop_mark() {
        if (marks_.empty())
            throw Failure("MARK missing");
        const std::size_t start = marks_.back();
        marks_.pop_back();
        std::vector<Value*> items(stack_.begin() + static_cast<std::ptrdiff_t>(start),
                                  stack_.end());
        stack_.resize(start);
        return items;
    }
    Value* make_tuple(std::vector<Value*> items) {
        Value* t = arena_.make(Kind::Tuple);
        t->items = std::move(items);
        return t;
    }
    Value* make_int(std::int64_t i) {
        Value* v = arena_.make(Kind::Int);
        v->integer = i;
        return v;
    }
    Value* make_long(const std::string& bytes);
    Value* make_global(const std::string& module, const std::string& name);
    Value* construct(Value* callable, Value* args);
    void memo_put(std::uint64_t index) {
        check_slots();
        memo_[index] = top();
    }
    Value* memo_get(std::uint64_t index) {
        auto it = memo_.find(index);
        if (it == memo_.end())
            throw Failure("memo entry " + std::to_string(index) + " missing");
        return it->second;
    }

    ByteSource& src_;
    Arena& arena_;
    const Hooks& hooks_;
    std::vector<Value*> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint64_t, Value*> memo_;
    std::uint64_t op_pos_ = 0;
    std::size_t copies_ = 0;
};

Value* Machine::make_long(const std::string& bytes) {
    if (bytes.size() <= 8) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
        }
        if (!bytes.empty() && bytes.size() < 8 &&
            (static_cast<unsigned char>(bytes.back()) & 0x80)) {
            v |= ~std::uint64_t{0} << (8 * bytes.size());  // sign-extend
        }
        return make_int(static_cast<std::int64_t>(v));
    }
    return arena_.make_str(Kind::BigInt, bytes);
}

Value* Machine::make_global(const std::string& module, const std::string& name) {
    // Python 2 pickles name the builtins module differently.
    const std::string mod = module == "__builtin__" ? "builtins" : module;
    return arena_.make_str(Kind::Global, mod + "." + name);
}

Value* Machine::construct(Value* callable, Value* args) {
    const std::vector<Value*> no_args;
    const std::vector<Value*>& a =
        args->kind == Kind::Tuple || args->kind == Kind::List ? args->items : no_args;
    if (callable->kind == Kind::Global) {
        const std::string& name = callable->text;
        if (name == "collections.OrderedDict" || name == "builtins.dict") {
            Value* d = arena_.make(Kind::Dict);
            d->dict = std::make_unique<DictData>();
            if (!a.empty() && (a[0]->kind == Kind::Dict || a[0]->kind == Kind::List))
                charge(a[0]->kind == Kind::Dict ? a[0]->dict->items.size() : a[0]->items.size());
            if (!a.empty() && a[0]->kind == Kind::Dict) {
                for (auto& [k, v] : a[0]->dict->items)
                    set_item(d, k, v);
            } else if (!a.empty() && a[0]->kind == Kind::List) {
                for (Value* pair : a[0]->items) {
                    if ((pair->kind != Kind::Tuple && pair->kind != Kind::List) ||
                        pair->items.size() != 2) {
                        throw Failure(name + " built from something other than pairs");
                    }
                    set_item(d, pair->items[0], pair->items[1]);
                }
            }
            return d;
        }
        if (name == "builtins.set" || name == "builtins.frozenset") {
            Value* s = arena_.make(Kind::Set);
            if (!a.empty() && a[0]->kind == Kind::List) {
                charge(a[0]->items.size());
                s->items = a[0]->items;
            }
            return s;
        }
        if (name == "torch.Size" && a.size() == 1 && a[0]->kind == Kind::Tuple) {
            charge(a[0]->items.size());
            return make_tuple(a[0]->items);
        }
        // LibTorch's torch::pickle_save wraps typed containers in restore_type_tag(obj,
        // "Dict[...]"); the type tag only matters to TorchScript, so the object itself is what was
        // saved.
        if (name == "torch.jit._pickle.restore_type_tag" && !a.empty()) {
            return a[0];
        }
        if (hooks_.reduce) {
            if (Value* v = hooks_.reduce(arena_, name, args))
                return v;
        }
    }
    Value* obj = arena_.make(Kind::Object);
    obj->callable = callable;
    obj->args = args;
    return obj;
}

Value* Machine::run() {
    for (;;) {
        op_pos_ = src_.position();
        unsigned char op = 0;
        src_.read(&op, 1);
        switch (op) {
            case 0x80: {  // PROTO
                unsigned char proto = 0;
                src_.read(&proto, 1);
                if (proto > 5)
                    throw Failure("pickle protocol " + std::to_string(proto));
                break;
            }
            case 0x95: {  // FRAME: a length hint only
                const auto len = read_le<std::uint64_t>();
                if (len > src_.remaining())
                    throw Failure("truncated pickle (frame too long)");
                break;
            }
            case 0x2e:  // STOP
                if (stack_.empty())
                    throw Failure("STOP with an empty stack");
                return stack_.back();
            case 0x28:  // MARK
                check_slots();
                marks_.push_back(stack_.size());
                break;
            case 0x30:
                pop();
                break;  // POP
            case 0x31:
                pop_mark();
                break;  // POP_MARK
            case 0x32:
                push(top());
                break;  // DUP
            case 0x4e:
                push(arena_.make(Kind::None));
                break;    // NONE
            case 0x88:    // NEWTRUE
            case 0x89: {  // NEWFALSE
                Value* b = arena_.make(Kind::Bool);
                b->boolean = op == 0x88;
                push(b);
                break;
            }
            case 0x4a:
                push(make_int(read_le<std::int32_t>()));
                break;  // BININT
            case 0x4b:
                push(make_int(read_le<std::uint8_t>()));
                break;  // BININT1
            case 0x4d:
                push(make_int(read_le<std::uint16_t>()));
                break;  // BININT2
            case 0x8a:
                push(make_long(read_bytes(read_le<std::uint8_t>())));
                break;    // LONG1
            case 0x8b: {  // LONG4
                const auto n = read_le<std::int32_t>();
                if (n < 0)
                    throw Failure("negative LONG4 length");
                push(make_long(read_bytes(static_cast<std::uint64_t>(n))));
                break;
            }
            case 0x47: {  // BINFLOAT (big-endian)
                unsigned char b[8];
                src_.read(b, 8);
                std::uint64_t bits = 0;
                for (unsigned char c : b)
                    bits = (bits << 8) | c;
                Value* f = arena_.make(Kind::Float);
                std::memcpy(&f->real, &bits, 8);
                push(f);
                break;
            }
            case 0x58:
                push(arena_.make_str(Kind::Str, read_bytes(read_le<std::uint32_t>())));
                break;
            case 0x8c:
                push(arena_.make_str(Kind::Str, read_bytes(read_le<std::uint8_t>())));
                break;
            case 0x8d:
                push(arena_.make_str(Kind::Str, read_bytes(read_le<std::uint64_t>())));
                break;
            case 0x54: {  // BINSTRING (Python 2 str): treated as text, like torch.load does
                const auto n = read_le<std::int32_t>();
                if (n < 0)
                    throw Failure("negative BINSTRING length");
                push(arena_.make_str(Kind::Str, read_bytes(static_cast<std::uint64_t>(n))));
                break;
            }
            case 0x55:
                push(arena_.make_str(Kind::Str, read_bytes(read_le<std::uint8_t>())));
                break;
            case 0x42:
                push(arena_.make_str(Kind::Bytes, read_bytes(read_le<std::uint32_t>())));
                break;
            case 0x43:
                push(arena_.make_str(Kind::Bytes, read_bytes(read_le<std::uint8_t>())));
                break;
            case 0x8e:  // BINBYTES8
            case 0x96:  // BYTEARRAY8
                push(arena_.make_str(Kind::Bytes, read_bytes(read_le<std::uint64_t>())));
                break;
            case 0x7d: {  // EMPTY_DICT
                Value* d = arena_.make(Kind::Dict);
                d->dict = std::make_unique<DictData>();
                push(d);
                break;
            }
            case 0x64: {  // DICT
                auto items = pop_mark();
                if (items.size() % 2)
                    throw Failure("DICT with an odd number of items");
                Value* d = arena_.make(Kind::Dict);
                d->dict = std::make_unique<DictData>();
                for (std::size_t i = 0; i < items.size(); i += 2)
                    set_item(d, items[i], items[i + 1]);
                push(d);
                break;
            }
            case 0x5d:
                push(arena_.make(Kind::List));
                break;    // EMPTY_LIST
            case 0x6c: {  // LIST
                Value* l = arena_.make(Kind::List);
                l->items = pop_mark();
                push(l);
                break;
            }
            case 0x29:
                push(make_tuple({}));
                break;  // EMPTY_TUPLE
            case 0x74:
                push(make_tuple(pop_mark()));
                break;    // TUPLE
            case 0x85:    // TUPLE1
            case 0x86:    // TUPLE2
            case 0x87: {  // TUPLE3
                const std::size_t n = op - 0x84u;
                std::vector<Value*> items(n);
                for (std::size_t i = n; i-- > 0;)
                    items[i] = pop();
                push(make_tuple(std::move(items)));
                break;
            }
            case 0x8f:
                push(arena_.make(Kind::Set));
                break;    // EMPTY_SET
            case 0x91: {  // FROZENSET
                Value* s = arena_.make(Kind::Set);
                s->items = pop_mark();
                push(s);
                break;
            }
            case 0x90:    // ADDITEMS
            case 0x65: {  // APPENDS
                auto items = pop_mark();
                Value* target = top();
                const bool ok = op == 0x90
                                    ? target->kind == Kind::Set
                                    : target->kind == Kind::List || target->kind == Kind::Object;
                if (!ok)
                    throw Failure(std::string("adding items to a ") + kind_name(target->kind));
                target->items.insert(target->items.end(), items.begin(), items.end());
                break;
            }
            case 0x61: {  // APPEND
                Value* item = pop();
                Value* target = top();
                if (target->kind != Kind::List && target->kind != Kind::Object) {
                    throw Failure(std::string("APPEND to a ") + kind_name(target->kind));
                }
                target->items.push_back(item);
                break;
            }
            case 0x73: {  // SETITEM
                Value* value = pop();
                Value* key = pop();
                set_item(top(), key, value);
                break;
            }
            case 0x75: {  // SETITEMS
                auto items = pop_mark();
                if (items.size() % 2)
                    throw Failure("SETITEMS with an odd number of items");
                Value* target = top();
                for (std::size_t i = 0; i < items.size(); i += 2) {
                    set_item(target, items[i], items[i + 1]);
                }
                break;
            }
            case 0x71:
                memo_put(read_le<std::uint8_t>());
                break;  // BINPUT
            case 0x72:
                memo_put(read_le<std::uint32_t>());
                break;  // LONG_BINPUT
            case 0x94:
                memo_put(memo_.size());
                break;  // MEMOIZE
            case 0x68:
                push(memo_get(read_le<std::uint8_t>()));
                break;  // BINGET
            case 0x6a:
                push(memo_get(read_le<std::uint32_t>()));
                break;    // LONG_BINGET
            case 0x63: {  // GLOBAL
                std::string module = read_line();
                std::string name = read_line();
                push(make_global(module, name));
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                Value* name = pop();
                Value* module = pop();
                if (name->kind != Kind::Str || module->kind != Kind::Str) {
                    throw Failure("STACK_GLOBAL without two strings");
                }
                push(make_global(module->text, name->text));
                break;
            }
            case 0x52:    // REDUCE
            case 0x81: {  // NEWOBJ
                Value* args = pop();
                Value* callable = pop();
                push(construct(callable, args));
                break;
            }
            case 0x92: {  // NEWOBJ_EX
                pop();    // kwargs
                Value* args = pop();
                Value* cls = pop();
                push(construct(cls, args));
                break;
            }
            case 0x62: {  // BUILD: keep the state; only opaque objects and OrderedDicts get one
                Value* state = pop();
                top()->state = state;
                break;
            }
            case 0x51:    // BINPERSID
            case 0x50: {  // PERSID
                Value* pid = op == 0x51 ? pop() : arena_.make_str(Kind::Str, read_line());
                if (!hooks_.persistent_load)
                    throw Failure("persistent id without a loader");
                push(hooks_.persistent_load(arena_, pid));
                break;
            }
            default:
                throw Failure("unsupported opcode " + hex_byte(op));
        }
    }
}

}  // namespace

Value* unpickle(ByteSource& source, Arena& arena, const Hooks& hooks,
                const std::filesystem::path& file, const std::string& what) {
    Machine m(source, arena, hooks);
    auto where = [&] { return what + " at byte " + std::to_string(m.op_position()) + ": "; };
    try {
        return m.run();
    } catch (const Error& e) {
        if (e.file().empty())
            throw Error(file, where() + e.problem());
        throw;
    } catch (const c10::Error& e) {
        throw Error(file, where() + e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        throw Error(file, where() + "out of memory");
    } catch (const std::exception& e) {
        throw Error(file, where() + e.what());
    }
}

}  // namespace amr::nn::pickle
