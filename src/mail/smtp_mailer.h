// SmtpMailer: the Mailer port (app/mailer.h) over plain SMTP (RFC 5321): EHLO (HELO if refused),
// MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT; one connection per message, every read and
// write bounded by a timeout.  No TLS: point it at a local relay (or a relay on a private network)
// that forwards over TLS; see docs/security.md, "Secure delivery".
#pragma once

#include <cstdint>
#include <string>

#include "app/mailer.h"

namespace roi::mail {

// Value type.
struct SmtpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 25;
  std::string helo_name = "localhost";  // Our name in EHLO/HELO and Message-ID.
  int timeout_ms = 10'000;              // Connect, and each read or write.
};

// Thread-safe: each Send opens its own connection.
class SmtpMailer final : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {}
  Status Send(const MailMessage& message) override;

 private:
  SmtpOptions options_;
};

// The message as sent after DATA: headers (From, To, Subject, Date, Message-ID, MIME-Version,
// Content-Type), a blank line and the body, with CRLF line ends, dot-stuffed, ending in
// "\r\n.\r\n".  `date` is an RFC 5322 date, `message_id` the id without angle brackets.
std::string SmtpData(const MailMessage& message, const std::string& date,
                     const std::string& message_id);

}  // namespace roi::mail
