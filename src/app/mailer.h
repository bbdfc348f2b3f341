// Mailer: the port through which OpenROI sends email (secure-delivery notifications).  Adapter:
// mail/smtp_mailer.h (plain SMTP, optional STARTTLS); tests use a real SMTP receiver on loopback
// or a fake.  A message never carries PHI or secrets by contract of its callers: it says records
// are ready and where, nothing more (docs/security.md, "Secure delivery").
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace roi {

// Value type: one plain-text message.
struct MailMessage {
  std::string from;             // Envelope and header sender, e.g. "records@example.test".
  std::vector<std::string> to;  // One or more recipients (addr-spec only).
  std::string subject;          // One line; no CR or LF.
  std::string body;             // UTF-8 text; lines end with "\n" (the adapter makes CRLF).
  // The Message-ID header without angle brackets, e.g. "delivery-7.0a1b@example.test"; empty: the
  // adapter makes one.  A caller that may repeat a send gives the same id each time, so that
  // mail clients and relays can tell the copies are one message.
  std::string message_id;
};

// Returns InvalidArgument unless `from` and every recipient look like local@domain with no
// space, angle bracket, CR or LF, there is at least one recipient, the subject is one line of
// at most 200 bytes, and the message id is empty or looks like an address too.
Status ValidateMailMessage(const MailMessage& message);

// Interface.  Implementations must be safe to call from several threads.
class Mailer {
 public:
  virtual ~Mailer() = default;
  // Sends `message`.  Returns Unavailable when the mail server could not be reached, timed out
  // or answered with a temporary (4xx) failure — worth retrying — and InvalidArgument when it
  // refused the message for good (5xx) or the message does not validate.
  virtual Status Send(const MailMessage& message) = 0;
};

}  // namespace roi
