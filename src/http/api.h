// Api: every HTTP route of OpenROI, wired to the use cases it calls, plus the metrics that watch
// them.  Built once at start-up in bin/; immutable afterwards.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "app/api_token_service.h"
#include "app/audit_log.h"
#include "app/audit_trail.h"
#include "app/audit_verification.h"
#include "app/auth_service.h"
#include "app/billing_service.h"
#include "app/clock.h"
#include "app/delivery_service.h"
#include "app/denial_review_service.h"
#include "app/document_scan_service.h"
#include "app/document_store.h"
#include "app/fee_service.h"
#include "app/organization_service.h"
#include "app/packet_service.h"
#include "app/patient_access.h"
#include "app/patient_service.h"
#include "app/portal_service.h"
#include "app/printable.h"
#include "app/printed_documents.h"
#include "app/redaction_service.h"
#include "app/report_service.h"
#include "app/request_service.h"
#include "app/retention_service.h"
#include "app/review_service.h"
#include "app/review_worklist.h"
#include "app/saved_view_service.h"
#include "app/store.h"
#include "app/totp_service.h"
#include "app/user_service.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "http/router.h"

namespace roi::policy {
class RuleSet;
}

namespace roi::http {

struct ApiDependencies {
  Store& store;                            // Must outlive the Api.
  const policy::RuleSet* rules = nullptr;  // Loaded rule packs; null disables /decide.
  std::string version = OPENROI_VERSION;
  AuthService* auth = nullptr;   // Null disables /api/v1/auth/*; else `clock` must be set too.
  const Clock* clock = nullptr;  // For rate limits.
  int login_attempts_per_minute = 10;  // Per client address.
  std::string web_root;  // Folder of the built web UI (index.html, assets/); empty: no UI routes.
  ApiTokenService* api_tokens = nullptr;  // Null disables API tokens (Bearer is then 401).
  UserService* users = nullptr;           // Null disables /api/v1/users (needs `auth` too).
  TotpService* totp = nullptr;        // Null disables the second-factor routes (needs `auth` too).
  const AuditTrail* audit = nullptr;  // Null disables /api/v1/audit* and auditing of requests.
  std::string hostname = "-";         // For syslog exports (RFC 5424 HOSTNAME).
  ComplaintContacts complaint_contacts;  // Printed in denial letters.
  // Null (or `audit` null) disables /api/v1/detect and /api/v1/documents/{id}/scan.
  const SensitiveContentDetector* detector = nullptr;
  const DocumentRenderer* renderer = nullptr;  // Null disables letters as PDF.
  DocumentStore* documents = nullptr;          // Null disables the document content routes.
  // Null disables the packet routes and /verify (needs `clock` too, for the rate limit).
  PacketService* packets = nullptr;
  int verify_attempts_per_minute = 30;  // POST /api/v1/verify, per client address.
  // The retention period of GET /api/v1/retention/preview (the routes need `clock` and `audit`).
  RetentionSettings retention;
  // Null disables the break-the-glass routes (the rule itself is enforced through the audit
  // trail's guard, installed by whoever builds the PatientAccess).
  const PatientAccess* patient_access = nullptr;
  DeliveryService* deliveries = nullptr;  // Null disables the secure delivery routes.
  // Null disables the portal routes (/api/v1/portal/*; they also need `auth`, `rules`, `clock`
  // and `audit`).  Hashes the passwords of portal self-registrations.
  const PasswordHasher* portal_password_hasher = nullptr;
  // Null (or `audit` null) disables POST /api/v1/audit/verify.
  const AuditVerifier* audit_verifier = nullptr;
  // Requests a minute per client address to the API (/api/...), the download links (/d/...) and
  // /verify, counted before sign-in; past it, 429 with Retry-After.  0 (or `clock` null): no
  // limit.  Static files of the web UI and /healthz, /readyz, /metrics are not counted.
  int requests_per_minute = 0;
};

// Service.  Thread-safe after construction: routes only read shared state.
class Api {
 public:
  explicit Api(ApiDependencies dependencies);

