#include "app/portal_service.h"

#include <algorithm>
#include <utility>

#include "app/audited_call.h"
#include "app/request_case.h"
#include "app/user_service.h"
#include "base/ascii.h"

namespace roi {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a.substr(i, 1)) != AsciiLower(b.substr(i, 1))) return false;
  }
  return true;
}

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

// The requester record a registration creates (validated by RequesterRepository::Insert too).
Result<Requester> RequesterOf(const PortalRegistration& registration, const std::string& email) {
  Requester requester{.role = "patient",
                      .name = Trimmed(registration.name),
                      .organization = Trimmed(registration.requester_organization),
                      .email = email,
                      .phone = Trimmed(registration.phone)};
  if (registration.kind == "patient") {
    if (!registration.requester_role.empty() && registration.requester_role != "patient") {
      return InvalidArgumentError("requester_role must be empty for kind patient");
    }
  } else if (registration.kind == "requester") {
    if (registration.requester_role.empty() || registration.requester_role == "patient") {
      return InvalidArgumentError(
          "requester_role is required for kind requester (e.g. attorney, insurer, provider)");
    }
    if (Status known = CheckRequesterRole(registration.requester_role); !known) {
      return InvalidArgumentError("requester_role is not a known role");
    }
    requester.role = registration.requester_role;
  } else {
    return InvalidArgumentError("kind must be patient or requester");
  }
  if (Status valid = ValidateRequester(requester); !valid) return valid.error();
  return requester;
}

// The request's facts from a submission: the patient's own access for a patient, a disclosure on
// authorization for anyone else; staff complete the facts when they verify.
Result<RequestFacts> FactsOf(const PortalSubmission& submission, const Requester& requester) {
  RequestFacts facts{.basis = requester.role == "patient" ? "access" : "authorization",
                     .purpose = submission.purpose.empty() ? "personal" : submission.purpose,
                     .format = submission.format.empty() ? "electronic" : submission.format,
                     .medium = "portal"};
  facts.written = true;
  facts.recipient_named = true;
  facts.destination_named = true;
  if (submission.from || submission.to) {
    if (!submission.from || !submission.to) {
      return InvalidArgumentError("from and to must be given together");
    }
    if (*submission.to < *submission.from)
      return InvalidArgumentError("to must not be before from");
    facts.scope = RequestScope{.all_records = false, .from = submission.from, .to = submission.to};
  } else {
    facts.scope = RequestScope{.all_records = true};
  }
  if (Status valid = ValidateRequestFacts(facts); !valid) return valid.error();
  return facts;
}

PortalInvoice InvoiceOf(RequestId request, const std::optional<Invoice>& invoice,
                        const std::vector<InvoiceCredit>& credits) {
  PortalInvoice out{.request_id = request};
  if (!invoice) return out;
  out.issued = true;
  out.total_cents = invoice->total_cents;
  out.lines = invoice->lines;
  out.balance_cents = BalanceCents(*invoice, credits);
  out.paid_cents = out.total_cents - out.balance_cents;
  return out;
}

}  // namespace

