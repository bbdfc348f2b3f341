#include "domain/disclosure.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace roi {
namespace {

constexpr std::array<std::pair<DisclosureMeans, std::string_view>, 6> kMeansNames = {{
    {DisclosureMeans::kPortalDownload, "portal_download"},
    {DisclosureMeans::kMail, "mail"},
    {DisclosureMeans::kFax, "fax"},
    {DisclosureMeans::kSecureEmail, "secure_email"},
    {DisclosureMeans::kInPerson, "in_person"},
    {DisclosureMeans::kOther, "other"},
}};

struct BasisRow {
  DisclosureBasis basis;
  std::string_view name;
  bool accountable;
  std::string_view citation;
};

// The accountability table: one row per basis.
constexpr std::array<BasisRow, 25> kBases = {{
    {DisclosureBasis::kTreatment, "treatment", false, "45 CFR 164.528(a)(1)(i)"},
    {DisclosureBasis::kPayment, "payment", false, "45 CFR 164.528(a)(1)(i)"},
    {DisclosureBasis::kHealthCareOperations, "health_care_operations", false,
     "45 CFR 164.528(a)(1)(i)"},
    {DisclosureBasis::kToIndividual, "to_individual", false, "45 CFR 164.528(a)(1)(ii)"},
    {DisclosureBasis::kIncidental, "incidental", false, "45 CFR 164.528(a)(1)(iii)"},
    {DisclosureBasis::kAuthorization, "authorization", false, "45 CFR 164.528(a)(1)(iv)"},
    {DisclosureBasis::kFacilityDirectory, "facility_directory", false, "45 CFR 164.528(a)(1)(v)"},
    {DisclosureBasis::kInvolvedInCare, "involved_in_care", false, "45 CFR 164.528(a)(1)(v)"},
    {DisclosureBasis::kNationalSecurity, "national_security", false, "45 CFR 164.528(a)(1)(vi)"},
    {DisclosureBasis::kCorrectionalInstitution, "correctional_institution", false,
     "45 CFR 164.528(a)(1)(vii)"},
    {DisclosureBasis::kLimitedDataSet, "limited_data_set", false, "45 CFR 164.528(a)(1)(viii)"},
    {DisclosureBasis::kRequiredByLaw, "required_by_law", true, "45 CFR 164.512(a)"},
    {DisclosureBasis::kPublicHealth, "public_health", true, "45 CFR 164.512(b)"},
    {DisclosureBasis::kAbuseNeglect, "abuse_neglect", true, "45 CFR 164.512(c)"},
    {DisclosureBasis::kHealthOversight, "health_oversight", true, "45 CFR 164.512(d)"},
    {DisclosureBasis::kJudicialAdministrative, "judicial_administrative", true,
     "45 CFR 164.512(e)"},
    {DisclosureBasis::kLawEnforcement, "law_enforcement", true, "45 CFR 164.512(f)"},
    {DisclosureBasis::kDecedent, "decedent", true, "45 CFR 164.512(g)"},
    {DisclosureBasis::kOrganDonation, "organ_donation", true, "45 CFR 164.512(h)"},
    {DisclosureBasis::kResearch, "research", true, "45 CFR 164.512(i)"},
    {DisclosureBasis::kSeriousThreat, "serious_threat", true, "45 CFR 164.512(j)"},
    {DisclosureBasis::kSpecializedGovernment, "specialized_government", true, "45 CFR 164.512(k)"},
    {DisclosureBasis::kWorkersCompensation, "workers_compensation", true, "45 CFR 164.512(l)"},
    {DisclosureBasis::kToSecretary, "to_secretary", true, "45 CFR 164.502(a)(2)(ii)"},
    {DisclosureBasis::kImpermissible, "impermissible", true, "45 CFR 164.528(a)"},
}};

const BasisRow& Row(DisclosureBasis basis) {
  for (const BasisRow& row : kBases) {
    if (row.basis == basis) return row;
  }
  return kBases.back();  // Unreachable for a valid enumerator; the safe side is "accountable".
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool Blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return IsAsciiSpace(c); });
}

Status CheckText(std::string_view text, std::size_t limit, std::string_view field, bool required) {
  if (required && Blank(text)) return InvalidArgumentError(std::string(field) + " is required");
  if (text.size() > limit) {
    return InvalidArgumentError(std::string(field) + " must be at most " + std::to_string(limit) +
                                " bytes");
  }
  return OkStatus();
}

}  // namespace

