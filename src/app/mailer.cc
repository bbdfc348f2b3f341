#include "app/mailer.h"

#include <string_view>

namespace roi {
namespace {

// local@domain, printable ASCII without space, angle brackets, quotes or commas.
bool PlainAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  std::size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : address) {
    if (c <= ' ' || c > '~' || c == '<' || c == '>' || c == '"' || c == ',' || c == '\\') {
      return false;
    }
  }
  return true;
}

}  // namespace

Status ValidateMailMessage(const MailMessage& message) {
  if (!PlainAddress(message.from)) return InvalidArgumentError("mail from is not an address");
  if (message.to.empty()) return InvalidArgumentError("mail needs a recipient");
  for (const std::string& to : message.to) {
    if (!PlainAddress(to)) return InvalidArgumentError("mail recipient is not an address");
  }
  if (message.subject.size() > 200 || message.subject.find_first_of("\r\n") != std::string::npos) {
    return InvalidArgumentError("mail subject must be one line of at most 200 bytes");
  }
  if (!message.message_id.empty() && !PlainAddress(message.message_id)) {
    return InvalidArgumentError("mail message id is not local@domain");
  }
  return OkStatus();
}

}  // namespace roi
