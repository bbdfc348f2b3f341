// DocumentScanService: runs the sensitive-content detector over a stored document's text (or
// over text a reviewer pastes) and compares the suggested labels with the labels the document
// already has.  Suggests only: it never changes a document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/sensitive_content.h"
#include "app/store.h"

namespace roi {

// Value type: a stored document's sensitive-content scan.
struct SensitiveScan {
  DocumentId document;
  std::vector<std::string> labels;          // The labels the document has now.
  std::vector<std::string> missing_labels;  // Suggested but not on the document, sorted.
  SensitiveFindings findings;
};

// Service.  Thread-safe (the detector is; each call runs its own transaction).  `store`,
// `detector` and `audit` must outlive it.
class DocumentScanService {
 public:
  // Longest text ScanText accepts, the same as a stored document's content (1 MiB).
  static constexpr std::size_t kMaxTextBytes = 1 << 20;

  DocumentScanService(Store& store, const SensitiveContentDetector& detector,
                      const AuditTrail& audit);

  // Scans `text`.  Returns InvalidArgument if it is longer than kMaxTextBytes, and the
  // detector's errors.
  Result<SensitiveFindings> ScanText(std::string_view text) const;

  // Scans the content of document `id` of the caller's organization, recording the read in the
  // audit trail in the same transaction.  Returns NotFound if there is no such document there,
  // and the store's, the audit trail's and the detector's errors.
  Result<SensitiveScan> ScanDocument(const Principal& caller, DocumentId id) const;

 private:
  Store& store_;
  const SensitiveContentDetector& detector_;
  const AuditTrail& audit_;
};

}  // namespace roi
