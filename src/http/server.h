// Server: the HTTP/1.1 front door.  An asynchronous Boost.Beast server on C++20 coroutines with
// request size limits, read timeouts for slow clients, keep-alive, and graceful shutdown on
// SIGTERM/SIGINT (stop accepting, finish requests in flight, then stop).  Beast stays inside
// server.cc; this header shows none of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "http/dispatch.h"
#include "http/metrics.h"
#include "http/router.h"

namespace roi::http {

struct ServerOptions {
  std::string host = "127.0.0.1";            // Address to bind.
  std::uint16_t port = 8080;                 // 0 picks a free port (see Server::Port()).
  int threads = 0;                           // I/O threads; 0 means one per core.
  std::size_t max_body_bytes = 8u << 20;     // Larger bodies get 413.
  std::size_t max_header_bytes = 16u << 10;  // Larger headers get 431.
  // The body limit of streaming routes (Router::AddStreaming), read in pieces, never whole.
  std::uint64_t max_stream_body_bytes = std::uint64_t{512} << 20;
  int read_timeout_seconds = 30;    // A request (or keep-alive idle) may take this long.
  int shutdown_grace_seconds = 10;  // How long requests in flight may finish on shutdown.
  bool handle_signals = false;      // Shut down gracefully on SIGTERM and SIGINT.
  // HTTPS when both are set: PEM certificate chain and private key files (OpenSSL).  Requests
  // are then marked `tls`, which adds HSTS and the cookie's Secure attribute.
  std::string tls_cert_file;
  std::string tls_key_file;
};

using AccessLogSink = std::function<void(const AccessRecord&)>;

// Service.  Thread-safe: Shutdown() may be called from any thread (or a signal), Port() any time.
class Server {
 public:
  // Binds and listens.  Returns Unavailable if the address cannot be bound (the message names the
  // host and port), InvalidArgument if the host is not an IP address, only one of the TLS files
  // is set, or they cannot be loaded.  `router` and `metrics` must
  // outlive the server; `access_log` may be empty.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, const Router& router,
                                               HttpMetrics& metrics, AccessLogSink access_log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (useful when options.port was 0).
  std::uint16_t Port() const;
  // Serves until shut down; blocks the calling thread, which becomes one of the I/O threads.
  void Run();
  // Starts a graceful shutdown; Run() returns once requests in flight finish or the grace passes.
  void Shutdown();

 private:
  class Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace roi::http
