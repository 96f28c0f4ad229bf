#include "engine/cam/cam_store.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <system_error>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace fs = std::filesystem;

namespace amr::cam {

namespace {

constexpr char kMagic[8] = {'A', 'M', 'R', 'C', 'A', 'M', '\0', '\1'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kFlagHighRes = 1;
constexpr std::uint32_t kMaxSide = 1u << 15;
constexpr std::uint32_t kMaxClasses = 254;  // label values keys+1 must fit a byte below 255
constexpr std::uint32_t kMaxFingerprint = 4096;

std::uint64_t checksum(const char* data, std::size_t size) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ size;
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, data + i, 8);
        h = (h ^ word) * 0x100000001B3ull;
        h ^= h >> 29;
    }
    for (; i < size; ++i)
        h = (h ^ static_cast<unsigned char>(data[i])) * 0x100000001B3ull;
    return h ^ (h >> 32);
}

void put_u32(std::string& out, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 24)};
    out.append(b, 4);
}

void put_u64(std::string& out, std::uint64_t v) {
    put_u32(out, static_cast<std::uint32_t>(v));
    put_u32(out, static_cast<std::uint32_t>(v >> 32));
}

// Bounds-checked little-endian reader over a file's bytes.
class Reader {
public:
    Reader(const std::string& bytes, const fs::path& file) : bytes_(bytes), file_(file) {}

    const char* take(std::size_t n) {
        if (n > bytes_.size() - pos_)
            throw Error(file_, "truncated CAM file");
        const char* p = bytes_.data() + pos_;
        pos_ += n;
        return p;
    }
    std::uint32_t u32() {
        const auto* b = reinterpret_cast<const unsigned char*>(take(4));
        return b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
    }
    std::uint64_t u64() {
        const std::uint64_t lo = u32();
        return lo | (static_cast<std::uint64_t>(u32()) << 32);
    }
    std::size_t pos() const { return pos_; }
    std::size_t remaining() const { return bytes_.size() - pos_; }

private:
    const std::string& bytes_;
    const fs::path& file_;
    std::size_t pos_ = 0;
};

struct Header {
    std::uint32_t height = 0, width = 0, classes = 0, sh = 0, sw = 0, flags = 0;
    std::string fingerprint;
    std::vector<int> keys;
    std::uint64_t checksum = 0;
};

// Parses and validates everything before the payload.
Header read_header(Reader& in, const fs::path& file) {
    if (std::memcmp(in.take(8), kMagic, 8) != 0)
        throw Error(file, "not an AMR CAM file");
    const std::uint32_t version = in.u32();
    if (version != kVersion)
        throw Error(file, "CAM file version " + std::to_string(version) + ", expected " +
                              std::to_string(kVersion) + " (recompute the CAMs)");
    Header h;
    h.height = in.u32();
    h.width = in.u32();
    h.classes = in.u32();
    h.sh = in.u32();
    h.sw = in.u32();
    h.flags = in.u32();
    if (h.height == 0 || h.width == 0 || h.height > kMaxSide || h.width > kMaxSide)
        throw Error(file, "corrupt CAM file: bad image size");
    if (h.classes > kMaxClasses)
        throw Error(file, "corrupt CAM file: too many classes");
    if (h.sh != (h.height + 3) / 4 || h.sw != (h.width + 3) / 4)
        throw Error(file, "corrupt CAM file: strided size does not match the image size");
    if ((h.flags & ~kFlagHighRes) != 0)
        throw Error(file, "corrupt CAM file: unknown flags");
    const std::uint32_t n = in.u32();
    if (n > kMaxFingerprint)
        throw Error(file, "corrupt CAM file: bad fingerprint length");
    h.fingerprint.assign(in.take(n), n);
    std::set<int> seen;
    for (std::uint32_t k = 0; k < h.classes; ++k) {
        const std::uint32_t key = in.u32();
        if (key >= kMaxClasses || !seen.insert(static_cast<int>(key)).second)
            throw Error(file, "corrupt CAM file: bad class key " + std::to_string(key));
        h.keys.push_back(static_cast<int>(key));
    }
    h.checksum = in.u64();
    return h;
}

