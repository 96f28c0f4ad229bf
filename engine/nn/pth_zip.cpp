#include "engine/nn/pth_zip.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "engine/core/error.h"

namespace amr::nn {
namespace {

constexpr std::uint32_t kLocalHeaderSig = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kEnd64Sig = 0x06064b50;
constexpr std::uint32_t kEnd64LocatorSig = 0x07064b50;
constexpr std::uint64_t kChunk = 1u << 20;

std::uint16_t le16(const unsigned char* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint64_t le64(const unsigned char* p) {
    return static_cast<std::uint64_t>(le32(p)) | (static_cast<std::uint64_t>(le32(p + 4)) << 32);
}

std::uint32_t update_crc(std::uint32_t crc, const unsigned char* data, std::uint64_t n) {
    while (n > 0) {
        const auto part = static_cast<uInt>(std::min<std::uint64_t>(n, 1u << 30));
        crc = static_cast<std::uint32_t>(::crc32(crc, data, part));
        data += part;
        n -= part;
    }
    return crc;
}

}  // namespace

bool ZipArchive::looks_like_zip(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::array<unsigned char, 4> magic{};
    if (!in.read(reinterpret_cast<char*>(magic.data()), 4))
        return false;
    const std::uint32_t sig = le32(magic.data());
    return sig == kLocalHeaderSig || sig == kEndSig;
}

ZipArchive::ZipArchive(const std::filesystem::path& file) : file_(file) {
    in_.open(file, std::ios::binary);
    if (!in_)
        throw Error(file, "cannot open the file");
    std::error_code ec;
    file_size_ = std::filesystem::file_size(file, ec);
    if (ec)
        throw Error(file, "cannot read the file size: " + ec.message());
    read_central_directory();
}

void ZipArchive::read_at(std::uint64_t offset, void* dst, std::uint64_t n) {
    if (offset > file_size_ || n > file_size_ - offset) {
        throw Error(file_, "truncated zip archive (a record points past the end of the file)");
    }
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    auto* out = static_cast<char*>(dst);
    while (n > 0) {
        const auto part = static_cast<std::streamsize>(std::min<std::uint64_t>(n, 1u << 30));
        if (!in_.read(out, part))
            throw Error(file_, "read error in the zip archive");
        out += part;
        n -= static_cast<std::uint64_t>(part);
    }
}

void ZipArchive::read_central_directory() {
    if (file_size_ < 22)
        throw Error(file_, "truncated zip archive (no end of central directory)");
    // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
    const std::uint64_t tail_size = std::min<std::uint64_t>(file_size_, 22 + 0xffff);
    std::vector<unsigned char> tail(tail_size);
    read_at(file_size_ - tail_size, tail.data(), tail_size);
    std::int64_t end_pos = -1;
    for (std::int64_t i = static_cast<std::int64_t>(tail_size) - 22; i >= 0; --i) {
        const unsigned char* p = tail.data() + i;
        if (le32(p) == kEndSig && static_cast<std::uint64_t>(i) + 22 + le16(p + 20) <= tail_size) {
            end_pos = i;
            break;
        }
    }
    if (end_pos < 0) {
        throw Error(file_, "truncated or damaged zip archive (end of central directory not found)");
    }
    const unsigned char* end = tail.data() + end_pos;
    std::uint64_t count = le16(end + 10);
    std::uint64_t dir_size = le32(end + 12);
    std::uint64_t dir_offset = le32(end + 16);
    const std::uint64_t end_offset = file_size_ - tail_size + static_cast<std::uint64_t>(end_pos);

    if (count == 0xffff || dir_size == 0xffffffffu || dir_offset == 0xffffffffu) {
        // Zip64: a locator just before the end record points to the 64-bit end record.
        if (end_offset < 20)
            throw Error(file_, "damaged zip64 archive (no locator)");
        std::array<unsigned char, 20> loc{};
        read_at(end_offset - 20, loc.data(), loc.size());
        if (le32(loc.data()) != kEnd64LocatorSig) {
            throw Error(file_, "damaged zip64 archive (locator missing)");
        }
        std::array<unsigned char, 56> end64{};
        read_at(le64(loc.data() + 8), end64.data(), end64.size());
        if (le32(end64.data()) != kEnd64Sig) {
            throw Error(file_, "damaged zip64 archive (bad end of central directory)");
        }
        count = le64(end64.data() + 32);
        dir_size = le64(end64.data() + 40);
        dir_offset = le64(end64.data() + 48);
    }
    if (dir_offset > end_offset || dir_size > end_offset - dir_offset) {
        throw Error(file_, "truncated zip archive (central directory outside the file)");
    }
    if (count > dir_size / 46)
        throw Error(file_, "damaged zip archive (bad entry count)");
    directory_offset_ = dir_offset;

    std::vector<unsigned char> dir(dir_size);
    read_at(dir_offset, dir.data(), dir_size);
    std::uint64_t pos = 0;
    entries_.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        if (dir_size - pos < 46 || le32(dir.data() + pos) != kCentralHeaderSig) {
            throw Error(file_, "damaged zip archive (bad central directory entry)");
        }
        const unsigned char* h = dir.data() + pos;
        Entry e;
        e.flags = le16(h + 8);
        e.method = le16(h + 10);
        e.crc32 = le32(h + 16);
        e.compressed_size = le32(h + 20);
        e.size = le32(h + 24);
        const std::uint64_t name_len = le16(h + 28);
        const std::uint64_t extra_len = le16(h + 30);
        const std::uint64_t comment_len = le16(h + 32);
        e.local_header_offset = le32(h + 42);
        if (dir_size - pos - 46 < name_len + extra_len + comment_len) {
            throw Error(file_, "damaged zip archive (central directory entry overruns)");
        }
        e.name.assign(reinterpret_cast<const char*>(h + 46), name_len);
        // Zip64 extra field: only the fields saturated in the fixed header are present, in order.
        const unsigned char* x = h + 46 + name_len;
        std::uint64_t xpos = 0;
        while (xpos + 4 <= extra_len) {
            const std::uint16_t id = le16(x + xpos);
            const std::uint16_t len = le16(x + xpos + 2);
            if (xpos + 4 + len > extra_len)
                break;
            if (id == 0x0001) {
                const unsigned char* f = x + xpos + 4;
                std::uint64_t left = len;
                auto take = [&](std::uint64_t& field) {
                    if (field != 0xffffffffu)
                        return;
                    if (left < 8)
                        throw Error(file_, "damaged zip64 extra field in " + e.name);
                    field = le64(f);
                    f += 8;
                    left -= 8;
                };
                take(e.size);
                take(e.compressed_size);
                take(e.local_header_offset);
            }
            xpos += 4 + len;
        }
        pos += 46 + name_len + extra_len + comment_len;
        entries_.push_back(std::move(e));
    }
}

const ZipArchive::Entry* ZipArchive::find(std::string_view name) const {
    for (const auto& e : entries_) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

std::uint64_t ZipArchive::data_offset(const Entry& entry) {
    if (entry.flags & 1u)
        throw Error(file_, "zip entry " + entry.name + " is encrypted");
    if (entry.method != 0 && entry.method != 8) {
        throw Error(file_, "zip entry " + entry.name + " uses compression method " +
                               std::to_string(entry.method) +
                               " (only stored and deflate are read)");
    }
    if (entry.local_header_offset > directory_offset_ ||
        directory_offset_ - entry.local_header_offset < 30) {
        throw Error(file_, "damaged zip archive (entry " + entry.name + " outside the data area)");
    }
    std::array<unsigned char, 30> h{};
    read_at(entry.local_header_offset, h.data(), h.size());
    if (le32(h.data()) != kLocalHeaderSig) {
        throw Error(file_, "damaged zip archive (bad local header for " + entry.name + ")");
    }
    const std::uint64_t start =
        entry.local_header_offset + 30 + le16(h.data() + 26) + le16(h.data() + 28);
    if (start > directory_offset_ || entry.compressed_size > directory_offset_ - start) {
        throw Error(file_,
                    "truncated zip archive (entry " + entry.name + " overruns the data area)");
    }
    if (entry.method == 0 && entry.compressed_size != entry.size) {
        throw Error(file_, "damaged zip archive (stored entry " + entry.name + " has two sizes)");
    }
    return start;
}

bool ZipArchive::size_plausible(const Entry& entry) const {
    // Deflate ratios beyond ~1032:1 are impossible.
    const std::uint64_t packed = std::min(entry.compressed_size, file_size_);
    return entry.size <= (entry.method == 0 ? packed : packed * 1032 + 1024);
}

std::vector<char> ZipArchive::read(const Entry& entry) {
    // Refuse to allocate more than the compressed data can hold up front.
    if (!size_plausible(entry)) {
        throw Error(file_, "damaged zip archive (entry " + entry.name + " claims an absurd size)");
    }
    std::vector<char> out(entry.size);
    read_into(entry, out.data(), out.size());
    return out;
}

void ZipArchive::read_into(const Entry& entry, void* dst, std::uint64_t capacity) {
    if (capacity < entry.size) {
        throw Error(file_, "zip entry " + entry.name + " is larger than expected");
    }
    const std::uint64_t start = data_offset(entry);
    auto* out = static_cast<unsigned char*>(dst);
    std::uint32_t crc = 0;
    if (entry.method == 0) {
        read_at(start, out, entry.size);
        crc = update_crc(0, out, entry.size);
    } else {
        z_stream zs{};
        if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
            throw Error(file_, "zlib initialisation failed");
        std::vector<unsigned char> buf(kChunk);
        std::uint64_t in_left = entry.compressed_size;
        std::uint64_t in_pos = start;
        std::uint64_t produced = 0;
        int rc = Z_OK;
        while (rc != Z_STREAM_END) {
            if (zs.avail_in == 0) {
                if (in_left == 0)
                    break;
                const std::uint64_t part = std::min<std::uint64_t>(in_left, kChunk);
                try {
                    read_at(in_pos, buf.data(), part);
                } catch (...) {
                    inflateEnd(&zs);
                    throw;
                }
                in_pos += part;
                in_left -= part;
                zs.next_in = buf.data();
                zs.avail_in = static_cast<uInt>(part);
            }
            const std::uint64_t room = entry.size - produced;
            if (room == 0) {
                // Only the end-of-stream marker may remain; give zlib a byte of scratch to find it.
                unsigned char scratch = 0;
                zs.next_out = &scratch;
                zs.avail_out = 1;
                rc = inflate(&zs, Z_NO_FLUSH);
                if (zs.avail_out == 0)
                    rc = Z_DATA_ERROR;
            } else {
                zs.next_out = out + produced;
                zs.avail_out = static_cast<uInt>(std::min<std::uint64_t>(room, 1u << 30));
                const uInt before = zs.avail_out;
                rc = inflate(&zs, Z_NO_FLUSH);
                produced += before - zs.avail_out;
            }
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
                break;
            if (rc == Z_BUF_ERROR && zs.avail_in == 0 && in_left == 0)
                break;
        }
        inflateEnd(&zs);
        if (rc != Z_STREAM_END || produced != entry.size) {
            throw Error(file_, "damaged zip archive (cannot inflate " + entry.name + ")");
        }
        crc = update_crc(0, out, entry.size);
    }
    if (crc != entry.crc32) {
        throw Error(file_, "damaged zip archive (CRC mismatch in " + entry.name + ")");
    }
}

}  // namespace amr::nn
