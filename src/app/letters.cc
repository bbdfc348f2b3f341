#include "app/letters.h"

#include <algorithm>
#include <map>
#include <utility>

#include "base/money.h"

namespace roi {
namespace {

using policy::Code;

const std::map<Code, std::string_view>& Descriptions() {
  static const std::map<Code, std::string_view> kText = {
      {Code::kAuthMissing, "A signed authorization for this disclosure is needed."},
      {Code::kAuthUnsigned, "The authorization is not signed."},
      {Code::kAuthUndated, "The authorization's signature is not dated."},
      {Code::kAuthRepresentativeAuthorityMissing,
       "The authorization is signed by a representative but does not describe their authority."},
      {Code::kAuthNoDescription,
       "The authorization does not describe the information to be disclosed."},
      {Code::kAuthNoDiscloser, "The authorization does not name who may make the disclosure."},
      {Code::kAuthNoRecipient, "The authorization does not name the recipient."},
      {Code::kAuthNoPurpose, "The authorization does not state the purpose of the disclosure."},
      {Code::kAuthNoExpiration, "The authorization has no expiration date or expiration event."},
      {Code::kAuthNoRevocationStatement,
       "The authorization lacks the statement of the right to revoke it."},
      {Code::kAuthNoConditioningStatement,
       "The authorization lacks the statement on conditioning treatment or payment."},
      {Code::kAuthNoRedisclosureStatement,
       "The authorization lacks the statement that disclosed information may be redisclosed."},
      {Code::kAuthCompoundPsychotherapy,
       "An authorization for psychotherapy notes may not be combined with another authorization."},
      {Code::kAuthCompoundConditioned,
       "A combined authorization may not condition treatment on signing it."},
      {Code::kAuthConditioned, "The authorization conditions treatment or payment on signing it."},
      {Code::kAuthNotWitnessed, "The authorization must be witnessed."},
      {Code::kIdentityNotVerified, "We need to verify the identity of the person asking."},
      {Code::kAuthorityNotDocumented,
       "We need documents showing the authority to act for the patient."},
      {Code::kDirectiveNotSigned, "The request to send records to a third party must be signed."},
      {Code::kDirectiveNotWritten,
       "The request to send records to a third party must be in writing."},
      {Code::kDirectiveNoRecipient,
       "The request to send records to a third party must name the recipient."},
      {Code::kSubpoenaNoAssurance,
       "The subpoena needs satisfactory assurance that the patient was notified or that a "
       "protective order was sought."},
      {Code::kSubpoenaNoNoticeToPatient, "The subpoena needs proof of notice to the patient."},
      {Code::kRevocationNotWritten, "A revocation of an authorization must be in writing."},
      {Code::kTherapistConsentRequired, "The treating therapist's consent is required."},
      {Code::kAdminRequestNoRepresentations,
       "The administrative request must state that the information is relevant, specific and "
       "that de-identified information would not do."},
      {Code::kPsychotherapyNotes, "Psychotherapy notes need their own authorization."},
      {Code::kSudCounselingNotes, "Substance use disorder counseling notes are protected."},
      {Code::kPart2ConsentRequired,
       "Substance use disorder treatment records need a consent under 42 CFR Part 2."},
      {Code::kPart2CourtOrderRequired,
       "Substance use disorder treatment records need a court order under 42 CFR Part 2."},
      {Code::kPart2ProceedingAgainstPatient,
       "Substance use disorder treatment records may not be used in a proceeding against the "
       "patient without a qualifying court order."},
      {Code::kHivSpecificReleaseRequired, "HIV-related information needs a specific release."},
      {Code::kMinorConsentedCare,
       "Care the minor consented to may be released only with the minor's authorization."},
      {Code::kOutOfScope, "Outside the records asked for."},
      {Code::kMinimumNecessary, "Beyond the minimum necessary for the stated purpose."},
      {Code::kLitigationMaterial,
       "Compiled in anticipation of litigation; not part of the designated record set."},
      {Code::kHarmDetermination,
       "A licensed health care professional determined that access is reasonably likely to "
       "endanger life or physical safety, or to cause substantial harm."},
      {Code::kNotRelevantToInvolvement,
       "Not relevant to the person's involvement in the patient's care."},
      {Code::kLawEnforcementExcludedData,
       "Information that may not be disclosed to law enforcement on this basis."},
      {Code::kAuthorizationDoesNotCover, "Not covered by the authorization."},
      {Code::kMentalHealthConsentRequired, "Mental health information needs a specific consent."},
      {Code::kDirectiveEhrOnly,
       "A request to send records to a third party covers electronic health records only."},
      {Code::kCliaLabExclusion, "Excluded laboratory information."},
      {Code::kReproductiveSpecificReleaseRequired,
       "Reproductive health information needs a specific release."},
      {Code::kPending, "Held until the information asked for arrives."},
      {Code::kAuthExpired, "The authorization has expired."},
      {Code::kAuthRevoked, "The authorization was revoked."},
      {Code::kNoLegalBasis, "There is no legal basis for this disclosure."},
      {Code::kNotPersonalRepresentative,
       "The person asking is not the patient's personal representative."},
      {Code::kPart2Redisclosure,
       "Substance use disorder records: redisclosure is prohibited (42 CFR 2.32)."},
      {Code::kCopyOfConsent, "A copy of the consent accompanies the records."},
      {Code::kNyHivRedisclosure, "HIV-related information: redisclosure is prohibited."},
  };
  return kText;
}

std::string Number(std::size_t n) { return std::to_string(n); }

// The fields every letter starts with.
Fields Header(const LetterContext& c) {
  return {{"organization_name", c.organization.name},
          {"request_number", c.request.number},
          {"received_on", c.request.received_on.ToString()},
          {"patient_name", c.patient.given_name + " " + c.patient.family_name},
          {"requester_name", c.requester.name},
          {"requester_organization", c.requester.organization},
          {"requester_address", c.requester.address}};
}

void AddCitations(Fields& body, const policy::Decision& decision) {
  std::size_t n = 0;
  for (const policy::RuleHit& rule : decision.rules) {
    if (rule.cite.empty()) continue;
    body.emplace_back("citation." + Number(++n), rule.code + ": " + rule.cite);
  }
}

void AddCodes(Fields& body, std::string_view prefix, const std::vector<Code>& codes) {
  std::size_t n = 0;
  for (Code code : codes) {
    std::string key = std::string(prefix) + "." + Number(++n);
    body.emplace_back(key + ".code", std::string(policy::CodeName(code)));
    body.emplace_back(key + ".text", DescribeCode(code));
  }
}

std::string DueText(const std::optional<Date>& due) { return due ? due->ToString() : ""; }

void AddComplaintContacts(Fields& body, const LetterContext& c, const ComplaintContacts& contacts) {
  body.emplace_back("complaint.privacy_officer",
                    contacts.privacy_officer.empty()
                        ? "the Privacy Officer of " + c.organization.name
                        : contacts.privacy_officer);
  body.emplace_back("complaint.hhs_ocr", contacts.hhs_ocr);
}

// The review paragraph: reviewable denials may be reviewed by another licensed health care
// professional chosen by the organization (45 CFR 164.524(a)(3), (a)(4), (d)(4)).
void AddReviewRights(Fields& body, const policy::Decision& decision) {
  bool reviewable = decision.denial_reviewable.value_or(false);
  body.emplace_back("review.available", reviewable ? "yes" : "no");
  body.emplace_back(
      "review.how",
      reviewable ? "You may ask in writing, to the privacy officer named below, that a licensed "
                   "health care professional who did not take part in this decision review it."
                 : "This denial is not subject to review.");
}

const Document* FindDocument(const std::vector<Document>& documents, const std::string& id) {
  for (const Document& document : documents) {
    if (std::to_string(document.id.value) == id) return &document;
  }
  return nullptr;
}

std::string DescribeDocument(const Document* document, const std::string& id) {
  if (document == nullptr) return "document " + id;
  std::string text = document->kind;
  if (document->service_date) text += " of " + document->service_date->ToString();
  return text;
}

Letter Make(const LetterContext& c, std::string_view kind, Fields body) {
  return Letter{.id = 0,
                .request_id = c.request.id,
                .kind = std::string(kind),
                .date = c.today,
                .recipient = c.requester.name,
                .body = std::move(body)};
}

}  // namespace

std::string DescribeCode(Code code) {
  auto it = Descriptions().find(code);
  if (it != Descriptions().end()) return std::string(it->second);
  return std::string(policy::CodeName(code));
}

Letter AcknowledgmentLetter(const LetterContext& c) {
  Fields body = Header(c);
  body.insert(body.begin() + 3, {"channel", std::string(ChannelName(c.request.channel))});
  body.insert(body.end(), {{"basis", c.request.facts.basis},
                           {"purpose", c.request.facts.purpose},
                           {"due_on", DueText(c.request.due_on)}});
  return Make(c, kAcknowledgmentLetter, std::move(body));
}

Letter PendingInformationLetter(const LetterContext& c, const policy::Decision& decision) {
  Fields body = Header(c);
  body.emplace_back("due_on", DueText(decision.due_on));
  body.emplace_back("deficiency_count", Number(decision.deficiencies.size()));
  AddCodes(body, "deficiency", decision.deficiencies);
  AddCitations(body, decision);
  return Make(c, kPendingInformationLetter, std::move(body));
}

Letter ExtensionLetter(const LetterContext& c, const ExtensionNotice& extension,
                       std::optional<Date> original_due_on, const policy::Decision& decision) {
  Fields body = Header(c);
  body.emplace_back("reason", extension.reason);
  body.emplace_back("original_due_on", DueText(original_due_on));
  body.emplace_back("new_due_on", extension.new_due_on.ToString());
  body.emplace_back("notice_on", extension.notice_on.ToString());
  AddCitations(body, decision);
  return Make(c, kExtensionLetter, std::move(body));
}

Letter DenialLetter(const LetterContext& c, const policy::Decision& decision,
                    const ComplaintContacts& contacts) {
  Fields body = Header(c);
  std::vector<Code> reasons;
  for (const policy::DocumentDecision& document : decision.documents) {
    for (Code code : document.reasons) {
      if (std::find(reasons.begin(), reasons.end(), code) == reasons.end()) {
        reasons.push_back(code);
      }
    }
  }
  for (Code code : decision.deficiencies) {
    if (std::find(reasons.begin(), reasons.end(), code) == reasons.end()) reasons.push_back(code);
  }
  body.emplace_back("basis_count", Number(reasons.size()));
  AddCodes(body, "basis", reasons);
  AddReviewRights(body, decision);
  AddComplaintContacts(body, c, contacts);
  AddCitations(body, decision);
  return Make(c, kDenialLetter, std::move(body));
}

Letter PartialDenialLetter(const LetterContext& c, const policy::Decision& decision,
                           const std::vector<Document>& documents,
                           const ComplaintContacts& contacts) {
  Fields body = Header(c);
  std::size_t n = 0;
  for (const policy::DocumentDecision& decided : decision.documents) {
    if (decided.action != policy::Action::kWithhold) continue;
    std::string key = "withheld." + Number(++n);
    body.emplace_back(key + ".document",
                      DescribeDocument(FindDocument(documents, decided.id), decided.id));
    std::string why;
    for (Code code : decided.reasons) {
      if (!why.empty()) why += " ";
      why += DescribeCode(code);
    }
    body.emplace_back(key + ".reasons", why);
    std::vector<std::string> names;
    for (Code code : decided.reasons) names.emplace_back(policy::CodeName(code));
    body.emplace_back(key + ".codes", JoinList(names));
  }
  body.insert(body.begin() + static_cast<std::ptrdiff_t>(Header(c).size()),
              {"withheld_count", Number(n)});
  AddReviewRights(body, decision);
  AddComplaintContacts(body, c, contacts);
  AddCitations(body, decision);
  return Make(c, kPartialDenialLetter, std::move(body));
}

Letter ReleaseCoverLetter(const LetterContext& c, const policy::Decision& decision,
                          const std::vector<Document>& documents) {
  Fields body = Header(c);
  std::size_t n = 0;
  Fields enclosed;
  for (const policy::DocumentDecision& decided : decision.documents) {
    if (decided.action != policy::Action::kRelease) continue;
    enclosed.emplace_back("enclosed." + Number(++n),
                          DescribeDocument(FindDocument(documents, decided.id), decided.id));
  }
  body.emplace_back("enclosed_count", Number(n));
  body.insert(body.end(), enclosed.begin(), enclosed.end());
  body.emplace_back("fee_max", Money::FromCents(decision.fee.max_cents).ToPlainString());
  body.emplace_back("fee_basis", std::string(policy::CodeName(decision.fee.basis)));
  std::size_t k = 0;
  for (Code notice : decision.notices) {
    std::string key = "notice." + Number(++k);
    body.emplace_back(key + ".code", std::string(policy::CodeName(notice)));
    body.emplace_back(key + ".text", DescribeCode(notice));
  }
  if (decision.outcome == policy::Outcome::kPartial) {
    body.emplace_back("partial", "Some records were withheld; see the enclosed notice.");
  }
  AddCitations(body, decision);
  return Make(c, kReleaseCoverLetter, std::move(body));
}

Letter ExpiryLetter(const LetterContext& c, Date pending_since, int expiry_days,
                    const std::vector<std::pair<std::string, std::string>>& deficiencies) {
  Fields body = Header(c);
  body.emplace_back("pending_since", pending_since.ToString());
  body.emplace_back("expiry_days", std::to_string(expiry_days));
  body.emplace_back("closed_on", c.today.ToString());
  body.emplace_back("deficiency_count", Number(deficiencies.size()));
  std::size_t n = 0;
  for (const auto& [code, text] : deficiencies) {
    std::string key = "deficiency." + Number(++n);
    body.emplace_back(key + ".code", code);
    body.emplace_back(key + ".text", text);
  }
  body.emplace_back("next_step",
                    "You may send a new request with the information listed at any time.");
  return Make(c, kExpiryLetter, std::move(body));
}

std::vector<std::pair<std::string, std::string>> LetterDeficiencies(const Letter& letter) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t n = 1;; ++n) {
    std::string key = "deficiency." + Number(n);
    std::string_view code = FieldValue(letter.body, key + ".code");
    if (code.empty()) break;
    out.emplace_back(std::string(code), std::string(FieldValue(letter.body, key + ".text")));
  }
  return out;
}

