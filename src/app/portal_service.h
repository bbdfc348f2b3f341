// PortalService: the requester/patient portal.  Outside people register themselves (a user of
// role patient or requester, linked to a new requester record that stands for them), submit
// requests, upload the authorization, follow each request's status and letters, see and pay the
// invoice (a card payment recorded by its processor reference; no card is processed here) and see
// the deliveries of what was released (the download itself is the public link + access code of
// app/delivery_service.h).  See docs/portal.md.
//
// Isolation: a portal user sees only requests whose requester is their own requester record
// (PortalAccountRepository); any other request id, of this organization or another, is NotFound.
// Patient matching: a submission names the patient by name and birth date (and optionally MRN).
// It is matched to an existing patient only when the MRN, both names (ASCII case-insensitive) and
// the birth date all agree; otherwise a new "pending match" patient record is created from what
// the submitter wrote (MRN "PORTAL-..."), for staff to resolve.  The answer is the same either
// way and never holds any patient data, so the portal cannot be used to probe the patient index.
//
// Every call records an audit event in the transaction of its work (app/audited_call.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/billing_service.h"
#include "app/clock.h"
#include "app/credentials.h"
#include "app/delivery_service.h"
#include "app/document_store.h"
#include "app/request_service.h"
#include "app/store.h"

namespace roi {

// Value type: a self-registration.
struct PortalRegistration {
  std::string organization;  // The organization's slug.
  std::string email;
  std::string password;  // At least UserService::kMinPasswordLength bytes.
  std::string name;      // The person's name (display name and requester name).
  std::string kind;      // "patient" or "requester".
  // For kind "requester": the policy role (e.g. "attorney", "insurer"; not "patient").
  std::string requester_role;
  std::string requester_organization;  // Firm or company; may be empty.
  std::string phone;                   // May be empty.
  std::string remote_address;          // For the audit trail.
};

// Value type: a registered portal user.
struct PortalRegistered {
  User user;
  Requester requester;
};

// Value type: what a portal user asks for.
struct PortalSubmission {
  std::string patient_given_name;
  std::string patient_family_name;
  std::optional<Date> patient_birth_date;
  std::string patient_mrn;  // Optional.
  std::string purpose;      // Policy vocabulary; "personal" for a patient's own copy.
  std::string format = "electronic";
  std::optional<Date> from;  // The period of records asked for; both absent: all records.
  std::optional<Date> to;
};

// Value type: one step of a request's status timeline.
struct PortalStep {
  std::string action;  // "start_verification", ...
  std::string from;
  std::string to;
  std::int64_t at_micros = 0;
};

// Value type: a letter addressed to the portal user.
struct PortalLetter {
  std::int64_t id = 0;
  std::string kind;
  Date date;
};

// Value type: a delivery of the released packet, without its secrets.
struct PortalDelivery {
  DeliveryId id;
  std::string medium;  // "download_link", "email_link", "mail", ...
  std::string status;
  std::int64_t expires_micros = 0;  // Links only.
  int downloads_left = 0;           // Links only.
  bool revoked = false;
};

// Value type: the invoice as the portal shows it.
struct PortalInvoice {
  RequestId request_id;
  bool issued = false;
  std::int64_t total_cents = 0;
  std::int64_t paid_cents = 0;  // Payments and waivers credited.
  std::int64_t balance_cents = 0;
  std::vector<InvoiceLine> lines;
};

// Value type: one of the portal user's requests.  Holds no patient data.
struct PortalRequest {
  RequestId id;
  std::string number;
  std::string state;
  Date received_on;
  std::optional<Date> due_on;
  std::vector<PortalStep> history;
  std::vector<PortalLetter> letters;
  PortalInvoice invoice;
  std::vector<PortalDelivery> deliveries;
};

// Service.  Thread-safe.  Every reference must outlive it; `documents` may be null (no uploads).
class PortalService {
 public:
  PortalService(Store& store, const Clock& clock, const PasswordHasher& hasher,
                const AuditTrail& audit, RequestService& requests, BillingService& billing,
                DocumentStore* documents)
      : store_(store),
        clock_(clock),
        hasher_(hasher),
        audit_(audit),
        requests_(requests),
        billing_(billing),
        documents_(documents) {}

  // Creates the user (role patient or requester), their requester record and the link, in one
  // transaction, audited as the new user.  Returns InvalidArgument naming a bad field (short
  // password, bad email, unknown kind or role), NotFound for an unknown organization,
  // AlreadyExists when the email is already registered in the organization.
  Result<PortalRegistered> Register(const PortalRegistration& registration);

  // Takes in a request from the caller (channel portal), as RequestService::Intake, after matching
  // or creating the patient (see the file comment).  Returns InvalidArgument naming a bad field,
  // PermissionDenied when the caller has no portal account.
  Result<PortalRequest> Submit(const Principal& caller, const PortalSubmission& submission);

  // Starts the upload of an authorization file for the caller's own open request: a document
  // (kind "authorization", kept out of the released records) of the request's patient, through the
  // document store (type sniffing, size limit, encryption at rest).  Returns NotFound for a request
  // that is not the caller's, FailedPrecondition for a finished request or when uploads are not
  // configured, and the document store's errors (InvalidArgument for a file that is not a PDF,
  // image or text).
  Result<std::unique_ptr<DocumentUpload>> BeginAuthorization(const Principal& caller,
                                                             RequestId request,
                                                             std::string declared_type);
  // Records in the request's audit trail that `document` was uploaded as its authorization (after
  // the upload committed), so staff find it.  Returns NotFound as BeginAuthorization.
  Status NoteAuthorization(const Principal& caller, RequestId request, DocumentId document);

  // The caller's requests, newest first.  PermissionDenied without a portal account.
  Result<std::vector<PortalRequest>> MyRequests(const Principal& caller);
  // One of them.  NotFound unless the request's requester is the caller's.
  Result<PortalRequest> MyRequest(const Principal& caller, RequestId request);
  // Pays `amount_cents` by card with the processor's `reference` (BillingService::Pay: never
  // over the balance, FailedPrecondition; a card number as reference is InvalidArgument).
  // NotFound unless the request is the caller's and has an invoice.
  Result<PortalInvoice> Pay(const Principal& caller, RequestId request, std::int64_t amount_cents,
                            const std::string& reference);
  // Downloads the packet of delivery `delivery` of the caller's own request with its access code,
  // without the link (which the portal cannot show): DeliveryService::DownloadForCaller, so the
  // link's rules and records apply exactly (expiry, limit, revocation, wrong-code lockout), the
  // caller named in the delivery's events and the audit trail.  NotFound unless the request is
  // the caller's and the delivery is its; PermissionDenied as the link download refuses.
  Result<DownloadedPacket> Download(const Principal& caller, RequestId request, DeliveryId delivery,
                                    std::string_view access_code, DeliveryService& deliveries);

 private:
  // The caller's portal account, in `tx`; PermissionDenied without one.
  Result<PortalAccount> AccountOf(Transaction& tx, const Principal& caller) const;
  // The request if its requester is the caller's; NotFound otherwise (also for other
  // organizations, since `tx` is bound to the caller's).
  Result<ReleaseRequest> OwnRequest(Transaction& tx, const Principal& caller,
                                    RequestId request) const;
  Result<PortalRequest> View(Transaction& tx, const ReleaseRequest& request) const;

  Store& store_;
  const Clock& clock_;
  const PasswordHasher& hasher_;
  const AuditTrail& audit_;
  RequestService& requests_;
  BillingService& billing_;
  DocumentStore* documents_;
};

}  // namespace roi
