#include "http/http_types.h"

namespace roi::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes (and '+' as space when `plus_is_space`).  False on a bad escape or NUL.
bool Decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace

std::string_view HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view HttpRequest::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string_view() : std::string_view(it->second);
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  return HttpResponse{status, "application/json", {}, std::move(body)};
}

HttpResponse HttpResponse::Text(int status, std::string body, std::string content_type) {
  return HttpResponse{status, std::move(content_type), {}, std::move(body)};
}

bool ParseTarget(std::string_view target, std::string& path,
                 std::multimap<std::string, std::string>& query) {
  path.clear();
  query.clear();
  std::size_t mark = target.find('?');
  std::string_view raw_path = target.substr(0, mark);
  if (raw_path.empty() || raw_path.front() != '/') return false;
  if (!Decode(raw_path, /*plus_is_space=*/false, path)) return false;
  if (mark == std::string_view::npos) return true;
  std::string_view rest = target.substr(mark + 1);
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key;
    std::string value;
    if (!Decode(pair.substr(0, eq), true, key)) return false;
    if (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), true, value)) return false;
    query.emplace(std::move(key), std::move(value));
  }
  return true;
}

}  // namespace roi::http
