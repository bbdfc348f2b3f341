// Disclosures: the log of protected health information released outside the organization, the
// rule that says which disclosures an individual may ask to have accounted for (45 CFR 164.528),
// suspensions of that right at an agency's request, and the accounting itself.  Pure values and
// functions: no I/O, no clock reads (callers pass the dates in).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/money.h"
#include "base/result.h"

namespace roi {

// How the records left the organization.
enum class DisclosureMeans { kPortalDownload, kMail, kFax, kSecureEmail, kInPerson, kOther };

inline constexpr std::array<DisclosureMeans, 6> kAllDisclosureMeans = {
    DisclosureMeans::kPortalDownload, DisclosureMeans::kMail,     DisclosureMeans::kFax,
    DisclosureMeans::kSecureEmail,    DisclosureMeans::kInPerson, DisclosureMeans::kOther};

// "portal_download", "mail", "fax", "secure_email", "in_person", "other".
std::string_view DisclosureMeansName(DisclosureMeans means);
// Returns InvalidArgument for a name that is not one of DisclosureMeansName's.
Result<DisclosureMeans> ParseDisclosureMeans(std::string_view name);

// The legal basis of a disclosure.  The first group is excluded from an accounting by
// 164.528(a)(1); the second is accountable (every other 164.512 disclosure, and disclosures the
// Privacy Rule did not permit).  IsAccountable() is the one place that draws the line.
enum class DisclosureBasis {
  // Excluded (164.528(a)(1)).
  kTreatment,                // (a)(1)(i), 164.506
  kPayment,                  // (a)(1)(i), 164.506
  kHealthCareOperations,     // (a)(1)(i), 164.506
  kToIndividual,             // (a)(1)(ii), 164.502(a)(1)(i); includes access under 164.524
  kIncidental,               // (a)(1)(iii), 164.502(a)(1)(iii)
  kAuthorization,            // (a)(1)(iv), 164.508
  kFacilityDirectory,        // (a)(1)(v), 164.510(a)
  kInvolvedInCare,           // (a)(1)(v), 164.510(b): family/friends involved, notification
  kNationalSecurity,         // (a)(1)(vi), 164.512(k)(2)
  kCorrectionalInstitution,  // (a)(1)(vii), 164.512(k)(5): custody of the individual
  kLimitedDataSet,           // (a)(1)(viii), 164.514(e)
  // Accountable.
  kRequiredByLaw,           // 164.512(a)
  kPublicHealth,            // 164.512(b)
  kAbuseNeglect,            // 164.512(c)
  kHealthOversight,         // 164.512(d)
  kJudicialAdministrative,  // 164.512(e): court order, subpoena, discovery request
  kLawEnforcement,          // 164.512(f)
  kDecedent,                // 164.512(g): coroners, medical examiners, funeral directors
  kOrganDonation,           // 164.512(h)
  kResearch,                // 164.512(i): research without authorization (waiver)
  kSeriousThreat,           // 164.512(j)
  kSpecializedGovernment,   // 164.512(k)(1),(3),(4),(6): military, protective services, ...
  kWorkersCompensation,     // 164.512(l)
  kToSecretary,             // 164.502(a)(2)(ii): to HHS for compliance review
  kImpermissible,           // Not permitted by the Privacy Rule (e.g. misdirected fax)
};

inline constexpr std::array<DisclosureBasis, 25> kAllDisclosureBases = {
    DisclosureBasis::kTreatment,
    DisclosureBasis::kPayment,
    DisclosureBasis::kHealthCareOperations,
    DisclosureBasis::kToIndividual,
    DisclosureBasis::kIncidental,
    DisclosureBasis::kAuthorization,
    DisclosureBasis::kFacilityDirectory,
    DisclosureBasis::kInvolvedInCare,
    DisclosureBasis::kNationalSecurity,
    DisclosureBasis::kCorrectionalInstitution,
    DisclosureBasis::kLimitedDataSet,
    DisclosureBasis::kRequiredByLaw,
    DisclosureBasis::kPublicHealth,
    DisclosureBasis::kAbuseNeglect,
    DisclosureBasis::kHealthOversight,
    DisclosureBasis::kJudicialAdministrative,
    DisclosureBasis::kLawEnforcement,
    DisclosureBasis::kDecedent,
    DisclosureBasis::kOrganDonation,
    DisclosureBasis::kResearch,
    DisclosureBasis::kSeriousThreat,
    DisclosureBasis::kSpecializedGovernment,
    DisclosureBasis::kWorkersCompensation,
    DisclosureBasis::kToSecretary,
    DisclosureBasis::kImpermissible,
};

// The stable wire/storage name: "treatment", "payment", "health_care_operations",
// "to_individual", "incidental", "authorization", "facility_directory", "involved_in_care",
// "national_security", "correctional_institution", "limited_data_set", "required_by_law",
// "public_health", "abuse_neglect", "health_oversight", "judicial_administrative",
// "law_enforcement", "decedent", "organ_donation", "research", "serious_threat",
// "specialized_government", "workers_compensation", "to_secretary", "impermissible".
std::string_view DisclosureBasisName(DisclosureBasis basis);
// Returns InvalidArgument for a name that is not one of DisclosureBasisName's.
Result<DisclosureBasis> ParseDisclosureBasis(std::string_view name);
// The CFR paragraph the basis rests on, e.g. "45 CFR 164.512(b)".
std::string_view DisclosureBasisCitation(DisclosureBasis basis);

// True iff a disclosure on `basis` belongs in an accounting of disclosures: false for the
// exclusions of 164.528(a)(1)(i)-(viii), true for everything else.
bool IsAccountable(DisclosureBasis basis);

// Value type: one disclosure of one patient's records.  Append-only: never updated.
struct DisclosureEntry {
  DisclosureId id;
  OrganizationId organization_id;
  PatientId patient_id;
  // The release request this disclosure fulfilled, if any.  Stored without a foreign key (the
  // requests table is owned by the request workflow); a dangling id is not an error here.
  std::optional<RequestId> request_id;
  Date disclosed_on;
  std::string recipient_name;     // Person or entity; required.
  std::string recipient_address;  // "If known" (164.528(b)(2)(ii)); may be empty.
  std::string description;        // Brief description of the information disclosed; required.
  std::string purpose;  // Brief statement of purpose, or a copy/summary of the request; required.
  UserId released_by;
  DisclosureMeans means = DisclosureMeans::kOther;
  Money fee;  // What the recipient was charged (zero if nothing).
  DisclosureBasis basis = DisclosureBasis::kTreatment;

