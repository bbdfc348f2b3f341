#include "app/release_disclosure.h"

#include <array>
#include <string>
#include <utility>

#include "base/money.h"
#include "policy/decision.h"

namespace roi {
namespace {

// `text` cut to at most `limit` bytes, never inside a UTF-8 sequence.
std::string Cut(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

// "continuing_care" -> "continuing care".
std::string Words(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

std::string DocumentText(const std::vector<Document>& documents, const std::string& id) {
  for (const Document& document : documents) {
    if (std::to_string(document.id.value) != id) continue;
    std::string text = Words(document.kind);
    if (document.service_date) text += " of " + document.service_date->ToString();
    return text;
  }
  return "document " + id;
}

}  // namespace

Result<DisclosureBasis> DisclosureBasisForRequest(std::string_view request_basis) {
  static constexpr std::array<std::pair<std::string_view, DisclosureBasis>, 15> kBases = {{
      {"access", DisclosureBasis::kToIndividual},
      {"directive", DisclosureBasis::kToIndividual},
      {"accounting", DisclosureBasis::kToIndividual},
      {"authorization", DisclosureBasis::kAuthorization},
      {"court_order", DisclosureBasis::kJudicialAdministrative},
      {"subpoena", DisclosureBasis::kJudicialAdministrative},
      {"grand_jury_subpoena", DisclosureBasis::kLawEnforcement},
      {"administrative_request", DisclosureBasis::kLawEnforcement},
      {"law_enforcement_informal", DisclosureBasis::kLawEnforcement},
      {"public_health", DisclosureBasis::kPublicHealth},
      {"workers_comp", DisclosureBasis::kWorkersCompensation},
      {"treatment", DisclosureBasis::kTreatment},
      {"payment", DisclosureBasis::kPayment},
      {"operations", DisclosureBasis::kHealthCareOperations},
      {"family_involvement", DisclosureBasis::kInvolvedInCare},
  }};
  for (const auto& [name, basis] : kBases) {
    if (name == request_basis) return basis;
  }
  return InvalidArgumentError("basis: not a request basis this release can log");
}

Result<DisclosureMeans> DisclosureMeansForMedium(std::string_view medium) {
  static constexpr std::array<std::pair<std::string_view, DisclosureMeans>, 8> kMeans = {{
      {"portal", DisclosureMeans::kPortalDownload},
      {"secure_email", DisclosureMeans::kSecureEmail},
      {"email", DisclosureMeans::kSecureEmail},
      {"mail", DisclosureMeans::kMail},
      {"fax", DisclosureMeans::kFax},
      {"pickup", DisclosureMeans::kInPerson},
      {"portable_media", DisclosureMeans::kOther},
      {"", DisclosureMeans::kOther},
  }};
  for (const auto& [name, means] : kMeans) {
    if (name == medium) return means;
  }
  return InvalidArgumentError("medium: not a delivery medium this release can log");
}

bool ReleasesAnyDocument(const policy::Decision& decision) {
  for (const policy::DocumentDecision& decided : decision.documents) {
    if (decided.action == policy::Action::kRelease) return true;
  }
  return false;
}

Result<DisclosureEntry> ReleaseDisclosureEntry(const ReleaseFacts& release) {
  const ReleaseRequest& request = release.request;
  Result<DisclosureBasis> basis = DisclosureBasisForRequest(request.facts.basis);
  if (!basis) return basis.error();
  Result<DisclosureMeans> means = DisclosureMeansForMedium(request.facts.medium);
  if (!means) return means.error();

  std::string released;
  int released_count = 0;
  int withheld_count = 0;
  for (const policy::DocumentDecision& decided : release.decision.documents) {
    if (decided.action != policy::Action::kRelease) {
      ++withheld_count;
      continue;
    }
    released += released_count++ == 0 ? ": " : "; ";
    released += DocumentText(release.documents, decided.id);
  }
  if (released_count == 0) {
    return InvalidArgumentError("release: the decision releases no document");
  }
  std::string description = "Request " + request.number + ", " + std::to_string(released_count) +
                            (released_count == 1 ? " document released" : " documents released");
  if (withheld_count > 0) {
    description += " (" + std::to_string(withheld_count) + " withheld)";
  }
  description += released;

  const Requester& requester = release.requester;
  std::string recipient = requester.name;
  if (!requester.organization.empty() && requester.organization != requester.name) {
    recipient += ", " + requester.organization;
  }
  std::string address = requester.address;
  if (address.empty() &&
      (*means == DisclosureMeans::kSecureEmail || *means == DisclosureMeans::kPortalDownload)) {
    address = requester.email;
  }
  std::string purpose = "Purpose: " + Words(request.facts.purpose) +
                        "; basis: " + Words(request.facts.basis) + "; requested by " +
                        Words(requester.role) + " (request " + request.number + ")";

  return DisclosureEntry{.id = {},
                         .organization_id = request.organization_id,
                         .patient_id = request.patient_id,
                         .request_id = request.id,
                         .disclosed_on = release.released_on,
                         .recipient_name = Cut(std::move(recipient), kMaxRecipientName),
                         .recipient_address = Cut(std::move(address), kMaxRecipientAddress),
                         .description = Cut(std::move(description), kMaxDisclosureText),
                         .purpose = Cut(std::move(purpose), kMaxDisclosureText),
                         .released_by = release.released_by,
                         .means = *means,
                         .fee = Money::FromCents(release.fee_cents),
                         .basis = *basis};
}

}  // namespace roi