std::string_view DisclosureMeansName(DisclosureMeans means) {
  for (const auto& [value, name] : kMeansNames) {
    if (value == means) return name;
  }
  return "other";
}

Result<DisclosureMeans> ParseDisclosureMeans(std::string_view name) {
  for (const auto& [value, means_name] : kMeansNames) {
    if (means_name == name) return value;
  }
  return InvalidArgumentError(
      "means must be one of portal_download, mail, fax, secure_email, in_person, other");
}

std::string_view DisclosureBasisName(DisclosureBasis basis) { return Row(basis).name; }

Result<DisclosureBasis> ParseDisclosureBasis(std::string_view name) {
  for (const BasisRow& row : kBases) {
    if (row.name == name) return row.basis;
  }
  return InvalidArgumentError("basis is not a known disclosure basis (see docs/disclosures.md)");
}

std::string_view DisclosureBasisCitation(DisclosureBasis basis) { return Row(basis).citation; }

bool IsAccountable(DisclosureBasis basis) { return Row(basis).accountable; }

Status ValidateDisclosure(const DisclosureEntry& entry) {
  if (!entry.patient_id.IsSet()) return InvalidArgumentError("patient_id is required");
  if (entry.request_id && entry.request_id->value <= 0) {
    return InvalidArgumentError("request_id must be a positive id when present");
  }
  if (!entry.released_by.IsSet()) return InvalidArgumentError("released_by is required");
  if (Status ok = CheckText(entry.recipient_name, kMaxRecipientName, "recipient_name", true); !ok) {
    return ok;
  }
  if (Status ok =
          CheckText(entry.recipient_address, kMaxRecipientAddress, "recipient_address", false);
      !ok) {
    return ok;
  }
  if (Status ok = CheckText(entry.description, kMaxDisclosureText, "description", true); !ok) {
    return ok;
  }
  if (Status ok = CheckText(entry.purpose, kMaxDisclosureText, "purpose", true); !ok) return ok;
  if (entry.fee.IsNegative()) return InvalidArgumentError("fee must not be negative");
  return OkStatus();
}

std::string FoldForMatch(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      pending_space = !folded.empty();
      continue;
    }
    if (pending_space) folded.push_back(' ');
    pending_space = false;
    folded.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return folded;
}

std::string_view SuspensionStatementName(SuspensionStatement statement) {
  return statement == SuspensionStatement::kOral ? "oral" : "written";
}

Result<SuspensionStatement> ParseSuspensionStatement(std::string_view name) {
  if (name == "written") return SuspensionStatement::kWritten;
  if (name == "oral") return SuspensionStatement::kOral;
  return InvalidArgumentError("statement must be written or oral");
}

std::string_view SuspendingAgencyName(SuspendingAgency agency) {
  return agency == SuspendingAgency::kLawEnforcement ? "law_enforcement" : "health_oversight";
}

Result<SuspendingAgency> ParseSuspendingAgency(std::string_view name) {
  if (name == "health_oversight") return SuspendingAgency::kHealthOversight;
  if (name == "law_enforcement") return SuspendingAgency::kLawEnforcement;
  return InvalidArgumentError("agency_kind must be health_oversight or law_enforcement");
}

Status ValidateSuspension(const AccountingSuspension& suspension) {
  if (suspension.patient_id && suspension.patient_id->value <= 0) {
    return InvalidArgumentError("patient_id must be a positive id when present");
  }
  if (Status ok = CheckText(suspension.agency_name, kMaxRecipientName, "agency_name", true); !ok) {
    return ok;
  }
  bool oral = suspension.statement == SuspensionStatement::kOral;
  if (Status ok = CheckText(suspension.official, kMaxRecipientName, "official", oral); !ok) {
    if (oral && Blank(suspension.official)) {
      return InvalidArgumentError(
          "official is required for an oral statement (164.528(a)(2)(ii)(A))");
    }
    return ok;
  }
  if (suspension.ends_on < suspension.starts_on) {
    return InvalidArgumentError("ends_on must not be before starts_on");
  }
  if (oral && suspension.starts_on.DaysUntil(suspension.ends_on) > kMaxOralSuspensionDays) {
    return InvalidArgumentError(
        "an oral statement suspends accounting for at most 30 days (164.528(a)(2)(ii)(C)); "
        "record the written statement as its own suspension");
  }
  if (Status ok = CheckText(suspension.reason, kMaxDisclosureText, "reason", false); !ok) {
    return ok;
  }
  if (!suspension.recorded_by.IsSet()) return InvalidArgumentError("recorded_by is required");
  return OkStatus();
}

