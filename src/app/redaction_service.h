// RedactionService: reviewers mark what is taken out of a request's documents before release —
// spans of a document's text (byte offsets into its UTF-8 text, the text the scan route
// highlights) or whole pages of its PDF — and why (domain/redaction.h).  Redactions belong to the
// request: the same document may go unredacted to another requester.  Only callers who may review
// records (Permission kReviewRecords) mark or remove, and only while the request is open (before
// release).  Every call, reads included, is audited in its own transaction (app/audited_call.h):
// marks and removals as `update`, lists as `read`.  The packet burns redactions in
// (app/redaction_burn_in.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"
#include "domain/redaction.h"

namespace roi {

// One redaction as a reviewer asks for it: a span or a page (exactly one) of a document.
struct RedactionCommand {
  DocumentId document;
  std::optional<TextSpan> span;
  std::int64_t page = 0;  // 1-based; 0 with a span.
  RedactionReason reason = RedactionReason::kOther;
  std::string reason_text;  // Only for kOther.
};

// Thread-safe.  `store`, `clock` and `audit` must outlive it.
class RedactionService {
 public:
  // Most redactions one Mark call takes (e.g. every highlight of a scan).
  static constexpr std::size_t kMaxPerCall = 1000;

  RedactionService(Store& store, const Clock& clock, const AuditTrail& audit)
      : store_(store), clock_(clock), audit_(audit) {}

  // The request's redactions by id.  Returns PermissionDenied without kReviewRecords, NotFound
  // unless the request is in the caller's organization.
  Result<std::vector<Redaction>> List(const Principal& caller, RequestId request);

  // Marks every redaction of `commands` (1..kMaxPerCall), all or none, and returns them stored.
  // Returns PermissionDenied without kReviewRecords; NotFound as List or when a document is not
  // in the organization; FailedPrecondition when the request is finished (released, denied,
  // closed, cancelled); InvalidArgument (naming the item) for a document of another patient, a
  // span outside the document's text or not on UTF-8 character boundaries, a page outside the
  // document's PDF (or a page of a document without a PDF file), or as ValidateRedaction.
  Result<std::vector<Redaction>> Mark(const Principal& caller, RequestId request,
                                      const std::vector<RedactionCommand>& commands);

  // Removes redaction `id` of `request`.  Errors as Mark; NotFound for an unknown redaction.
  Status Remove(const Principal& caller, RequestId request, std::int64_t id);

 private:
  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

}  // namespace roi
