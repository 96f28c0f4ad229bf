#include "engine/core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"

namespace amr {
namespace {

std::filesystem::path make_temp_name(const std::filesystem::path& target) {
    static std::atomic<unsigned> counter{0};
    std::string name(1, '.');
    name += target.filename().string();
    name += ".tmp-";
    name += std::to_string(::getpid());
    name += '-';
    name += std::to_string(counter.fetch_add(1));
    return target.parent_path() / name;
}

void fsync_directory(const std::filesystem::path& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    temp_ = make_temp_name(target_);
    file_ = std::fopen(temp_.c_str(), "wb");
    if (!file_) {
        int err = errno;
        throw Error(target_, "cannot create a file in " + target_.parent_path().string() + ": " +
                                 errno_text(err));
    }
}

AtomicFile::~AtomicFile() {
    if (file_)
        std::fclose(file_);
    if (!committed_) {
        std::error_code ec;
        std::filesystem::remove(temp_, ec);
    }
}

void AtomicFile::write(std::string_view bytes) {
    if (bytes.empty())
        return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
        int err = errno;
        throw Error(target_, "cannot write: " + errno_text(err));
    }
}

void AtomicFile::commit() {
    if (committed_)
        return;
    int err = 0;
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0)
        err = errno;
    if (std::ferror(file_) && err == 0)
        err = EIO;
    int close_rc = std::fclose(file_);
    file_ = nullptr;
    if (err == 0 && close_rc != 0)
        err = errno;
    if (err != 0)
        throw Error(target_, "cannot write: " + errno_text(err));
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        err = errno;
        throw Error(target_, "cannot replace the file: " + errno_text(err));
    }
    committed_ = true;
    fsync_directory(target_.parent_path());
}

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes) {
    AtomicFile file(target);
    file.write(bytes);
    file.commit();
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw Error(path, "no such file");
        throw Error(path, "cannot open the file for reading");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw Error(path, "read error");
    return std::move(ss).str();
}

}  // namespace amr