  bool operator==(const DisclosureEntry&) const = default;
};

// Field limits (bytes).
inline constexpr std::size_t kMaxRecipientName = 300;
inline constexpr std::size_t kMaxRecipientAddress = 1000;
inline constexpr std::size_t kMaxDisclosureText = 4000;  // Description and purpose each.

// Returns InvalidArgument naming the first bad field: patient or released-by unset, a request id
// that is present but not positive, recipient name/description/purpose empty (or only spaces) or
// over their limits, a negative fee.  Messages name fields, never values (no PHI).
Status ValidateDisclosure(const DisclosureEntry& entry);

// The form in which recipient names and purposes are compared: ASCII lower case, runs of
// whitespace collapsed to one space, trimmed.  "  County  Health Dept " == "county health dept".
std::string FoldForMatch(std::string_view text);

// Who made the statement that suspends accounting (164.528(a)(2)).
enum class SuspensionStatement { kWritten, kOral };
// "written", "oral".
std::string_view SuspensionStatementName(SuspensionStatement statement);
Result<SuspensionStatement> ParseSuspensionStatement(std::string_view name);

// The kind of agency that asked (only these two may, 164.528(a)(2)(i)).
enum class SuspendingAgency { kHealthOversight, kLawEnforcement };
// "health_oversight", "law_enforcement".
std::string_view SuspendingAgencyName(SuspendingAgency agency);
Result<SuspendingAgency> ParseSuspendingAgency(std::string_view name);

// An oral statement suspends for at most this many days unless a written one follows
// (164.528(a)(2)(ii)(C)); the written statement is then recorded as its own suspension.
inline constexpr int kMaxOralSuspensionDays = 30;

// Value type: an agency's statement that an accounting would impede its activities.  While in
// force (starts_on <= day <= ends_on) an accounting produced that day omits the disclosures to
// that agency made on the matching basis (health oversight: 164.512(d); law enforcement:
// 164.512(f)).  The agency is matched by FoldForMatch of the disclosure's recipient name.
struct AccountingSuspension {
  AccountingSuspensionId id;
  OrganizationId organization_id;
  std::optional<PatientId> patient_id;  // Limited to one patient; unset: every patient.
  SuspendingAgency agency_kind = SuspendingAgency::kHealthOversight;
  std::string agency_name;  // As it appears as the disclosures' recipient name.
  std::string official;     // Identity of the official; required for an oral statement.
  SuspensionStatement statement = SuspensionStatement::kWritten;
  Date starts_on;      // The day the statement was received.
  Date ends_on;        // The last day of the suspension (the time the statement specifies).
  std::string reason;  // Free text, e.g. the statement's reference; may be empty.
  UserId recorded_by;

