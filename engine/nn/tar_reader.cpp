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
// Entries are read into memory: refuse sizes no model package needs (a header claiming more is
// damaged or hostile), and long names / pax headers past 1 MiB.
constexpr std::uint64_t kMaxEntry = std::uint64_t{8} << 30;
constexpr std::uint64_t kMaxNameRecord = std::uint64_t{1} << 20;

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

// pax extended header records: "<len> <key>=<value>\n", where <len> counts the whole record.
// Sets `path` when a path record is present; false for a malformed header.
bool pax_path(const std::string& data, std::string& path) {
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t len = 0, i = pos;
        for (; i < data.size() && data[i] >= '0' && data[i] <= '9' && len <= data.size(); ++i)
            len = len * 10 + static_cast<std::size_t>(data[i] - '0');
        // The record holds its length, a space and at least the closing newline.
        if (i == pos || i >= data.size() || data[i] != ' ' || len > data.size() - pos ||
            pos + len < i + 2 || data[pos + len - 1] != '\n')
            return false;
        std::string rec = data.substr(i + 1, pos + len - i - 2);  // without the newline
        if (rec.rfind("path=", 0) == 0)
            path = rec.substr(5);
        pos += len;
    }
    return true;
}

// Reads n bytes, growing the buffer as data really arrives: a header that lies about the size of
// its entry costs memory only as far as the archive goes on.
std::string read_data(Stream& in, const std::filesystem::path& archive, std::size_t n) {
    constexpr std::size_t kStep = std::size_t{1} << 24;
    std::string out;
    while (out.size() < n) {
        const std::size_t part = std::min(n - out.size(), kStep);
        const std::size_t at = out.size();
        out.resize(at + part);
        if (!in.read(out.data() + at, part))
            throw Error(archive, "the archive is truncated");
    }
    return out;
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
        if (size > kMaxEntry || ((type == 'L' || type == 'x') && size > kMaxNameRecord))
            throw Error(archive, "corrupt tar header at byte " + std::to_string(header_at) +
                                     " (an entry of " + std::to_string(size) + " bytes)");
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
            std::string data = read_data(in, archive, padded);
            data.resize(size);
            if (type == 'L')
                long_name = field(data.data(), data.size());
            else if (!pax_path(data, long_name))
                throw Error(archive, "corrupt pax header at byte " + std::to_string(header_at));
            continue;
        }
        const bool regular = type == '0' || type == '\0' || type == '7';
        if (regular && (!want || want(name))) {
            TarEntry e;
            e.name = name;
            e.data = read_data(in, archive, padded);
            e.data.resize(size);
            out.push_back(std::move(e));
        } else if (padded > 0 && !in.read(nullptr, padded)) {
            throw Error(archive, "the archive is truncated");
        }
    }
    return out;
}

}  // namespace amr::nn