bool SuspensionInForce(const AccountingSuspension& suspension, Date day) {
  return suspension.starts_on <= day && day <= suspension.ends_on;
}

bool SuspensionHides(const AccountingSuspension& suspension, const DisclosureEntry& entry,
                     Date as_of) {
  if (!SuspensionInForce(suspension, as_of)) return false;
  if (suspension.patient_id && *suspension.patient_id != entry.patient_id) return false;
  DisclosureBasis matching = suspension.agency_kind == SuspendingAgency::kLawEnforcement
                                 ? DisclosureBasis::kLawEnforcement
                                 : DisclosureBasis::kHealthOversight;
  if (entry.basis != matching) return false;
  return FoldForMatch(suspension.agency_name) == FoldForMatch(entry.recipient_name);
}

Result<AccountingWindow> ResolveAccountingWindow(std::optional<Date> from, std::optional<Date> to,
                                                 Date as_of) {
  Date earliest = as_of.AddYears(-kAccountingYears);
  AccountingWindow window{.from = from.value_or(earliest), .to = to.value_or(as_of)};
  if (as_of < window.to) {
    return InvalidArgumentError("to must not be after the date of the request (as_of)");
  }
  if (window.to < window.from) return InvalidArgumentError("from must not be after to");
  if (window.from < earliest) {
    return InvalidArgumentError(
        "an accounting covers at most the six years before the request (45 CFR 164.528(a)); "
        "from must be on or after " +
        earliest.ToString());
  }
  return window;
}

std::vector<AccountingLine> BuildAccountingLines(std::span<const DisclosureEntry> entries,
                                                 std::span<const AccountingSuspension> suspensions,
                                                 const AccountingWindow& window, Date as_of) {
  std::vector<const DisclosureEntry*> kept;
  for (const DisclosureEntry& entry : entries) {
    if (!IsAccountable(entry.basis)) continue;
    if (entry.disclosed_on < window.from || window.to < entry.disclosed_on) continue;
    bool hidden = std::any_of(suspensions.begin(), suspensions.end(),
                              [&](const AccountingSuspension& suspension) {
                                return SuspensionHides(suspension, entry, as_of);
                              });
    if (!hidden) kept.push_back(&entry);
  }
  std::sort(kept.begin(), kept.end(), [](const DisclosureEntry* a, const DisclosureEntry* b) {
    return std::tie(a->disclosed_on, a->id) < std::tie(b->disclosed_on, b->id);
  });
  using Key = std::tuple<std::string, std::string, DisclosureBasis>;
  std::map<Key, std::size_t> line_of;
  std::vector<AccountingLine> lines;
  for (const DisclosureEntry* entry : kept) {
    Key key{FoldForMatch(entry->recipient_name), FoldForMatch(entry->purpose), entry->basis};
    auto [found, inserted] = line_of.try_emplace(std::move(key), lines.size());
    if (inserted) {
      lines.push_back(AccountingLine{.first = *entry,
                                     .count = 1,
                                     .last_disclosed_on = entry->disclosed_on,
                                     .disclosure_ids = {entry->id}});
      continue;
    }
    AccountingLine& line = lines[found->second];
    line.count += 1;
    line.last_disclosed_on = entry->disclosed_on;
    line.disclosure_ids.push_back(entry->id);
  }
  return lines;  // Already ordered by first disclosure: lines are opened in date order.
}

Status ValidateAccountingRecord(const AccountingRecord& record) {
  if (!record.patient_id.IsSet()) return InvalidArgumentError("patient_id is required");
  if (!record.provided_by.IsSet()) return InvalidArgumentError("provided_by is required");
  if (record.window.to < record.window.from) {
    return InvalidArgumentError("window from must not be after to");
  }
  if (record.line_count < 0 || record.disclosure_count < record.line_count) {
    return InvalidArgumentError(
        "line and disclosure counts must satisfy 0 <= lines <= disclosures");
  }
  if (record.fee.IsNegative()) return InvalidArgumentError("fee must not be negative");
  if (!record.fee_may_apply && record.fee != Money::Zero()) {
    return InvalidArgumentError(
        "the first accounting in any 12 months is free (45 CFR 164.528(c)(2))");
  }
  return OkStatus();
}

bool AccountingFeeMayApply(std::span<const Date> earlier_requests, Date requested_on) {
  Date year_before = requested_on.AddMonths(-12);
  return std::any_of(earlier_requests.begin(), earlier_requests.end(), [&](Date earlier) {
    return year_before < earlier && earlier <= requested_on;
  });
}

}  // namespace roi
