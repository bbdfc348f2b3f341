// The only translation unit that includes Boost.Beast (it is heavy to compile), and the only one
// that sees OpenSSL (through Beast's ssl_stream).
#include "http/server.h"

#include <fmt/format.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <csignal>
#include <limits>
#include <optional>
#include <random>
#include <thread>
#include <type_traits>
#include <utility>  // Before asio: Boost 1.74 coroutines on g++ 12 need it.
#include <vector>

#include "http/error_mapping.h"

namespace roi::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

class Server::Impl {
 public:
  Impl(const ServerOptions& options, const Router& router, HttpMetrics& metrics,
       AccessLogSink access_log)
      : options_(options), router_(router), metrics_(metrics), access_log_(std::move(access_log)) {
    for (int i = 0; i < Threads(options); ++i) workers_.push_back(std::make_unique<Worker>());
    acceptor_.emplace(workers_[0]->ioc);
    signals_.emplace(workers_[0]->ioc);
    drain_timer_.emplace(workers_[0]->ioc);
    std::random_device device;
    request_id_prefix_ = fmt::format("{:08x}", device());
  }

  // Loads the certificate and key when TLS is configured.
  Status LoadTls() {
    bool cert = !options_.tls_cert_file.empty();
    bool key = !options_.tls_key_file.empty();
    if (cert != key) {
      return InvalidArgumentError("TLS needs both tls_cert_file and tls_key_file, or neither");
    }
    if (!cert) return OkStatus();
    tls_.emplace(ssl::context::tls_server);
    tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                      ssl::context::single_dh_use);
    beast::error_code ec;
    tls_->use_certificate_chain_file(options_.tls_cert_file, ec);
    if (ec) {
      return InvalidArgumentError(
          fmt::format("cannot load TLS certificate {}: {}", options_.tls_cert_file, ec.message()));
    }
    tls_->use_private_key_file(options_.tls_key_file, ssl::context::pem, ec);
    if (ec) {
      return InvalidArgumentError(
          fmt::format("cannot load TLS key {}: {}", options_.tls_key_file, ec.message()));
    }
    return OkStatus();
  }

  Status Listen() {
    if (Status loaded = LoadTls(); !loaded) return loaded;
    beast::error_code ec;
    asio::ip::address address = asio::ip::make_address(options_.host, ec);
    if (ec) {
      return InvalidArgumentError(
          fmt::format("server host {} is not an IP address", options_.host));
    }
    if (Status bound = Bind(*acceptor_, tcp::endpoint(address, options_.port)); !bound)
      return bound;
    port_ = acceptor_->local_endpoint().port();
    return OkStatus();
  }

  std::uint16_t Port() const { return port_; }

  void Run() {
    asio::co_spawn(workers_[0]->ioc, Accept(), asio::detached);
    if (options_.handle_signals) {
      signals_->add(SIGINT);
      signals_->add(SIGTERM);
      signals_->async_wait([this](const beast::error_code& ec, int) {
        if (!ec) Shutdown();
      });
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers_.size(); ++i) {
      threads.emplace_back([this, i] { workers_[i]->ioc.run(); });
    }
    workers_[0]->ioc.run();
    for (std::thread& thread : threads) thread.join();
  }

  void Shutdown() {
    asio::post(workers_[0]->ioc, [this] {
      if (stopping_.exchange(true)) return;
      beast::error_code ec;
      acceptor_->close(ec);
      signals_->cancel(ec);
      deadline_ = Clock::now() + std::chrono::seconds(options_.shutdown_grace_seconds);
      Drain();
    });
  }

 private:
  // One I/O thread with its own io_context: the connections handed to it never leave it, so no
  // strand or cross-thread scheduling is needed.  The guard keeps an idle worker running.
  struct Worker {
    asio::io_context ioc{1};
    asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(ioc);
  };

  static Status Bind(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
    beast::error_code ec;
    std::string where = fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
    if (acceptor.open(endpoint.protocol(), ec); ec) {
      return UnavailableError("cannot open socket for " + where + ": " + ec.message());
    }
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor.bind(endpoint, ec); ec) {
      return UnavailableError("cannot bind " + where + ": " + ec.message());
    }
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
      return UnavailableError("cannot listen on " + where + ": " + ec.message());
    }
    return OkStatus();
  }

  static int Threads(const ServerOptions& options) {
    if (options.threads > 0) return options.threads;
    unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
  }

  // Waits for requests in flight, then stops the I/O threads (idle keep-alive connections close).
  void Drain() {
    if (metrics_.InFlight() == 0 || Clock::now() >= deadline_) {
      for (std::unique_ptr<Worker>& worker : workers_) worker->ioc.stop();
      return;
    }
    drain_timer_->expires_after(std::chrono::milliseconds(20));
    drain_timer_->async_wait([this](const beast::error_code&) { Drain(); });
  }

  // Accepts on worker 0 and hands each connection to the workers in turn.
  asio::awaitable<void> Accept() {
    std::size_t next = 0;
    while (!stopping_) {
      beast::error_code ec;
      Worker& worker = *workers_[next++ % workers_.size()];
      tcp::socket socket = co_await acceptor_->async_accept(
          worker.ioc, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
      if (ec) {
        // Out of descriptors or a similar transient failure: pause instead of spinning.
        asio::steady_timer pause(worker.ioc, std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto executor = socket.get_executor();
      if (tls_) {
        asio::co_spawn(executor, TlsSession(std::move(socket)), asio::detached);
      } else {
        asio::co_spawn(executor, PlainSession(std::move(socket)), asio::detached);
      }
    }
  }

  std::string NextRequestId(std::string_view offered) {
    bool usable = !offered.empty() && offered.size() <= 64;
    for (char c : offered) {
      bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
      if (!ok) usable = false;
    }
    if (usable) return std::string(offered);
    return fmt::format("{}-{:x}", request_id_prefix_, ++request_counter_);
  }

  template <typename Body>
  HttpRequest Translate(const bhttp::request<Body>& raw, std::string remote) {
    HttpRequest request;
    request.tls = tls_.has_value();
    request.method = std::string(raw.method_string());
    request.target = std::string(raw.target());
    for (const auto& field : raw) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace(std::move(name), std::string(field.value()));
    }
    if constexpr (std::is_same_v<Body, bhttp::string_body>) request.body = raw.body();
    request.remote_address = std::move(remote);
    request.request_id = NextRequestId(request.Header("x-request-id"));
    return request;
  }

  static HttpResponse ProtocolError(const beast::error_code& ec) {
    if (ec == bhttp::error::body_limit) {
      return ErrorResponse(413, ErrorCode::kResourceExhausted, "request body too large");
    }
    if (ec == bhttp::error::header_limit) {
      return ErrorResponse(431, ErrorCode::kResourceExhausted, "request header too large");
    }
    return ErrorResponse(400, ErrorCode::kInvalidArgument, "malformed HTTP request");
  }

  template <typename Stream>
  asio::awaitable<void> Write(Stream& stream, const HttpResponse& response, unsigned version,
                              bool keep_alive, bool head) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), version};
    out.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) out.set(name, value);
    out.keep_alive(keep_alive);
    if (head) {
      out.content_length(response.body.size());
    } else {
      out.body() = response.body;
      out.prepare_payload();
    }
    beast::get_lowest_layer(stream).expires_after(
        std::chrono::seconds(options_.read_timeout_seconds));
    beast::error_code ec;
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
  }

  asio::awaitable<void> PlainSession(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    co_await Session(stream);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // The TLS handshake (under the read timeout), then the same exchange as over plain TCP.
  asio::awaitable<void> TlsSession(tcp::socket socket) {
    TlsStream stream(beast::tcp_stream(std::move(socket)), *tls_);
    beast::get_lowest_layer(stream).expires_after(
        std::chrono::seconds(options_.read_timeout_seconds));
    beast::error_code ec;
    co_await stream.async_handshake(ssl::stream_base::server,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      beast::get_lowest_layer(stream).socket().close(ec);
      co_return;
    }
    co_await Session(stream);
    // Close the TLS session properly (close_notify), within a short timeout.
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
    beast::get_lowest_layer(stream).socket().close(ec);
  }

  template <typename Stream>
  asio::awaitable<void> Session(Stream& stream) {
    beast::error_code ec;
    std::string remote =
        beast::get_lowest_layer(stream).socket().remote_endpoint(ec).address().to_string();
    beast::flat_buffer buffer;
    while (!stopping_) {
      // The header first: a streaming route reads its body in pieces, every other route whole.
      bhttp::request_parser<bhttp::empty_body> head;
      head.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      // The body limit depends on the route: checked below, once the route is known.
      head.body_limit(std::numeric_limits<std::uint64_t>::max());
      beast::get_lowest_layer(stream).expires_after(
          std::chrono::seconds(options_.read_timeout_seconds));
      co_await bhttp::async_read_header(stream, buffer, head,
                                        asio::redirect_error(asio::use_awaitable, ec));
      if (IsDisconnect(ec)) break;
      if (ec) {
        co_await Write(stream, ProtocolError(ec), 11, false, false);
        break;
      }
      HttpRequest request = Translate(head.get(), remote);
      const bool target_ok = ParseTarget(request.target, request.path, request.query);
      RouteMatch match;
      if (target_ok) match = router_.Match(request);
      const bool streaming = match.stream != nullptr && !head.is_done();
      const std::uint64_t limit = streaming ? options_.max_stream_body_bytes
                                            : static_cast<std::uint64_t>(options_.max_body_bytes);
      if (head.content_length() && *head.content_length() > limit) {
        co_await Write(stream, ProtocolError(bhttp::error::body_limit), head.get().version(), false,
                       false);
        break;
      }
      if (streaming) {
        bool keep_alive = co_await ServeStreaming(stream, buffer, head, request, match);
        if (!keep_alive) break;
        continue;
      }
      bhttp::request_parser<bhttp::string_body> parser(std::move(head));
      parser.body_limit(options_.max_body_bytes);
      co_await bhttp::async_read(stream, buffer, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (IsDisconnect(ec)) break;
      if (ec) {
        co_await Write(stream, ProtocolError(ec), 11, false, false);
        break;
      }
      request.body = std::move(parser.get().body());
      bool keep_alive = co_await Serve(stream, parser.get(), std::move(request), target_ok);
      if (!keep_alive) break;
    }
  }

  static bool IsDisconnect(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
           ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
           ec == asio::error::eof || ec == ssl::error::stream_truncated;
  }

  // Answers a request to a streaming route: checks access and starts the sink before any of the
  // body is read (a refusal is answered at once and the connection closed), then feeds the body
  // to the sink 64 KiB at a time within max_stream_body_bytes.  Returns whether the connection
  // stays open.
  template <typename Stream>
  asio::awaitable<bool> ServeStreaming(Stream& stream, beast::flat_buffer& buffer,
                                       bhttp::request_parser<bhttp::empty_body>& head,
                                       HttpRequest& request, const RouteMatch& match) {
    metrics_.RequestStarted();
    Clock::time_point started = Clock::now();
    const unsigned version = head.get().version();
    StreamStart start = DispatchStreaming(router_, match, request);
    HttpResponse response;
    bool body_read = false;
    if (start.sink) {
      bhttp::request_parser<bhttp::buffer_body> parser(std::move(head));
      parser.body_limit(options_.max_stream_body_bytes);
      if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, version};
        beast::error_code ignored;
        co_await bhttp::async_write(stream, proceed,
                                    asio::redirect_error(asio::use_awaitable, ignored));
      }
      std::vector<char> piece(64 * 1024);
      beast::error_code ec;
      Status appended = OkStatus();
      while (!parser.is_done()) {
        parser.get().body().data = piece.data();
        parser.get().body().size = piece.size();
        beast::get_lowest_layer(stream).expires_after(
            std::chrono::seconds(options_.read_timeout_seconds));
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec) break;
        std::size_t got = piece.size() - parser.get().body().size;
        if (got == 0) continue;
        appended = AppendStreaming(*start.sink, std::string_view(piece.data(), got));
        if (!appended) break;
      }
      if (ec && IsDisconnect(ec)) {
        metrics_.Record(match.route_index, 499, 0);
        metrics_.RequestFinished();
        co_return false;  // The sink is dropped: nothing is stored.
      }
      if (ec) {
        response = ProtocolError(ec);
        AddSecurityHeaders(response, request.tls);
      } else if (!appended) {
        // A sink's own size limit is the same refusal as the parser's: 413.
        const Error& error = appended.error();
        response = error.code == ErrorCode::kResourceExhausted
                       ? ErrorResponse(413, error.code, error.message)
                       : ErrorResponse(error);
        AddSecurityHeaders(response, request.tls);
      } else {
        response = FinishStreaming(*start.sink, request.tls);
        body_read = true;
      }
    } else {
      response = std::move(*start.response);
    }
    response.headers.emplace_back("X-Request-Id", request.request_id);
    // An unread body cannot be skipped safely: close the connection after a refusal.
    bool keep_alive = body_read && !stopping_ && request.Header("connection") != "close";
    co_await Write(stream, response, version, keep_alive, false);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
    metrics_.Record(match.route_index, response.status, micros.count());
    metrics_.RequestFinished();
    if (access_log_) {
      access_log_(AccessRecord{request.method,
                               router_.Spec(static_cast<std::size_t>(match.route_index)).pattern,
                               response.status, response.body.size(), micros.count(),
                               request.remote_address, request.request_id});
    }
    co_return keep_alive;
  }

  // Answers one parsed request (`request`: `raw` translated, its target parsed when `target_ok`);
  // returns whether the connection stays open.
  template <typename Stream>
  asio::awaitable<bool> Serve(Stream& stream, const bhttp::request<bhttp::string_body>& raw,
                              HttpRequest request, bool target_ok) {
    metrics_.RequestStarted();
    Clock::time_point started = Clock::now();
    int route_index = -1;
    HttpResponse response =
        target_ok ? Dispatch(router_, request, route_index)
                  : ErrorResponse(400, ErrorCode::kInvalidArgument, "malformed request target");
    response.headers.emplace_back("X-Request-Id", request.request_id);
    bool keep_alive = raw.keep_alive() && !stopping_;
    co_await Write(stream, response, raw.version(), keep_alive, raw.method() == bhttp::verb::head);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
    metrics_.Record(route_index, response.status, micros.count());
    metrics_.RequestFinished();
    if (access_log_) {
      access_log_(AccessRecord{request.method,
                               route_index >= 0
                                   ? router_.Spec(static_cast<std::size_t>(route_index)).pattern
                                   : std::string("unmatched"),
                               response.status, response.body.size(), micros.count(),
                               request.remote_address, request.request_id});
    }
    co_return keep_alive;
  }

  ServerOptions options_;
  const Router& router_;
  HttpMetrics& metrics_;
  AccessLogSink access_log_;
  std::vector<std::unique_ptr<Worker>> workers_;  // workers_[0] also accepts and shuts down.
  std::optional<ssl::context> tls_;  // Set when serving HTTPS; read-only once listening.
  std::optional<tcp::acceptor> acceptor_;
  std::optional<asio::signal_set> signals_;
  std::optional<asio::steady_timer> drain_timer_;  // Used only from the shutdown path.
  Clock::time_point deadline_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> request_counter_{0};
  std::string request_id_prefix_;
  std::uint16_t port_ = 0;
};

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, const Router& router,
                                              HttpMetrics& metrics, AccessLogSink access_log) {
  auto impl = std::make_unique<Impl>(options, router, metrics, std::move(access_log));
  if (Status listening = impl->Listen(); !listening) return listening.error();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
std::uint16_t Server::Port() const { return impl_->Port(); }
void Server::Run() { impl_->Run(); }
void Server::Shutdown() { impl_->Shutdown(); }

}  // namespace roi::http