Result<PortalRegistered> PortalService::Register(const PortalRegistration& registration) {
  if (registration.password.size() < UserService::kMinPasswordLength) {
    return InvalidArgumentError("password must be at least " +
                                std::to_string(UserService::kMinPasswordLength) + " characters");
  }
  std::string email = NormalizeEmail(Trimmed(registration.email));
  Result<Requester> requester = RequesterOf(registration, email);
  if (!requester) return requester.error();
  if (email.empty()) return InvalidArgumentError("email is required");
  Result<OrganizationId> organization = FindOrganizationId(store_, registration.organization);
  if (!organization) {
    if (organization.error().code == ErrorCode::kNotFound) {
      return NotFoundError("no organization with this name");
    }
    return organization.error();
  }
  Result<std::string> hash = hasher_.Hash(registration.password);
  if (!hash) return hash.error();
  User draft{.email = email,
             .display_name = requester->name,
             .role = registration.kind == "patient" ? Role::kPatient : Role::kRequester,
             .password_hash = *hash};
  if (Status valid = ValidateUser(draft); !valid) return valid.error();
  std::optional<PortalRegistered> out;
  Status done = store_.InTransaction(*organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<User> user = tx.Users().Insert(draft);
    if (!user) {
      if (user.error().code == ErrorCode::kAlreadyExists) {
        return AlreadyExistsError("this email is already registered; sign in instead");
      }
      return user.error();
    }
    Result<Requester> stored = tx.Requesters().Insert(*requester);
    if (!stored) return stored.error();
    if (Status linked = tx.PortalAccounts().Insert({.user_id = user->id,
                                                    .requester_id = stored->id,
                                                    .created_micros = clock_.NowMicros()});
        !linked) {
      return linked;
    }
    AuditActor actor{.id = user->id,
                     .label = user->display_name,
                     .remote_address = registration.remote_address,
                     .role = user->role};
    if (Status recorded = audit_.RecordNote(
            tx, actor,
            {.action = AuditAction::kCreate,
             .patient = {},
             .entity_kind = "user",
             .entity_id = std::to_string(user->id.value),
             .detail = "portal registration as " + std::string(RoleName(user->role))});
        !recorded) {
      return recorded;
    }
    out = PortalRegistered{.user = std::move(*user), .requester = std::move(*stored)};
    return OkStatus();
  });
  if (!done) return done.error();
  return std::move(*out);
}

Result<PortalAccount> PortalService::AccountOf(Transaction& tx, const Principal& caller) const {
  Result<PortalAccount> account = tx.PortalAccounts().FindByUser(caller.user.id);
  if (!account) {
    if (account.error().code == ErrorCode::kNotFound) {
      return PermissionDeniedError("this user has no portal account");
    }
    return account.error();
  }
  return account;
}

Result<ReleaseRequest> PortalService::OwnRequest(Transaction& tx, const Principal& caller,
                                                 RequestId request) const {
  Result<PortalAccount> account = AccountOf(tx, caller);
  if (!account) return account.error();
  Result<ReleaseRequest> found = tx.Requests().Find(request);
  if (!found || found->requester_id != account->requester_id) {
    if (found || found.error().code == ErrorCode::kNotFound) {
      return NotFoundError("request " + std::to_string(request.value) + " not found");
    }
    return found.error();
  }
  return found;
}

Result<PortalRequest> PortalService::View(Transaction& tx, const ReleaseRequest& request) const {
  PortalRequest view{.id = request.id,
                     .number = request.number,
                     .state = std::string(RequestStateName(request.state)),
                     .received_on = request.received_on,
                     .due_on = request.due_on};
  Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(request.id);
  if (!history) return history.error();
  for (const RequestTransition& step : *history) {
    view.history.push_back({.action = std::string(RequestActionName(step.event.action)),
                            .from = std::string(RequestStateName(step.event.from)),
                            .to = std::string(RequestStateName(step.event.to)),
                            .at_micros = step.event.at_micros});
  }
  Result<Requester> requester = tx.Requesters().Find(request.requester_id);
  if (!requester) return requester.error();
  Result<std::vector<Letter>> letters = tx.Requests().Letters(request.id);
  if (!letters) return letters.error();
  for (const Letter& letter : *letters) {
    if (letter.recipient != requester->name) continue;  // Only the letters addressed to them.
    view.letters.push_back({.id = letter.id, .kind = letter.kind, .date = letter.date});
  }
  Result<Invoice> invoice = tx.Billing().FindInvoice(request.id);
  if (invoice) {
    Result<std::vector<InvoiceCredit>> credits = tx.Billing().Credits(invoice->id);
    if (!credits) return credits.error();
    view.invoice = InvoiceOf(request.id, *invoice, *credits);
  } else if (invoice.error().code != ErrorCode::kNotFound) {
    return invoice.error();
  } else {
    view.invoice.request_id = request.id;
  }
  Result<std::vector<Delivery>> deliveries = tx.Deliveries().ListForRequest(request.id);
  if (!deliveries) return deliveries.error();
  for (const Delivery& delivery : *deliveries) {
    bool link = delivery.medium == DeliveryMedium::kDownloadLink ||
                delivery.medium == DeliveryMedium::kEmailLink;
    view.deliveries.push_back(
        {.id = delivery.id,
         .medium = std::string(DeliveryMediumName(delivery.medium)),
         .status = std::string(DeliveryStatusName(delivery.status)),
         .expires_micros = link ? delivery.expires_micros : 0,
         .downloads_left = link ? std::max(0, delivery.max_downloads - delivery.downloads) : 0,
         .revoked = delivery.revoked_micros != 0});
  }
  return view;
}

