#include "http/api.h"

#include <string_view>

#include "http/patient_authorization_routes.h"
#include "http/patient_routes.h"

namespace roi::http {
namespace {

// Whether a request counts toward the per-client limit: the API, download links and /verify,
// not the web UI's static files or the health and metrics probes.
bool CountedPerClient(std::string_view path) {
  return path.starts_with("/api/") || path.starts_with("/d/") || path == "/verify";
}

}  // namespace

Api::Api(ApiDependencies dependencies) : dependencies_(std::move(dependencies)) {
  AddSystemRoutes(router_, dependencies_.store, dependencies_.version, metrics_);
  if (dependencies_.rules != nullptr) AddPolicyRoutes(router_, *dependencies_.rules);
  if (dependencies_.clock != nullptr && dependencies_.audit != nullptr) {
    AddDisclosureRoutes(router_, dependencies_.store, *dependencies_.audit, *dependencies_.clock);
  }
  if (dependencies_.rules != nullptr && dependencies_.clock != nullptr &&
      dependencies_.audit != nullptr) {
    requests_ = std::make_unique<RequestService>(dependencies_.store, *dependencies_.clock,
                                                 *dependencies_.rules, *dependencies_.audit,
                                                 dependencies_.complaint_contacts);
    AddRequestRoutes(router_, *requests_);
    reviews_ = std::make_unique<ReviewService>(dependencies_.store, *dependencies_.clock,
                                               *dependencies_.audit);
    AddReviewRoutes(router_, *reviews_);
    billing_ = std::make_unique<BillingService>(dependencies_.store, *dependencies_.clock,
                                                *dependencies_.audit);
    AddBillingRoutes(router_, *billing_);
    if (dependencies_.renderer != nullptr) {
      AddLetterRoutes(router_, *requests_, *dependencies_.renderer);
    }
    redactions_ = std::make_unique<RedactionService>(dependencies_.store, *dependencies_.clock,
                                                     *dependencies_.audit);
    AddRedactionRoutes(router_, *redactions_);
    denial_reviews_ = std::make_unique<DenialReviewService>(
        dependencies_.store, *dependencies_.clock, *dependencies_.audit, *requests_,
        dependencies_.complaint_contacts);
    AddDenialReviewRoutes(router_, *denial_reviews_, *dependencies_.clock);
    AddPatientMatchRoutes(router_, *requests_);
    fees_ = std::make_unique<FeeService>(dependencies_.store, *dependencies_.clock,
                                         *dependencies_.audit, *dependencies_.rules, *requests_);
    AddFeeRoutes(router_, *fees_);
    if (dependencies_.renderer != nullptr) {
      printed_ = std::make_unique<PrintedDocuments>(dependencies_.store, *dependencies_.clock,
                                                    *dependencies_.audit, *dependencies_.renderer);
      AddPrintedDocumentRoutes(router_, *printed_, *dependencies_.clock);
    }
  }
  if (dependencies_.clock != nullptr && dependencies_.audit != nullptr) {
    reports_ = std::make_unique<ReportService>(dependencies_.store, *dependencies_.clock,
                                               *dependencies_.audit);
    AddReportRoutes(router_, *reports_);
    retention_ = std::make_unique<RetentionService>(dependencies_.store, *dependencies_.clock,
                                                    *dependencies_.audit, dependencies_.retention);
    AddRetentionRoutes(router_, *retention_);
  }
  if (dependencies_.detector != nullptr && dependencies_.audit != nullptr) {
    scans_ = std::make_unique<DocumentScanService>(dependencies_.store, *dependencies_.detector,
                                                   *dependencies_.audit);
    AddDetectRoutes(router_, *scans_);
  }
  if (dependencies_.documents != nullptr) {
    AddDocumentContentRoutes(router_, *dependencies_.documents);
  }
  if (dependencies_.packets != nullptr && dependencies_.clock != nullptr) {
    verify_limiter_ = std::make_unique<RateLimiter>(
        *dependencies_.clock, dependencies_.verify_attempts_per_minute, 60'000'000);
    AddPacketRoutes(router_, *dependencies_.packets, *verify_limiter_);
  }
  if (dependencies_.deliveries != nullptr) {
    AddDeliveryRoutes(router_, *dependencies_.deliveries);
  }
  if (dependencies_.auth != nullptr && dependencies_.clock != nullptr) {
    constexpr std::int64_t kMinuteMicros = 60'000'000;
    login_limiter_ = std::make_unique<RateLimiter>(
        *dependencies_.clock, dependencies_.login_attempts_per_minute, kMinuteMicros);
    AddAuthRoutes(router_, *dependencies_.auth, *login_limiter_);
    AuthService* auth = dependencies_.auth;
    ApiTokenService* tokens = dependencies_.api_tokens;
    if (tokens != nullptr) AddTokenRoutes(router_, *tokens);
    if (dependencies_.totp != nullptr) AddTotpRoutes(router_, *dependencies_.totp);
    if (dependencies_.users != nullptr) {
      AddUserRoutes(router_, *dependencies_.users, *dependencies_.clock);
    }
    saved_views_ = std::make_unique<SavedViewService>(dependencies_.store, *dependencies_.clock);
    AddSavedViewRoutes(router_, *saved_views_);
    if (dependencies_.portal_password_hasher != nullptr && requests_ != nullptr) {
      portal_ = std::make_unique<PortalService>(
          dependencies_.store, *dependencies_.clock, *dependencies_.portal_password_hasher,
          *dependencies_.audit, *requests_, *billing_, dependencies_.documents);
      AddPortalRoutes(router_, *portal_, *login_limiter_);
      if (dependencies_.deliveries != nullptr) {
        AddPortalDownloadRoutes(router_, *portal_, *dependencies_.deliveries);
      }
    }
    router_.SetAuthenticator([auth, tokens](const HttpRequest& request) {
      return Authenticate(request, *auth, tokens);
    });
  }
  if (dependencies_.audit != nullptr) {
    audit_log_ = std::make_unique<AuditLog>(dependencies_.store, *dependencies_.audit);
    AddAuditRoutes(router_, dependencies_.store, *audit_log_, dependencies_.hostname);
  }
  if (dependencies_.patient_access != nullptr) {
    AddBreakGlassRoutes(router_, *dependencies_.patient_access);
  }
  if (dependencies_.auth != nullptr && dependencies_.audit != nullptr) {
    organizations_ = std::make_unique<OrganizationService>(
        dependencies_.store, *dependencies_.audit,
        dependencies_.patient_access != nullptr ? dependencies_.patient_access->Rules().scoped_roles
                                                : PatientAccessRules{}.scoped_roles);
    AddOrganizationRoutes(router_, *organizations_);
  }
  if (dependencies_.audit != nullptr) {
    router_.SetRefusalRecorder(AuditRefusals(dependencies_.store, *dependencies_.audit));
  }
  if (dependencies_.clock != nullptr && dependencies_.audit != nullptr) {
    worklist_ = std::make_unique<ReviewWorklist>(dependencies_.store, *dependencies_.clock,
                                                 *dependencies_.audit);
    AddReviewWorklistRoutes(router_, *worklist_);
    patients_ = std::make_unique<PatientService>(dependencies_.store, *dependencies_.clock,
                                                 *dependencies_.audit);
    AddPatientRoutes(router_, *patients_);
  }
  if (dependencies_.rules != nullptr) AddRuleRoutes(router_, *dependencies_.rules);
  if (dependencies_.audit_verifier != nullptr && dependencies_.audit != nullptr) {
    chain_check_ = std::make_unique<AuditChainCheck>(
        dependencies_.store, *dependencies_.audit_verifier, *dependencies_.audit);
    AddAuditVerifyRoutes(router_, *chain_check_);
  }
  if (dependencies_.audit != nullptr) {
    AddPatientAuthorizationRoutes(router_, dependencies_.store, *dependencies_.audit);
  }
  if (!dependencies_.web_root.empty()) AddStaticRoutes(router_, dependencies_.web_root);
  if (dependencies_.requests_per_minute > 0 && dependencies_.clock != nullptr) {
    client_limiter_ = std::make_unique<RateLimiter>(
        *dependencies_.clock, dependencies_.requests_per_minute, 60'000'000,
        "too many requests from this address; wait a minute");
    router_.SetClientLimiter([limiter = client_limiter_.get()](const HttpRequest& request) {
      return CountedPerClient(request.path) ? limiter->Admit(request.remote_address) : OkStatus();
    });
  }
  metrics_ = std::make_unique<HttpMetrics>(router_);
}

}  // namespace roi::http
