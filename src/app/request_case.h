// The bridge between stored request facts and the policy engine: checks that the facts use the
// policy contract's vocabulary, and writes the openroi.case/1 document for a request from what is
// stored (organization, patient, requester role, request facts, the patient's documents).  Pure:
// no I/O; the caller passes the day of the decision.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/document.h"
#include "domain/fee_settings.h"
#include "domain/organization.h"
#include "domain/patient.h"
#include "domain/release_request.h"

namespace roi {

// The document kind of a signed authorization (or consent, or the ID that goes with it) that a
// requester sent: kept beside the patient's records but outside the policy contract's vocabulary
// of record kinds, so it is never part of a request's case — the engine never sees it, never
// releases it as a record.  A packet includes it only as the "copy of the authorization" when the
// decision asks for one (app/packet_service.cc).  docs/documents.md.
inline constexpr std::string_view kAuthorizationDocumentKind = "authorization";

// True for a kind the application keeps outside the case (today only kAuthorizationDocumentKind).
bool IsOutsideCaseKind(std::string_view kind);

// Each returns InvalidArgument naming the field (e.g. "scope.kinds: unknown value") when a value
// is not in the spec/decision.md vocabulary.
Status CheckRequesterRole(std::string_view role);
Status CheckDocumentVocabulary(const Document& document);
Status CheckRequestVocabulary(const RequestFacts& facts);

// The openroi.case/1 JSON for `request` decided on `as_of`: jurisdiction "US-<state>", the
// organization's entity type and Part 2 flag (`entity`), the patient's dates, the requester's role,
// every fact of the request, and all of `documents` but those of a kind outside the case
// (IsOutsideCaseKind; the engine itself withholds what is out of scope).  Document ids are the
// stored ids in decimal.
// patient's dates, the requester's role, every fact of the request, and all of `documents` (the
// engine itself withholds what is out of scope).  Document ids are the stored ids in decimal.
// `harm_determined` are the documents with a licensed professional's harm determination in force
// (domain/denial_review.h): they go out with `harm_determination: true`.
// The case's `fee_policy` and `cost` (app/fee_service.h): the organization's fee settings with
// the request's recorded costs over their defaults.  Value type.
struct CaseFees {
  PatientElectronicFee patient_electronic = PatientElectronicFee::kFlat;
  std::int64_t flat_cents = kDefaultFlatFeeCents;
  CaseCost cost;
};

// With `fees` the case carries `fee_policy` and `cost`; without, the engine's defaults apply
// (a flat fee of 650 cents and no costs).
std::string BuildCaseJson(const Organization& organization, const Patient& patient,
                          const ReleaseRequest& request, const std::vector<Document>& documents,
                          Date as_of, std::span<const DocumentId> harm_determined = {},
                          const CaseFees* fees = nullptr);

}  // namespace roi