Letter DenialReviewLetter(const LetterContext& c, const DenialReview& review,
                          const std::vector<Document>& documents,
                          const ComplaintContacts& contacts) {
  Fields body = Header(c);
  body.emplace_back("review.requested_on", review.requested_on.ToString());
  body.emplace_back("review.decided_on", c.today.ToString());
  body.emplace_back("review.reviewer", "a licensed health care professional designated by " +
                                           c.organization.name +
                                           " who did not take part in the original decision");
  body.emplace_back("determination", std::string(DenialDeterminationName(review.determination)));
  body.emplace_back("reasons", review.reasons);
  std::string outcome;
  switch (review.determination) {
    case DenialDetermination::kUpheld:
      outcome = "The reviewer upheld the denial. The records remain withheld.";
      break;
    case DenialDetermination::kOverturned:
      outcome = "The reviewer overturned the denial. We will provide the records listed below.";
      break;
    default:
      outcome =
          "The reviewer overturned the denial in part. We will provide the records listed below; "
          "the others remain withheld.";
      break;
  }
  body.emplace_back("outcome", outcome);
  std::size_t n = 0;
  for (DocumentId id : review.overturned_documents) {
    std::string key = std::to_string(id.value);
    body.emplace_back("released." + Number(++n),
                      DescribeDocument(FindDocument(documents, key), key));
  }
  if (review.determination == DenialDetermination::kUpheld) {
    AddComplaintContacts(body, c, contacts);
  }
  body.emplace_back("citation.1", "DENIAL_REVIEW: 45 CFR 164.524(a)(4), (d)(4)");
  return Make(c, kDenialReviewLetter, std::move(body));
}

}  // namespace roi
