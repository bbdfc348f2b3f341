// The disclosure-log entry a release writes (45 CFR 164.528(b)(2)): when, to whom and where,
// what was released, for what purpose, by whom, by what means and for what fee, on which legal
// basis.  RequestService writes it in the same transaction as the release (docs/disclosures.md).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/result.h"
#include "domain/disclosure.h"
#include "domain/document.h"
#include "domain/release_request.h"
#include "domain/requester.h"

namespace roi::policy {
struct Decision;
}  // namespace roi::policy

namespace roi {

// The disclosure basis of a request's legal basis (policy/case.h's basis names):
// access, directive and accounting -> to_individual; authorization -> authorization; court_order
// and subpoena -> judicial_administrative; grand_jury_subpoena, administrative_request and
// law_enforcement_informal -> law_enforcement; public_health, workers_comp, treatment, payment,
// operations, family_involvement -> their own.  Returns InvalidArgument for any other name.
Result<DisclosureBasis> DisclosureBasisForRequest(std::string_view request_basis);

// The means of a delivery medium (policy/case.h's medium names): portal -> portal_download,
// secure_email and email -> secure_email, mail, fax, pickup -> in_person, portable_media and ""
// -> other.  Returns InvalidArgument for any other name.
Result<DisclosureMeans> DisclosureMeansForMedium(std::string_view medium);

// True iff the decision releases at least one document (a release of nothing, e.g. to say there
// are no records in scope, discloses nothing and is not logged).
bool ReleasesAnyDocument(const policy::Decision& decision);

// What a release is, for its log entry.
struct ReleaseFacts {
  const ReleaseRequest& request;
  const Requester& requester;
  const policy::Decision& decision;        // The decision the release was made under.
  const std::vector<Document>& documents;  // The patient's documents (for descriptions).
  UserId released_by;
  Date released_on;
  std::int64_t fee_cents = 0;  // Charged: the invoice total less waivers (0 without one).
};

// The entry: recipient the requester (name, organization) at its address (or e-mail when
// delivered electronically and no address is known), description the request number and the
// released documents (kind and service date; withheld ones counted, not named), purpose the
// request's purpose and basis.  Long texts are cut to the log's limits on a character
// boundary.  Returns InvalidArgument for an unknown basis or medium, or when nothing was released.
Result<DisclosureEntry> ReleaseDisclosureEntry(const ReleaseFacts& release);

}  // namespace roi
