#include "docstore/file_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace roi::docstore {
namespace {

Error SystemError(const std::string& what) {
  return UnavailableError(what + ": " + std::strerror(errno));
}

class FileSource final : public ContentSource {
 public:
  explicit FileSource(int fd) : fd_(fd) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    for (;;) {
      ssize_t got = ::read(fd_, buffer, capacity);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR) return SystemError("read spool file");
    }
  }

 private:
  int fd_;
};

class FileSpoolFile final : public SpoolFile {
 public:
  FileSpoolFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~FileSpoolFile() override {
    if (fd_ >= 0) ::close(fd_);
    ::unlink(path_.c_str());
  }
  FileSpoolFile(const FileSpoolFile&) = delete;
  FileSpoolFile& operator=(const FileSpoolFile&) = delete;

  Status Append(std::string_view bytes) override {
    if (fd_ < 0) return FailedPreconditionError("the spool file is closed");
    while (!bytes.empty()) {
      ssize_t wrote = ::write(fd_, bytes.data(), bytes.size());
      if (wrote < 0) {
        if (errno == EINTR) continue;
        return SystemError("write spool file");
      }
      bytes.remove_prefix(static_cast<std::size_t>(wrote));
    }
    return OkStatus();
  }

  Status Close() override {
    if (fd_ < 0) return OkStatus();
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return SystemError("close spool file");
    return OkStatus();
  }

  Result<std::unique_ptr<ContentSource>> Open() const override {
    if (fd_ >= 0) return FailedPreconditionError("the spool file is still being written");
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return SystemError("open spool file");
    return std::unique_ptr<ContentSource>(new FileSource(fd));
  }

  const std::string& Path() const override { return path_; }

 private:
  int fd_;
  std::string path_;
};

}  // namespace

FileSpooler::FileSpooler(std::string directory) : directory_(std::move(directory)) {
  if (directory_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    directory_ = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
  }
}

Result<std::unique_ptr<SpoolFile>> FileSpooler::Create() const {
  std::string pattern = directory_ + "/openroi-upload-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);  // Mode 0600.
  if (fd < 0) return SystemError("create spool file in " + directory_);
  return std::unique_ptr<SpoolFile>(new FileSpoolFile(fd, std::string(name.data())));
}

}  // namespace roi::docstore