Result<PortalRequest> PortalService::Submit(const Principal& caller,
                                            const PortalSubmission& submission) {
  std::string given = Trimmed(submission.patient_given_name);
  std::string family = Trimmed(submission.patient_family_name);
  std::string mrn = Trimmed(submission.patient_mrn);
  if (given.empty()) return InvalidArgumentError("patient_given_name is required");
  if (family.empty()) return InvalidArgumentError("patient_family_name is required");
  if (!submission.patient_birth_date) return InvalidArgumentError("patient_birth_date is required");
  const Date birth_date = *submission.patient_birth_date;
  if (birth_date > clock_.Today()) {
    return InvalidArgumentError("patient_birth_date must not be in the future");
  }
  // The patient: an exact match, or a pending-match record of what the submitter wrote.  Found
  // and created in one transaction, audited; nothing of a non-matching patient leaves it.
  PatientId patient;
  RequesterId requester_id;
  RequestFacts facts;
  Status matched =
      store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        Result<PortalAccount> account = AccountOf(tx, caller);
        if (!account) return account.error();
        Result<Requester> requester = tx.Requesters().Find(account->requester_id);
        if (!requester) return requester.error();
        Result<RequestFacts> made = FactsOf(submission, *requester);
        if (!made) return made.error();
        if (Status known = CheckRequestVocabulary(*made); !known) return known;
        facts = std::move(*made);
        requester_id = requester->id;
        if (!mrn.empty()) {
          Result<Patient> found = tx.Patients().FindByMrn(mrn);
          if (found && SameName(found->given_name, given) && SameName(found->family_name, family) &&
              found->birth_date == birth_date) {
            patient = found->id;
          } else if (!found && found.error().code != ErrorCode::kNotFound &&
                     found.error().code != ErrorCode::kInvalidArgument) {
            return found.error();
          }
        }
        AuditNote note{.action = AuditAction::kRead,
                       .patient = patient,
                       .entity_kind = "patient",
                       .entity_id = patient.IsSet() ? std::to_string(patient.value) : "",
                       .detail = "portal submission matched the patient"};
        if (!patient.IsSet()) {
          // A pending-match MRN no one holds: the user, the time, and a counter if need be.
          const std::string base = "PORTAL-" + std::to_string(caller.user.id.value) + "-" +
                                   std::to_string(clock_.NowMicros());
          std::string pending_mrn = base;
          for (int n = 2;; ++n) {
            Result<Patient> taken = tx.Patients().FindByMrn(pending_mrn);
            if (!taken && taken.error().code == ErrorCode::kNotFound) break;
            if (!taken) return taken.error();
            pending_mrn = base + "-" + std::to_string(n);
          }
          Result<Patient> created = tx.Patients().Insert(Patient{.mrn = pending_mrn,
                                                                 .given_name = given,
                                                                 .family_name = family,
                                                                 .birth_date = birth_date});
          if (!created) return created.error();
          patient = created->id;
          note = {.action = AuditAction::kCreate,
                  .patient = patient,
                  .entity_kind = "patient",
                  .entity_id = std::to_string(patient.value),
                  .detail = "portal submission: pending patient match"};
        }
        return audit_.RecordNote(tx, ActorOf(caller), note);
      });
  if (!matched) return matched.error();
  IntakeCommand command{.patient_id = patient,
                        .requester_id = requester_id,
                        .channel = Channel::kPortal,
                        .priority = Priority::kRoutine,
                        .facts = facts};
  Result<RequestView> taken = requests_.Intake(caller, command);
  if (!taken) return taken.error();
  return MyRequest(caller, taken->request.id);
}

