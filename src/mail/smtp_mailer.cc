#include "mail/smtp_mailer.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <random>
#include <string_view>

namespace roi::mail {
namespace {

// An open connection; closes on destruction.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

Error Down(const std::string& what) { return UnavailableError("smtp: " + what); }

// Waits until `fd` is ready for `events` or the deadline passes.
Status Wait(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Down("timed out");
    pollfd p{.fd = fd, .events = events, .revents = 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready > 0) return OkStatus();
    if (ready == 0) return Down("timed out");
    if (errno != EINTR) return Down(std::string("poll failed: ") + std::strerror(errno));
  }
}

Result<int> Connect(const SmtpOptions& options) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(options.port);
  if (int rc = ::getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return Down("cannot resolve " + options.host + ": " + ::gai_strerror(rc));
  }
  std::string last = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options.timeout_ms);
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      if (Status ready = Wait(fd, POLLOUT, deadline); ready) {
        int error = 0;
        socklen_t size = sizeof(error);
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
        rc = error == 0 ? 0 : -1;
        if (error != 0) errno = error;
      } else {
        errno = ETIMEDOUT;
      }
    }
    if (rc == 0) {
      ::freeaddrinfo(found);
      return fd;
    }
    last = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return Down("cannot connect to " + options.host + ":" + port + ": " + last);
}

// One SMTP conversation.
class Conversation {
 public:
  Conversation(int fd, int timeout_ms) : fd_(fd), timeout_(timeout_ms) {}

  // Reads one (possibly multi-line) reply and returns its code.
  Result<int> Reply() {
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    for (;;) {
      std::size_t eol = buffer_.find("\r\n");
      while (eol != std::string::npos) {
        std::string line = buffer_.substr(0, eol);
        buffer_.erase(0, eol + 2);
        if (line.size() < 3) return Down("malformed reply");
        last_line_ = line;
        if (line.size() == 3 || line[3] == ' ') {
          int code = 0;
          for (int i = 0; i < 3; ++i) {
            if (line[i] < '0' || line[i] > '9') return Down("malformed reply");
            code = code * 10 + (line[i] - '0');
          }
          return code;
        }
        eol = buffer_.find("\r\n");
      }
      if (buffer_.size() > 64 * 1024) return Down("reply too long");
      if (Status ready = Wait(fd_, POLLIN, deadline); !ready) return ready.error();
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
      if (n == 0) return Down("server closed the connection");
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return Down(std::string("read failed: ") + std::strerror(errno));
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  Status Write(std::string_view bytes) {
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    while (!bytes.empty()) {
      if (Status ready = Wait(fd_, POLLOUT, deadline); !ready) return ready;
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return Down(std::string("write failed: ") + std::strerror(errno));
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return OkStatus();
  }

  // Sends `command` (without CRLF) and expects a reply of class `want` (2 or 3).  A 4xx reply is
  // Unavailable (try later), a 5xx InvalidArgument (refused for good).
  Status Command(std::string_view command, int want, std::string_view step) {
    if (Status written = Write(std::string(command) + "\r\n"); !written) return written;
    return Expect(want, step);
  }

  Status Expect(int want, std::string_view step) {
    Result<int> code = Reply();
    if (!code) return code.error();
    if (*code / 100 == want) return OkStatus();
    std::string what = "smtp: " + std::string(step) + " answered " + std::to_string(*code);
    if (*code / 100 == 4) return UnavailableError(what);
    return InvalidArgumentError(what);
  }

 private:
  int fd_;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
  std::string last_line_;
};

std::string RfcDate() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char out[64];
  std::strftime(out, sizeof(out), "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return out;
}

std::string RandomHex(int bytes) {
  std::random_device device;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    unsigned value = device() & 0xffu;
    out.push_back(kHex[value >> 4]);
    out.push_back(kHex[value & 0xfu]);
  }
  return out;
}

}  // namespace

std::string SmtpData(const MailMessage& message, const std::string& date,
                     const std::string& message_id) {
  std::string to;
  for (const std::string& address : message.to) {
    if (!to.empty()) to += ", ";
    to += address;
  }
  std::string text = "From: " + message.from + "\nTo: " + to + "\nSubject: " + message.subject +
                     "\nDate: " + date + "\nMessage-ID: <" + message_id +
                     ">\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
                     "Content-Transfer-Encoding: 8bit\n\n" +
                     message.body;
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  // CRLF line ends (bare CR dropped) and dot-stuffing: a line that starts with '.' gets another.
  std::string out;
  out.reserve(text.size() + text.size() / 20 + 8);
  bool line_start = true;
  for (char c : text) {
    if (c == '\r') continue;
    if (line_start && c == '.') out.push_back('.');
    if (c == '\n') {
      out += "\r\n";
      line_start = true;
      continue;
    }
    out.push_back(c);
    line_start = false;
  }
  out += ".\r\n";
  return out;
}

Status SmtpMailer::Send(const MailMessage& message) {
  if (Status valid = ValidateMailMessage(message); !valid) return valid;
  Result<int> fd = Connect(options_);
  if (!fd) return fd.error();
  Socket socket(*fd);
  Conversation smtp(socket.fd(), options_.timeout_ms);
  if (Status greeting = smtp.Expect(2, "greeting"); !greeting) return greeting;
  if (Status ehlo = smtp.Command("EHLO " + options_.helo_name, 2, "EHLO"); !ehlo) {
    if (ehlo.error().code != ErrorCode::kInvalidArgument) return ehlo;
    if (Status helo = smtp.Command("HELO " + options_.helo_name, 2, "HELO"); !helo) return helo;
  }
  if (Status from = smtp.Command("MAIL FROM:<" + message.from + ">", 2, "MAIL FROM"); !from) {
    return from;
  }
  for (const std::string& to : message.to) {
    if (Status rcpt = smtp.Command("RCPT TO:<" + to + ">", 2, "RCPT TO"); !rcpt) return rcpt;
  }
  if (Status data = smtp.Command("DATA", 3, "DATA"); !data) return data;
  // The caller's Message-ID when it gives one (a repeated send keeps its id), else a new one.
  std::string id =
      message.message_id.empty() ? RandomHex(16) + "@" + options_.helo_name : message.message_id;
  if (Status written = smtp.Write(SmtpData(message, RfcDate(), id)); !written) return written;
  if (Status accepted = smtp.Expect(2, "end of data"); !accepted) return accepted;
  (void)smtp.Command("QUIT", 2, "QUIT");  // The message is accepted; a rude close is fine.
  return OkStatus();
}

}  // namespace roi::mail