std::size_t payload_size(const Header& h) {
    const std::size_t strided = static_cast<std::size_t>(h.sh) * h.sw;
    const std::size_t full = static_cast<std::size_t>(h.height) * h.width;
    return 2 * 2 * h.classes * (strided + ((h.flags & kFlagHighRes) != 0 ? full : 0));
}

void check_planes(const CamPlanes& planes, std::size_t count, int rows, int cols,
                  const fs::path& where, const std::string& what) {
    if (planes.size() != count)
        throw Error(where, what + " has " + std::to_string(planes.size()) + " planes, expected " +
                               std::to_string(count));
    for (const cv::Mat& p : planes)
        if (p.type() != CV_32FC1 || p.rows != rows || p.cols != cols)
            throw Error(where, what + " planes must be CV_32FC1 of " + std::to_string(rows) + "x" +
                                   std::to_string(cols));
}

void encode_planes(const CamPlanes& planes, std::string& out) {
    for (const cv::Mat& p : planes) {
        const std::size_t at = out.size();
        out.resize(at + p.total() * 2);
        auto* dst = reinterpret_cast<unsigned char*>(out.data() + at);
        for (int y = 0; y < p.rows; ++y) {
            const float* row = p.ptr<float>(y);
            for (int x = 0; x < p.cols; ++x) {
                const std::uint16_t h = float_to_half(row[x]);
                *dst++ = static_cast<unsigned char>(h);
                *dst++ = static_cast<unsigned char>(h >> 8);
            }
        }
    }
}

const std::array<float, 65536>& half_table() {
    static const std::array<float, 65536> table = [] {
        std::array<float, 65536> t{};
        for (std::uint32_t i = 0; i < 65536; ++i) {
            const std::uint32_t sign = (i & 0x8000u) << 16;
            const std::uint32_t exp = (i >> 10) & 0x1f, man = i & 0x3ff;
            std::uint32_t bits;
            if (exp == 0) {
                const float v = static_cast<float>(man) * (1.0f / 16777216.0f);  // man * 2^-24
                std::memcpy(&bits, &v, 4);
                bits |= sign;
            } else if (exp == 31) {
                bits = sign | 0x7f800000u | (man << 13);
            } else {
                bits = sign | ((exp + 112) << 23) | (man << 13);
            }
            std::memcpy(&t[i], &bits, 4);
        }
        return t;
    }();
    return table;
}

CamPlanes decode_planes(const char* data, int count, int rows, int cols) {
    const auto& table = half_table();
    const auto* src = reinterpret_cast<const unsigned char*>(data);
    CamPlanes planes;
    planes.reserve(count);
    for (int k = 0; k < count; ++k) {
        cv::Mat p(rows, cols, CV_32FC1);
        float* dst = p.ptr<float>();
        const std::size_t n = static_cast<std::size_t>(rows) * cols;
        for (std::size_t i = 0; i < n; ++i)
            dst[i] = table[src[2 * i] | (src[2 * i + 1] << 8)];
        src += 2 * n;
        planes.push_back(std::move(p));
    }
    return planes;
}

void check_id(const std::string& id) {
    if (id.empty() || id == "." || id == ".." ||
        id.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
        throw Error("invalid image id for the CAM store: '" + id + "'");
}

}  // namespace