  bool operator==(const AccountingSuspension&) const = default;
};

// Returns InvalidArgument naming the first bad field: agency name empty or over 300 bytes,
// official over 300 bytes or (for an oral statement) empty, ends_on before starts_on, an oral
// statement lasting more than kMaxOralSuspensionDays after starts_on, reason over 4000 bytes,
// recorded_by unset, a patient id that is present but not positive.
Status ValidateSuspension(const AccountingSuspension& suspension);

// True iff `suspension` is in force on `day`.
bool SuspensionInForce(const AccountingSuspension& suspension, Date day);
// True iff `suspension`, in force on `as_of`, hides `entry` from an accounting produced that day.
bool SuspensionHides(const AccountingSuspension& suspension, const DisclosureEntry& entry,
                     Date as_of);

// The longest look-back of an accounting (164.528(a)): six years.
inline constexpr int kAccountingYears = 6;

// Value type: the inclusive range of disclosure dates an accounting covers.
struct AccountingWindow {
  Date from;
  Date to;
  bool operator==(const AccountingWindow&) const = default;
};

// The window of an accounting requested on `as_of`: `to` defaults to `as_of`, `from` to exactly
// six calendar years before `as_of` (AddYears; Feb 29 becomes Feb 28).  Returns InvalidArgument
// if `to` is after `as_of`, `from` is after `to`, or `from` is earlier than six years before
// `as_of` ("the accounting covers at most the six years before the request").
Result<AccountingWindow> ResolveAccountingWindow(std::optional<Date> from, std::optional<Date> to,
                                                 Date as_of);

// Value type: one line of an accounting.  A single disclosure has count 1; a summary of repeated
// disclosures to one recipient for one purpose (164.528(b)(3)) carries the full first disclosure,
// the number of disclosures in the window, and the date of the last.
struct AccountingLine {
  DisclosureEntry first;
  int count = 1;
  Date last_disclosed_on;
  std::vector<DisclosureId> disclosure_ids;  // Every disclosure summarized, by date then id.

  bool IsSummary() const { return count > 1; }
  bool operator==(const AccountingLine&) const = default;
};

// The lines of an accounting produced on `as_of` over `window`, from `entries` (any order, any
// patient mix is the caller's business: pass one patient's).  Keeps entries that are accountable,
// inside the window and not hidden by a suspension in force on `as_of`; groups those with the same
// folded recipient name, folded purpose and basis into one line; orders lines by the first
// disclosure's date, then id.
std::vector<AccountingLine> BuildAccountingLines(std::span<const DisclosureEntry> entries,
                                                 std::span<const AccountingSuspension> suspensions,
                                                 const AccountingWindow& window, Date as_of);

// Value type: the record that an accounting was provided to an individual (164.528(d)(2)).  The
// first accounting in any 12 months is free; `fee_may_apply` records that another was provided in
// the 12 months before `requested_on` (a fee then needs notice first; the amount is set elsewhere).
struct AccountingRecord {
  AccountingRecordId id;
  OrganizationId organization_id;
  PatientId patient_id;
  Date requested_on;
  AccountingWindow window;
  int line_count = 0;        // Lines in the accounting provided.
  int disclosure_count = 0;  // Disclosures those lines cover.
  bool fee_may_apply = false;
  Money fee;
  UserId provided_by;

  bool operator==(const AccountingRecord&) const = default;
};

// Returns InvalidArgument: patient or provided_by unset, window out of order, negative counts or
// fee, or a fee on an accounting that is free (fee_may_apply false).
Status ValidateAccountingRecord(const AccountingRecord& record);

// True iff an accounting requested on `requested_on` is not the first in the 12 months ending that
// day, given the request dates of the patient's earlier accountings.
bool AccountingFeeMayApply(std::span<const Date> earlier_requests, Date requested_on);

}  // namespace roi
