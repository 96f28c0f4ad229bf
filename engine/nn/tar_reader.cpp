#include "engine/nn/tar_reader.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "engine/core/error.h"

namespace amr::nn {
namespace {

constexpr std::size_t kBlock = 512;

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};
using GzHandle = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

class Stream {
public:
    explicit Stream(const std::filesystem::path& file) : file_(file) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
            throw Error(file, "no such file");
        handle_.reset(gzopen(file.c_str(), "rb"));
        if (!handle_)
            throw Error(file, "cannot open the archive: " + errno_text(errno));
        gzbuffer(handle_.get(), 1 << 18);
    }

    // Reads exactly n bytes into dst (nullptr = skip); false at a clean end of data before any
    // byte.
    bool read(char* dst, std::size_t n) {
        std::string scratch;
        std::size_t done = 0;
        while (done < n) {
            const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1 << 24));
            char* out = dst;
            if (!dst) {
                scratch.resize(chunk);
                out = scratch.data();
            } else {
                out = dst + done;
            }
            int got = gzread(handle_.get(), out, chunk);
            if (got < 0) {
                int code = 0;
                const char* msg = gzerror(handle_.get(), &code);
                throw Error(file_, std::string("corrupt compressed data: ") + (msg ? msg : "?"));
            }
            if (got == 0) {
                if (done == 0)
                    return false;
                throw Error(file_, "the archive is truncated");
            }
            done += static_cast<std::size_t>(got);
        }
        offset_ += n;
        return true;
    }

    std::size_t offset() const { return offset_; }

private:
    std::filesystem::path file_;
    GzHandle handle_;
    std::size_t offset_ = 0;
};

std::string field(const char* p, std::size_t n) {
    std::size_t len = 0;
    while (len < n && p[len] != '\0')
        ++len;
    return std::string(p, len);
}

// Octal (NUL/space terminated) or GNU base-256 (high bit of the first byte set).
bool parse_number(const char* p, std::size_t n, std::uint64_t& out) {
    out = 0;
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    if (u[0] & 0x80) {
        out = u[0] & 0x7f;
        for (std::size_t i = 1; i < n; ++i)
            out = (out << 8) | u[i];
        return true;
    }
    std::size_t i = 0;
    while (i < n && p[i] == ' ')
        ++i;
    bool any = false;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; ++i, any = true)
        out = out * 8 + (p[i] - '0');
    return any || (i < n && (p[i] == '\0' || p[i] == ' '));
}

bool checksum_ok(const char* h) {
    std::uint64_t stored = 0;
    if (!parse_number(h + 148, 8, stored))
        return false;
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
    return sum == stored;
}

// pax extended header records: "<len> <key>=<value>\n".
std::string pax_path(const std::string& data) {
    std::size_t pos = 0;
    std::string path;
    while (pos < data.size()) {
        std::size_t sp = data.find(' ', pos);
        if (sp == std::string::npos)
            break;
        std::size_t len = std::strtoul(data.c_str() + pos, nullptr, 10);
        if (len == 0 || pos + len > data.size())
            break;
        std::string rec = data.substr(sp + 1, pos + len - sp - 2);  // without the newline
        if (rec.rfind("path=", 0) == 0)
            path = rec.substr(5);
        pos += len;
    }
    return path;
}

}  // namespace

std::vector<TarEntry> read_tar(const std::filesystem::path& archive,
                               const std::function<bool(const std::string&)>& want) {
    Stream in(archive);
    std::vector<TarEntry> out;
    std::array<char, kBlock> h{};
    std::string long_name;
    for (;;) {
        const std::size_t header_at = in.offset();
        if (!in.read(h.data(), kBlock))
            break;  // no end-of-archive blocks: accept
        if (std::all_of(h.begin(), h.end(), [](char c) { return c == 0; }))
            break;
        if (!checksum_ok(h.data()))
            throw Error(archive, "corrupt tar header at byte " + std::to_string(header_at) +
                                     " (is this a tar archive?)");
        std::uint64_t size = 0;
        parse_number(h.data() + 124, 12, size);
        const char type = h[156];
        std::string name = field(h.data(), 100);
        if (std::memcmp(h.data() + 257, "ustar", 5) == 0) {
            std::string prefix = field(h.data() + 345, 155);
            if (!prefix.empty())
                name = prefix + "/" + name;
        }
        if (!long_name.empty()) {
            name = long_name;
            long_name.clear();
        }
        const std::size_t padded = (size + kBlock - 1) / kBlock * kBlock;
        if (type == 'L' || type == 'x') {  // the next entry's name
            std::string data(padded, '\0');
            in.read(data.data(), padded);
            data.resize(size);
            long_name = type == 'L' ? field(data.data(), data.size()) : pax_path(data);
            continue;
        }
        const bool regular = type == '0' || type == '\0' || type == '7';
        if (regular && (!want || want(name))) {
            TarEntry e;
            e.name = name;
            e.data.resize(padded);
            in.read(e.data.data(), padded);
            e.data.resize(size);
            out.push_back(std::move(e));
        } else {
            in.read(nullptr, padded);
        }
    }
    return out;
}

}  // namespace amr::nn