std::uint16_t float_to_half(float value) {
    std::uint32_t x;
    std::memcpy(&x, &value, 4);
    const std::uint16_t sign = static_cast<std::uint16_t>((x >> 16) & 0x8000u);
    const std::uint32_t ax = x & 0x7fffffffu;
    if (ax >= 0x7f800000u)  // infinity or NaN (keep NaN quiet and non-zero)
        return sign | 0x7c00 | (ax > 0x7f800000u ? 0x200 | ((ax >> 13) & 0x3ff) : 0);
    if (ax >= 0x477ff000u)
        return sign | 0x7c00;  // >= 65520 rounds to infinity
    if (ax < 0x38800000u) {    // below 2^-14: half subnormal or zero
        const std::uint32_t e = ax >> 23;
        if (e < 102)
            return sign;
        const std::uint32_t m = (ax & 0x7fffffu) | 0x800000u;
        const std::uint32_t shift = 126 - e;
        std::uint32_t h = m >> shift;
        const std::uint32_t rem = m & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rem > halfway || (rem == halfway && (h & 1)))
            ++h;
        return static_cast<std::uint16_t>(sign | h);
    }
    std::uint32_t h = (ax - 0x38000000u) >> 13;  // rebias the exponent from 127 to 15
    const std::uint32_t rem = ax & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1)))
        ++h;  // a carry correctly bumps the exponent
    return static_cast<std::uint16_t>(sign | h);
}

float half_to_float(std::uint16_t bits) {
    return half_table()[bits];
}

void CamEntry::check(const fs::path& where) const {
    if (height <= 0 || width <= 0 || height > static_cast<int>(kMaxSide) ||
        width > static_cast<int>(kMaxSide))
        throw Error(where,
                    "bad image size " + std::to_string(height) + "x" + std::to_string(width));
    if (keys.size() > kMaxClasses)
        throw Error(where, "too many classes");
    std::set<int> seen;
    for (int key : keys)
        if (key < 0 || key >= static_cast<int>(kMaxClasses) || !seen.insert(key).second)
            throw Error(where, "bad or repeated class key " + std::to_string(key));
    const int sh = (height + 3) / 4, sw = (width + 3) / 4;
    check_planes(spotlight.strided, keys.size(), sh, sw, where, "spotlight stride-4 CAM");
    check_planes(compensation.strided, keys.size(), sh, sw, where, "compensation stride-4 CAM");
    const bool hr = !spotlight.high_res.empty() || !compensation.high_res.empty();
    if (hr && !keys.empty()) {
        check_planes(spotlight.high_res, keys.size(), height, width, where, "spotlight full CAM");
        check_planes(compensation.high_res, keys.size(), height, width, where,
                     "compensation full CAM");
    }
}

CamStore::CamStore(fs::path dir, std::string fingerprint)
    : dir_(std::move(dir)), fingerprint_(std::move(fingerprint)) {
    if (fingerprint_.size() > kMaxFingerprint)
        throw Error("CAM store fingerprint is too long");
}

fs::path CamStore::path_of(const std::string& id) const {
    check_id(id);
    return dir_ / (id + ".cam");
}

bool CamStore::has_fresh(const std::string& id) const {
    const fs::path file = path_of(id);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return false;
    try {
        // The header and the file size decide freshness; a damaged payload is found by get().
        FILE* f = std::fopen(file.c_str(), "rb");
        if (!f)
            return false;
        std::string head(64 + kMaxFingerprint + 4 * kMaxClasses, '\0');
        head.resize(std::fread(head.data(), 1, head.size(), f));
        std::fclose(f);
        Reader in(head, file);
        const Header h = read_header(in, file);
        return h.fingerprint == fingerprint_ &&
               fs::file_size(file, ec) == in.pos() + payload_size(h) && !ec;
    } catch (const Error&) {
        return false;
    }
}

std::string CamStore::fingerprint_of(const fs::path& file) {
    FILE* f = std::fopen(file.c_str(), "rb");
    if (!f)
        throw Error(file, "cannot open the CAM file: " + errno_text(errno));
    std::string head(64 + kMaxFingerprint + 4 * kMaxClasses, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), f));
    std::fclose(f);
    Reader in(head, file);
    return read_header(in, file).fingerprint;
}

