// Letters: the written notices of the request lifecycle, built as data (domain Letter: kind, date,
// recipient, ordered body fields) from the request, the parties and the stored policy decision.  A
// renderer turns them into PDFs later; the field names below are its contract.  Pure: no I/O, no
// clock reads (the caller passes the day).
//
// Body fields every letter has: organization_name, request_number, received_on, patient_name,
// requester_name, requester_organization, requester_address.  Lists are numbered from 1
// ("deficiency.1.code", "deficiency.1.text", ...); citations are "citation.N" = "RULE_CODE: cite"
// for every rule of the decision that carries a citation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/denial_review.h"
#include "domain/document.h"
#include "domain/organization.h"
#include "domain/patient.h"
#include "domain/release_request.h"
#include "domain/requester.h"
#include "policy/decision.h"

namespace roi {

// Letter kinds.
inline constexpr std::string_view kAcknowledgmentLetter = "acknowledgment";
inline constexpr std::string_view kPendingInformationLetter = "pending_information";
inline constexpr std::string_view kExtensionLetter = "extension";
inline constexpr std::string_view kDenialLetter = "denial";
inline constexpr std::string_view kPartialDenialLetter = "partial_denial";
inline constexpr std::string_view kReleaseCoverLetter = "release_cover";
inline constexpr std::string_view kExpiryLetter = "expiry";
inline constexpr std::string_view kDenialReviewLetter = "denial_review";

// Where a requester may complain about a denial: the organization's privacy officer and the
// HHS Office for Civil Rights (45 CFR 164.524(d)(2)(iii), 164.530(d)).  Value type.
struct ComplaintContacts {
  // The privacy officer's name and how to reach them, e.g. "Privacy Officer, 555-0100,
  // privacy@example.test".  Empty: "the Privacy Officer of <organization name>".
  std::string privacy_officer;
  std::string hhs_ocr =
      "U.S. Department of Health and Human Services, Office for Civil Rights, 200 Independence "
      "Avenue S.W., Washington, D.C. 20201; 1-800-368-1019; www.hhs.gov/ocr/complaints";
};

// What every letter is about.  Value type of references: the referents must outlive the call.
struct LetterContext {
  const Organization& organization;
  const ReleaseRequest& request;
  const Patient& patient;
  const Requester& requester;
  Date today;
};

// Plain-language text for a deficiency or withholding code (its contract name when none is known).
std::string DescribeCode(policy::Code code);

// The acknowledgment at intake: receipt, basis, purpose and the due date.
Letter AcknowledgmentLetter(const LetterContext& context);

// What the requester must send before the request can go on: every deficiency of `decision`,
// with its text, and the due date.
Letter PendingInformationLetter(const LetterContext& context, const policy::Decision& decision);

// The written notice of the one extension: the reason, the original and the new due date
// (45 CFR 164.524(b)(2)(iii)).  `original_due_on` is the due date before the extension.
Letter ExtensionLetter(const LetterContext& context, const ExtensionNotice& extension,
                       std::optional<Date> original_due_on, const policy::Decision& decision);

// A denial in whole: the basis (each reason given for the documents, and the request-level
// deficiencies of a pend that became a denial), whether the denial may be reviewed and how to ask,
// and where to complain.
Letter DenialLetter(const LetterContext& context, const policy::Decision& decision,
                    const ComplaintContacts& contacts);

// A partial denial at release: which documents (by kind and service date) are withheld and why,
// with review rights and complaint contacts.  `documents` are the patient's documents, looked up
// by the decision's document ids.
Letter PartialDenialLetter(const LetterContext& context, const policy::Decision& decision,
                           const std::vector<Document>& documents,
                           const ComplaintContacts& contacts);

// The cover letter sent with the released records: what is enclosed (documents by kind and date),
// the maximum fee and the notices the decision requires (e.g. redisclosure statements).
Letter ReleaseCoverLetter(const LetterContext& context, const policy::Decision& decision,
                          const std::vector<Document>& documents);

// The request was closed because the information asked for on `pending_since` did not arrive
// within `expiry_days`.  `deficiencies` are the (code, text) pairs of the pending-information
// letter, repeated so the requester knows what a new request needs.
Letter ExpiryLetter(const LetterContext& context, Date pending_since, int expiry_days,
                    const std::vector<std::pair<std::string, std::string>>& deficiencies);

// The (code, text) pairs of a pending-information letter's deficiencies, in order.
std::vector<std::pair<std::string, std::string>> LetterDeficiencies(const Letter& letter);

// The written notice of a denial review's result (45 CFR 164.524(d)(4)): when it was asked for and
// decided, by whom (a licensed health care professional who did not take part in the denial), the
// determination and its reasons; for an overturn, the documents (by kind and service date) that
// will now be released; for an upheld denial, where to complain.  `documents` are the patient's.
Letter DenialReviewLetter(const LetterContext& context, const DenialReview& review,
                          const std::vector<Document>& documents,
                          const ComplaintContacts& contacts);

}  // namespace roi
