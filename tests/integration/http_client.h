// A small blocking HTTP client for integration tests (libcurl), plus a raw-socket helper for
// sending deliberately broken or slow requests.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace roi::testing {

struct ClientResponse {
  long status = 0;  // 0 when the request failed at the transport level.
  std::string body;
  std::map<std::string, std::string> headers;  // Lower-case names.
};

// Sends one request to http://127.0.0.1:port + path, with extra `headers` ("Name: value").
ClientResponse Fetch(std::uint16_t port, const std::string& method, const std::string& path,
                     const std::string& body = "", const std::vector<std::string>& headers = {});

// Like Fetch, for any URL; for https, the server's certificate must verify against `ca_file`
// (a PEM file) when it is set, else against the system's trust store.
ClientResponse FetchUrl(const std::string& url, const std::string& method,
                        const std::string& body = "", const std::vector<std::string>& headers = {},
                        const std::string& ca_file = "");

// Opens a TCP connection, writes `raw` verbatim, and returns everything read until the server
// closes the connection or `timeout_ms` passes.
std::string RawExchange(std::uint16_t port, const std::string& raw, int timeout_ms);

}  // namespace roi::testing