CamStore CamStore::of_entry(const fs::path& dir, const std::string& id) {
    return CamStore(dir, fingerprint_of(CamStore(dir, "").path_of(id)));
}

void CamStore::put(const std::string& id, const CamEntry& entry) const {
    const fs::path file = path_of(id);
    entry.check(file);
    const bool hr = entry.has_high_res() && !entry.keys.empty();
    std::string payload;
    const std::size_t k = entry.keys.size();
    const std::size_t strided =
        static_cast<std::size_t>((entry.height + 3) / 4) * ((entry.width + 3) / 4);
    const std::size_t full = static_cast<std::size_t>(entry.height) * entry.width;
    payload.reserve(2 * 2 * k * (strided + (hr ? full : 0)));
    encode_planes(entry.spotlight.strided, payload);
    encode_planes(entry.compensation.strided, payload);
    if (hr) {
        encode_planes(entry.spotlight.high_res, payload);
        encode_planes(entry.compensation.high_res, payload);
    }

    std::string out(kMagic, 8);
    put_u32(out, kVersion);
    put_u32(out, static_cast<std::uint32_t>(entry.height));
    put_u32(out, static_cast<std::uint32_t>(entry.width));
    put_u32(out, static_cast<std::uint32_t>(k));
    put_u32(out, static_cast<std::uint32_t>((entry.height + 3) / 4));
    put_u32(out, static_cast<std::uint32_t>((entry.width + 3) / 4));
    put_u32(out, hr ? kFlagHighRes : 0);
    put_u32(out, static_cast<std::uint32_t>(fingerprint_.size()));
    out += fingerprint_;
    for (int key : entry.keys)
        put_u32(out, static_cast<std::uint32_t>(key));
    put_u64(out, checksum(payload.data(), payload.size()));

    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec)
        throw Error(dir_, "cannot create the CAM folder: " + ec.message());
    AtomicFile af(file);
    af.write(out);
    af.write(payload);
    af.commit();
}

CamEntry CamStore::get(const std::string& id) const {
    const fs::path file = path_of(id);
    const std::string bytes = read_file(file);
    Reader in(bytes, file);
    const Header h = read_header(in, file);
    if (h.fingerprint != fingerprint_)
        throw Error(file, "stale CAMs: made by another model (fingerprint '" + h.fingerprint +
                              "', expected '" + fingerprint_ + "')");
    const bool hr = (h.flags & kFlagHighRes) != 0;
    const std::size_t strided = static_cast<std::size_t>(h.sh) * h.sw;
    const std::size_t full = static_cast<std::size_t>(h.height) * h.width;
    const std::size_t payload = payload_size(h);
    if (in.remaining() < payload)
        throw Error(file, "truncated CAM file");
    if (in.remaining() > payload)
        throw Error(file, "corrupt CAM file: trailing bytes");
    const char* data = in.take(payload);
    if (checksum(data, payload) != h.checksum)
        throw Error(file, "corrupt CAM file: checksum mismatch");

    CamEntry e;
    e.height = static_cast<int>(h.height);
    e.width = static_cast<int>(h.width);
    e.keys = h.keys;
    const int k = static_cast<int>(h.classes);
    e.spotlight.strided = decode_planes(data, k, h.sh, h.sw);
    data += 2 * k * strided;
    e.compensation.strided = decode_planes(data, k, h.sh, h.sw);
    data += 2 * k * strided;
    if (hr) {
        e.spotlight.high_res = decode_planes(data, k, e.height, e.width);
        data += 2 * k * full;
        e.compensation.high_res = decode_planes(data, k, e.height, e.width);
    }
    return e;
}

std::vector<std::string> CamStore::stale_ids(const std::vector<std::string>& ids) const {
    std::vector<std::string> stale;
    for (const std::string& id : ids)
        if (!has_fresh(id))
            stale.push_back(id);
    return stale;
}

}  // namespace amr::cam