  const Router& Routes() const { return router_; }
  HttpMetrics& Metrics() { return *metrics_; }

 private:
  ApiDependencies dependencies_;
  Router router_;
  std::unique_ptr<RateLimiter> login_limiter_;
  std::unique_ptr<AuditLog> audit_log_;
  std::unique_ptr<RequestService> requests_;       // Built when `rules`, `clock`, `audit` are set.
  std::unique_ptr<ReviewService> reviews_;         // Built with requests_.
  std::unique_ptr<BillingService> billing_;        // Built with requests_.
  std::unique_ptr<DocumentScanService> scans_;     // Built when `detector` and `audit` are set.
  std::unique_ptr<SavedViewService> saved_views_;  // Built with the auth routes.
  std::unique_ptr<RateLimiter> verify_limiter_;    // Built with the packet routes.
  std::unique_ptr<RateLimiter> client_limiter_;    // Built when requests_per_minute > 0.
  // Built with requests_; printed_ only when `renderer` is set.
  std::unique_ptr<RedactionService> redactions_;
  std::unique_ptr<PrintedDocuments> printed_;
  // Built when `clock` and `audit` are set.
  std::unique_ptr<ReportService> reports_;
  std::unique_ptr<RetentionService> retention_;
  // Built when `auth` and `audit` are set; its default scoped roles are `patient_access`'s.
  std::unique_ptr<OrganizationService> organizations_;
  // Built with requests_.
  std::unique_ptr<DenialReviewService> denial_reviews_;
  std::unique_ptr<HttpMetrics> metrics_;  // Built after every route is added.
  // Built with the auth routes when requests_ is.
  std::unique_ptr<PortalService> portal_;
  std::unique_ptr<PatientService> patients_;      // Built when `clock` and `audit` are set.
  std::unique_ptr<ReviewWorklist> worklist_;      // Built when `clock` and `audit` are set.
  std::unique_ptr<AuditChainCheck> chain_check_;  // Built when `audit_verifier` and `audit` are.
  std::unique_ptr<FeeService> fees_;              // Built with requests_.
};

// Registers /healthz, /readyz, /metrics, /api/v1/version and /api/v1/openapi.json.  `metrics` is
// read at request time, so it may be set after this call.
void AddSystemRoutes(Router& router, Store& store, const std::string& version,
                     const std::unique_ptr<HttpMetrics>& metrics);

// Registers POST /api/v1/auth/login (limited by `login_limiter`), POST /api/v1/auth/logout and
// GET /api/v1/auth/me.  `auth` and `login_limiter` must outlive the router.
void AddAuthRoutes(Router& router, AuthService& auth, RateLimiter& login_limiter);

// Registers the disclosure log and accounting routes (POST /api/v1/disclosures,
// GET /api/v1/patients/{id}/disclosures, GET /api/v1/patients/{id}/accounting,
// POST /api/v1/patients/{id}/accountings, POST/GET /api/v1/accounting-suspensions).  `store` and
// `clock` (for the default request date) must outlive the router.
void AddDisclosureRoutes(Router& router, Store& store, const AuditTrail& audit, const Clock& clock);
// Registers GET /api/v1/audit and GET /api/v1/audit/export (permission kReadAudit).  `store`,
// `log` and `hostname` must outlive the router.
void AddAuditRoutes(Router& router, Store& store, const AuditLog& log, const std::string& hostname);

// Registers POST/GET /api/v1/auth/tokens and DELETE /api/v1/auth/tokens/{id}.  `tokens` must
// outlive the router.
void AddTokenRoutes(Router& router, ApiTokenService& tokens);

// Registers the administrator's /api/v1/users routes.  `users` and `clock` must outlive the
// router.
void AddUserRoutes(Router& router, UserService& users, const Clock& clock);

// Registers the second-factor routes under /api/v1/auth/totp and DELETE /api/v1/users/{id}/totp.
// `totp` must outlive the router.
void AddTotpRoutes(Router& router, TotpService& totp);

// Registers the signed-in user's saved views: GET/POST /api/v1/saved-views and DELETE
// /api/v1/saved-views/{id}.  `views` must outlive the router.
void AddSavedViewRoutes(Router& router, SavedViewService& views);

// The positive integer path parameter `name`, or InvalidArgument.
Result<std::int64_t> PathId(const HttpRequest& request, std::string_view name);

// Registers the request lifecycle: /api/v1/requesters, /api/v1/documents,
// /api/v1/patients/{id}/documents and /api/v1/requests (intake, read, change, transitions,
// assignment, work queue).  `service` must outlive the router.
void AddRequestRoutes(Router& router, RequestService& service);

// Registers the reviews of requests: GET /api/v1/requests/{id}/reviews, POST
// /api/v1/requests/{id}/reviews/{rid} (complete or cancel) and .../{rid}/assignment, and GET/PUT
// /api/v1/review-settings.  `reviews` must outlive the router.
void AddReviewRoutes(Router& router, ReviewService& reviews);

// Registers the invoice of a request: GET/POST /api/v1/requests/{id}/invoice, POST
// .../invoice/payments and .../invoice/waiver.  `billing` must outlive the router.
void AddBillingRoutes(Router& router, BillingService& billing);

// Registers POST /api/v1/detect (scan pasted text) and POST /api/v1/documents/{id}/scan (scan a
// stored document), both for kReviewRecords.  `scans` must outlive the router.
void AddDetectRoutes(Router& router, const DocumentScanService& scans);

// Registers GET /api/v1/requests/{id}/letters/{letter_id}.pdf.  `service` and `renderer` must
// outlive the router.
void AddLetterRoutes(Router& router, RequestService& service, const DocumentRenderer& renderer);

// Registers POST /api/v1/patients/{id}/documents/content (upload) and
// GET /api/v1/documents/{id}/content (download).  `documents` must outlive the router.
void AddDocumentContentRoutes(Router& router, DocumentStore& documents);

// Registers the release packet routes and the public /verify page and POST /api/v1/verify
// (limited by `verify_limiter`).  Both must outlive the router.
void AddPacketRoutes(Router& router, PacketService& packets, RateLimiter& verify_limiter);

// Registers POST/GET /api/v1/requests/{id}/redactions and DELETE
// /api/v1/requests/{id}/redactions/{n} (permission kReviewRecords).  `redactions` must outlive
// the router.
void AddRedactionRoutes(Router& router, RedactionService& redactions);
// Registers GET /api/v1/requests/{id}/invoice.pdf, GET
// /api/v1/requests/{id}/payments/{n}/receipt.pdf (kManageBilling) and GET
// /api/v1/patients/{id}/accounting.pdf (kManageRequests).  `printed` and `clock` must outlive the
// router.
void AddPrintedDocumentRoutes(Router& router, PrintedDocuments& printed, const Clock& clock);
// Registers GET /api/v1/reports/turnaround, /backlog, /volume and /fees (kViewReports), each as
// JSON or, with ?format=csv, as CSV.  `reports` must outlive the router.
void AddReportRoutes(Router& router, ReportService& reports);
// Registers the legal holds (POST/GET /api/v1/patients/{id}/legal-holds, DELETE
// .../legal-holds/{hold_id}, the same under /api/v1/requests/{id}) and GET
// /api/v1/retention/preview, all for kManageRetention.  `retention` must outlive the router.
void AddRetentionRoutes(Router& router, RetentionService& retention);
// The JSON of a retention purge or its dry run (also printed by `openroi retention purge`).
nlohmann::json RetentionReportJson(const RetentionReport& report);

// Registers POST /api/v1/patients/{id}/break-glass (kReadPatients) and GET
// /api/v1/audit/break-glass (kReadAudit).  `access` must outlive the router.
void AddBreakGlassRoutes(Router& router, const PatientAccess& access);

// Records a refusal (403) of a signed-in caller as a `denied` audit event in its own transaction:
// the action the route's method implies (GET read, DELETE delete, else update), entity "route"
// with the method and pattern (never the path, which may hold ids), and `reason`.  Failures are
// ignored: the refusal stands.  `store` and `audit` must outlive the returned recorder.
RefusalRecorder AuditRefusals(Store& store, const AuditTrail& audit);

// Registers the secure delivery routes: POST/GET /api/v1/requests/{id}/deliveries, POST
// .../deliveries/{n}/revoke and .../deliveries/{n}/events (staff), and the public GET /d/{token}
// and POST /api/v1/downloads/{token}.  `deliveries` must outlive the router.
void AddDeliveryRoutes(Router& router, DeliveryService& deliveries);
// The access code of a download POST: JSON {"access_code": ...} or a form post.
Result<std::string> DownloadAccessCode(const HttpRequest& request);
// The answer to a packet download: the PDF as an attachment (X-Downloads-Left), or the refusal;
// never cached, no referrer.  Shared by the link and the portal download.
HttpResponse PacketDownloadResponse(Result<DownloadedPacket> packet);
// Registers POST /api/v1/portal/requests/{id}/deliveries/{delivery_id}/download
// (kPortalDownload): a portal user's download of their own released packet with the access code.
// `portal` and `deliveries` must outlive the router.
void AddPortalDownloadRoutes(Router& router, PortalService& portal, DeliveryService& deliveries);

// Registers the administrator's GET/PUT /api/v1/organization, GET/POST /api/v1/facilities and
// PUT /api/v1/facilities/{id} (kManageUsers).  `organizations` must outlive the router.
void AddOrganizationRoutes(Router& router, OrganizationService& organizations);

// Registers the requester/patient portal: the public POST /api/v1/portal/register (counted by
// `limiter`, the sign-in limiter) and the portal user's /api/v1/portal/requests routes.  `portal`
// and `limiter` must outlive the router.
void AddPortalRoutes(Router& router, PortalService& portal, RateLimiter& limiter);

// Registers POST /api/v1/decide.  `rules` must outlive the router.
void AddPolicyRoutes(Router& router, const policy::RuleSet& rules);

// Registers GET /api/v1/review-tasks (kReviewRecords): the caller's review work list.
// `worklist` must outlive the router.
void AddReviewWorklistRoutes(Router& router, const ReviewWorklist& worklist);

// Registers GET /api/v1/rules (any signed-in user): the loaded rule packs.  `rules` must outlive
// the router.
void AddRuleRoutes(Router& router, const policy::RuleSet& rules);

// Registers POST /api/v1/audit/verify (kReadAudit).  `check` must outlive the router.
void AddAuditVerifyRoutes(Router& router, const AuditChainCheck& check);

// Registers the denial-review routes (/api/v1/requests/{id}/harm-determinations and
// /api/v1/requests/{id}/denial-reviews...).  `reviews` and `clock` must outlive the router.
void AddDenialReviewRoutes(Router& router, DenialReviewService& reviews, const Clock& clock);

// Registers POST /api/v1/requests/{id}/patient-match (kManageRequests): re-match a request from a
// pending-match patient.  `service` must outlive the router.
void AddPatientMatchRoutes(Router& router, RequestService& service);

// Registers GET/PUT /api/v1/organization/fees (read: staff, kReadPatients; write: kManageUsers)
// and GET/PUT /api/v1/requests/{id}/costs (read: kReadPatients; write: kManageRequests).  `fees`
// must outlive the router.
void AddFeeRoutes(Router& router, FeeService& fees);

// Registers GET / (index.html) and GET /assets/{file} (the built UI's hashed assets), both public
// and read from `web_root` at request time; paths that would leave `web_root` answer 404.
void AddStaticRoutes(Router& router, const std::string& web_root);

// The Content-Type for a static file, from its extension ("application/octet-stream" if unknown).
std::string_view StaticContentType(std::string_view name);

}  // namespace roi::http
