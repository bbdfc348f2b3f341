// Document: one record of a patient's chart as the ROI desk sees it (kind, service date,
// encounter, author, pages, sensitivity labels, Part 2 provenance), with its text content until a
// document store takes over the content.  Pure value: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Value type.  `kind`, `labels` and `part2` use the policy contract's vocabulary
// (spec/decision.md documents[]); the application checks the spelling.
struct Document {
  DocumentId id;
  OrganizationId organization_id;
  PatientId patient_id;
  std::string kind;  // "progress_note", "psychotherapy_note", ...
  std::optional<Date> service_date;
  std::string encounter;  // Encounter identifier; may be empty.
  std::string author;     // May be empty.
  std::int64_t pages = 0;
  std::vector<std::string> labels;  // "mental_health", "hiv", ...
  std::string part2 = "none";       // "none", "own_program", "received_tpo_consent", ...
  bool minor_consented = false;     // Care the minor consented to.
  std::string content;              // Text; replaced by a document-store reference later.
  std::int64_t version = 0;

  bool operator==(const Document&) const = default;
};

// Returns InvalidArgument naming the first bad field: patient_id unset, kind or part2 empty or
// over 64 bytes, encounter over 64 bytes or with characters other than letters, digits and
// "-_.:", author over 200 bytes, pages outside 0..100000, a label empty, over 64 bytes or with a
// ',' or repeated, content over 1 MiB.  Messages name fields, never values.
Status ValidateDocument(const Document& document);

// True for a non-empty identifier of at most 64 letters, digits and "-_.:" (encounter ids).
bool IsPlainIdentifier(const std::string& text);

}  // namespace roi
