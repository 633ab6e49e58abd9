#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <ostream>
#include <string>
#include <system_error>

namespace spikescope {
namespace {

std::string reason(int error) {
  return std::generic_category().message(error);
}

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw FileError(path.string() + ": " + what + ": " + reason(error));
}

// A stream buffer on a POSIX descriptor, so that the data can be fsync'ed before the rename
// (std::ofstream offers no descriptor to sync).
class DescriptorBuffer : public std::streambuf {
 public:
  explicit DescriptorBuffer(int fd) : fd_(fd) { reset_put_area(); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  void reset_put_area() { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  bool drain() {
    const char* data = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0) {
      const ssize_t written = ::write(fd_, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        return false;
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
    reset_put_area();
    return true;
  }

  int fd_;
  int error_ = 0;
  std::array<char, 1 << 16> buffer_;
};

// The temporary file; removed unless it was renamed into place.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::filesystem::path& destination) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path directory = destination.parent_path();
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      std::string name = ".";
      name += destination.filename().string();
      name += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
      path_ = directory / name;
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) {
      fail(destination,
           "cannot create a temporary file in " +
               (directory.empty() ? std::string(".") : directory.string()),
           errno);
    }
    struct stat existing {};
    if (::stat(destination.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
      (void)::fchmod(fd_, existing.st_mode & 07777);
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!renamed_) ::unlink(path_.c_str());
  }

  int fd() const { return fd_; }
  // Flushes the data to disk and closes; returns 0 or the errno of the failure.
  int sync_and_close() {
    const int synced = ::fsync(fd_) == 0 ? 0 : errno;
    const int closed = ::close(fd_) == 0 ? 0 : errno;
    fd_ = -1;
    return synced != 0 ? synced : closed;
  }
  int rename_to(const std::filesystem::path& destination) {
    if (::rename(path_.c_str(), destination.c_str()) != 0) return errno;
    renamed_ = true;
    return 0;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool renamed_ = false;
};

// Makes the rename itself durable; a failure here loses nothing, so it is not reported.
void sync_directory(const std::filesystem::path& directory) {
  const int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& produce) {
  if (path.filename().empty()) throw FileError(path.string() + ": not a file name");
  TemporaryFile temporary(path);
  DescriptorBuffer buffer(temporary.fd());
  std::ostream stream(&buffer);
  produce(stream);
  stream.flush();
  if (!stream) fail(path, "cannot write", buffer.error() != 0 ? buffer.error() : EIO);
  if (const int error = temporary.sync_and_close(); error != 0) fail(path, "cannot write", error);
  if (const int error = temporary.rename_to(path); error != 0) fail(path, "cannot replace", error);
  sync_directory(path.parent_path());
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  write_file_atomically(path, [contents](std::ostream& out) {
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  });
}

}  // namespace spikescope