Result<std::unique_ptr<DocumentUpload>> PortalService::BeginAuthorization(
    const Principal& caller, RequestId request, std::string declared_type) {
  if (documents_ == nullptr) {
    return FailedPreconditionError("uploads are not configured on this server");
  }
  PatientId patient;
  Status owned = AuditedCall(store_, audit_, caller, TxMode::kRead, request,
                             "portal authorization upload started", [&](Transaction& tx) {
                               Result<ReleaseRequest> found = OwnRequest(tx, caller, request);
                               if (!found) return Status(found.error());
                               if (!IsOpenState(found->state)) {
                                 return Status(FailedPreconditionError(
                                     "the request is finished; no more files can be added"));
                               }
                               patient = found->patient_id;
                               return OkStatus();
                             });
  if (!owned) return owned.error();
  UploadCommand command{
      .document = Document{.patient_id = patient,
                           .kind = std::string(kAuthorizationDocumentKind),
                           .author = "portal upload: " + caller.user.display_name},
      .declared_type = std::move(declared_type)};
  if (command.document.author.size() > 200) command.document.author.resize(200);
  return documents_->BeginChecked(caller, command);
}

Status PortalService::NoteAuthorization(const Principal& caller, RequestId request,
                                        DocumentId document) {
  return AuditedCall(store_, audit_, caller, TxMode::kWrite, request,
                     "portal authorization uploaded as document " + std::to_string(document.value),
                     [&](Transaction& tx) {
                       Result<ReleaseRequest> found = OwnRequest(tx, caller, request);
                       return found ? OkStatus() : Status(found.error());
                     });
}

Result<std::vector<PortalRequest>> PortalService::MyRequests(const Principal& caller) {
  std::vector<PortalRequest> out;
  Status done = AuditedCall(store_, audit_, caller, TxMode::kRead, RequestId(),
                            "portal list my requests", [&](Transaction& tx) -> Status {
                              Result<PortalAccount> account = AccountOf(tx, caller);
                              if (!account) return account.error();
                              Result<std::vector<RequestId>> ids =
                                  tx.PortalAccounts().RequestsOf(account->requester_id);
                              if (!ids) return ids.error();
                              for (auto id = ids->rbegin(); id != ids->rend(); ++id) {
                                Result<ReleaseRequest> request = tx.Requests().Find(*id);
                                if (!request) return request.error();
                                Result<PortalRequest> view = View(tx, *request);
                                if (!view) return view.error();
                                out.push_back(std::move(*view));
                              }
                              return OkStatus();
                            });
  if (!done) return done.error();
  return out;
}

Result<PortalRequest> PortalService::MyRequest(const Principal& caller, RequestId request) {
  std::optional<PortalRequest> out;
  // The work runs first: a request that is not the caller's fails before any event is written.
  Status done = AuditedCall(store_, audit_, caller, TxMode::kRead, request, "portal read request",
                            [&](Transaction& tx) -> Status {
                              Result<ReleaseRequest> found = OwnRequest(tx, caller, request);
                              if (!found) return found.error();
                              Result<PortalRequest> view = View(tx, *found);
                              if (!view) return view.error();
                              out = std::move(*view);
                              return OkStatus();
                            });
  if (!done) return done.error();
  return std::move(*out);
}

Result<PortalInvoice> PortalService::Pay(const Principal& caller, RequestId request,
                                         std::int64_t amount_cents, const std::string& reference) {
  Status owned = store_.InTransaction(caller.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<ReleaseRequest> found = OwnRequest(tx, caller, request);
    return found ? OkStatus() : Status(found.error());
  });
  if (!owned) return owned.error();
  Result<BillingView> paid = billing_.Pay(
      caller, request,
      PaymentCommand{
          .method = PaymentMethod::kCard, .amount_cents = amount_cents, .reference = reference});
  if (!paid) return paid.error();
  return InvoiceOf(request, paid->invoice, paid->credits);
}

Result<DownloadedPacket> PortalService::Download(const Principal& caller, RequestId request,
                                                 DeliveryId delivery, std::string_view access_code,
                                                 DeliveryService& deliveries) {
  return deliveries.DownloadForCaller(
      caller, request, delivery, access_code, [&](Transaction& tx) -> Status {
        Result<ReleaseRequest> found = OwnRequest(tx, caller, request);
        return found ? OkStatus() : Status(found.error());
      });
}

}  // namespace roi
