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
#include "domain/organization.h"
#include "domain/patient.h"
#include "domain/release_request.h"

namespace roi {

// Each returns InvalidArgument naming the field (e.g. "scope.kinds: unknown value") when a value
// is not in the spec/decision.md vocabulary.
Status CheckRequesterRole(std::string_view role);
Status CheckDocumentVocabulary(const Document& document);
Status CheckRequestVocabulary(const RequestFacts& facts);

// The openroi.case/1 JSON for `request` decided on `as_of`: jurisdiction "US-<state>", the
// organization's entity type and Part 2 flag (`entity`), the patient's dates, the requester's role,
// every fact of the request, and all of `documents` (the engine itself withholds what is out of
// scope).  Document ids are the stored ids in decimal.
// patient's dates, the requester's role, every fact of the request, and all of `documents` (the
// engine itself withholds what is out of scope).  Document ids are the stored ids in decimal.
// `harm_determined` are the documents with a licensed professional's harm determination in force
// (domain/denial_review.h): they go out with `harm_determination: true`.
std::string BuildCaseJson(const Organization& organization, const Patient& patient,
                          const ReleaseRequest& request, const std::vector<Document>& documents,
                          Date as_of, std::span<const DocumentId> harm_determined = {});

}  // namespace roi
