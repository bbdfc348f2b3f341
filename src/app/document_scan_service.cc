#include "app/document_scan_service.h"

#include <algorithm>
#include <optional>

namespace roi {

DocumentScanService::DocumentScanService(Store& store, const SensitiveContentDetector& detector,
                                         const AuditTrail& audit)
    : store_(store), detector_(detector), audit_(audit) {}

Result<SensitiveFindings> DocumentScanService::ScanText(std::string_view text) const {
  if (text.size() > kMaxTextBytes) return InvalidArgumentError("text is over 1 MiB");
  return detector_.Scan(text);
}

Result<SensitiveScan> DocumentScanService::ScanDocument(const Principal& caller,
                                                        DocumentId id) const {
  std::optional<Document> document;
  // A kWrite transaction: the audit event of the read is a write.
  Status read = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Document> found = tx.Documents().Find(id);
    if (!found) return Status(found.error());
    document = std::move(*found);
    return audit_.RecordNote(tx, ActorOf(caller),
                             {.action = AuditAction::kRead,
                              .patient = document->patient_id,
                              .entity_kind = "document",
                              .entity_id = std::to_string(id.value),
                              .detail = "scan for sensitive content"});
  });
  if (!read) return read.error();
  Result<SensitiveFindings> findings = detector_.Scan(document->content);
  if (!findings) return findings.error();
  SensitiveScan scan{.document = id,
                     .labels = document->labels,
                     .missing_labels = {},
                     .findings = std::move(*findings)};
  std::vector<std::string> have = scan.labels;
  std::sort(have.begin(), have.end());
  std::set_difference(scan.findings.labels.begin(), scan.findings.labels.end(), have.begin(),
                      have.end(), std::back_inserter(scan.missing_labels));
  return scan;
}

}  // namespace roi
