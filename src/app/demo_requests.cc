#include "app/demo_requests.h"

#include <optional>
#include <string>
#include <utility>

#include "app/demo_data.h"

namespace roi {
namespace {

// Adults among the demo patients (DEMO-000001 is a newborn).
constexpr const char* kDemoRequestMrns[3] = {"DEMO-000002", "DEMO-000003", "DEMO-000005"};

struct DemoContext {
  Principal specialist;
  PatientId patients[3];
  bool has_requests = false;
};

Result<DemoContext> ReadContext(Store& store, OrganizationId organization) {
  DemoContext context;
  context.specialist.organization = organization;
  Status status = store.InTransaction(organization, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<User> user = tx.Users().FindByEmail(kDemoLoginEmail);
    if (!user) return user.error();
    context.specialist.user = *user;
    for (int i = 0; i < 3; ++i) {
      Result<Patient> patient = tx.Patients().FindByMrn(kDemoRequestMrns[i]);
      if (!patient) return patient.error();
      context.patients[i] = patient->id;
    }
    Result<std::vector<ReleaseRequest>> any =
        tx.Requests().List({.sort = RequestSort::kReceived, .limit = 1});
    if (!any) return any.error();
    context.has_requests = !any->empty();
    return OkStatus();
  });
  if (!status) return status.error();
  return context;
}

AuthorizationElements DemoAuthorization(Date today, bool is_signed) {
  AuthorizationElements a;
  a.is_signed = is_signed;
  a.signed_on = today.AddDays(-3);
  a.expires_on = today.AddYears(1);
  a.describes_information = a.names_discloser = a.names_recipient = a.states_purpose = true;
  a.revocation_statement = a.conditioning_statement = a.redisclosure_statement = true;
  a.covers = {"all_records"};
  a.scanned_file = "placeholder://demo/authorization";
  return a;
}

}  // namespace

Result<DemoRequestSummary> LoadDemoRequests(Store& store, RequestService& service,
                                            OrganizationId organization, Date today) {
  Result<DemoContext> context = ReadContext(store, organization);
  if (!context) return context.error();
  DemoRequestSummary summary;
  if (context->has_requests) {
    summary.already_loaded = true;
    return summary;
  }
  const Principal& caller = context->specialist;
  struct Who {
    const char* role;
    const char* name;
    const char* organization;
  };
  const Who people[3] = {{"patient", "Demo Patient Self (synthetic)", ""},
                         {"attorney", "Demo Sample Law Office", "Example Legal LLP (synthetic)"},
                         {"insurer", "Demo Claims Desk", "Example Mutual Insurance (synthetic)"}};
  RequesterId requesters[3];
  for (int i = 0; i < 3; ++i) {
    Result<Requester> added = service.AddRequester(
        caller, {.role = people[i].role,
                 .name = people[i].name,
                 .organization = people[i].organization,
                 .email = "demo.requester" + std::to_string(i + 1) + "@example.org"});
    if (!added) return added.error();
    requesters[i] = added->id;
    ++summary.requesters;
  }
  const char* kinds[3] = {"progress_note", "lab_result", "psychotherapy_note"};
  for (PatientId patient : context->patients) {
    for (int k = 0; k < 3; ++k) {
      Result<Document> added =
          service.AddDocument(caller, {.patient_id = patient,
                                       .kind = kinds[k],
                                       .service_date = today.AddDays(-30 * (k + 1)),
                                       .encounter = "DEMO-ENC-" + std::to_string(k + 1),
                                       .author = "Demo Clinician",
                                       .pages = 2 + k,
                                       .labels = k == 2 ? std::vector<std::string>{"mental_health"}
                                                        : std::vector<std::string>{},
                                       .content = "Synthetic demo note; not a real record."});
      if (!added) return added.error();
      ++summary.documents;
    }
  }
  RequestFacts access{.basis = "access", .purpose = "personal", .medium = "portal"};
  access.written = access.is_signed = access.identity_verified = true;
  access.scope.all_records = true;
  RequestFacts attorney{.basis = "authorization", .purpose = "litigation", .medium = "mail"};
  attorney.written = attorney.is_signed = true;
  attorney.scope.all_records = true;
  attorney.authorization = DemoAuthorization(today, /*is_signed=*/false);
  RequestFacts insurer{.basis = "authorization", .purpose = "insurance", .medium = "fax"};
  insurer.written = insurer.is_signed = true;
  insurer.scope.kinds = {"progress_note", "lab_result"};
  insurer.authorization = DemoAuthorization(today, /*is_signed=*/true);
  const std::pair<Channel, RequestFacts> intake[3] = {
      {Channel::kPortal, access}, {Channel::kMail, attorney}, {Channel::kFax, insurer}};
  for (int i = 0; i < 3; ++i) {
    Result<RequestView> view = service.Intake(caller, {.patient_id = context->patients[i],
                                                       .requester_id = requesters[i],
                                                       .channel = intake[i].first,
                                                       .facts = intake[i].second});
    if (!view) return view.error();
    ++summary.requests;
  }
  return summary;
}

}  // namespace roi
