// Reviews and billing over HTTP: the review tasks of a request (list, complete or cancel,
// assign), the organization's review settings, and the request's invoice (issue, read,
// payments, waivers).  Handlers only translate JSON; every rule lives in ReviewService and
// BillingService.
#include <charconv>

#include "app/billing_service.h"
#include "app/review_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/review_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

// The handler of a POST on one review task of a request (/api/v1/requests/{id}/reviews/{rid}...):
// reads both ids and the JSON object body, turns the body into a command with `parse`, and answers
// 200 with the task `act(principal, request, review, command)` returns.
template <typename Parse, typename Act>
Handler ReviewTaskWrite(Parse parse, Act act) {
  return [parse, act](const HttpRequest& request) {
    Result<RequestId> id = RecordPathId<RequestId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    Result<ReviewId> rid = RecordPathId<ReviewId>(request, "rid");
    if (!rid) return ErrorResponse(rid.error());
    Result<json> body = ParseObject(request.body);
    if (!body) return ErrorResponse(body.error());
    auto command = parse(*body);
    if (!command) return ErrorResponse(command.error());
    Result<ReviewTask> done = act(*request.principal, *id, *rid, std::move(*command));
    if (!done) return ErrorResponse(done.error());
    return JsonResponse(200, ReviewTaskJson(*done));
  };
}

// The handler of a POST on a request's invoice (/api/v1/requests/{id}/invoice...): reads the id
// and the JSON object body, turns the body into a command with `parse`, and answers 201 with the
// billing view `act(principal, request, command)` returns.
template <typename Parse, typename Act>
Handler InvoiceWrite(Parse parse, Act act) {
  return [parse, act](const HttpRequest& request) {
    Result<RequestId> id = RecordPathId<RequestId>(request, "id");
    if (!id) return ErrorResponse(id.error());
    Result<json> body = ParseObject(request.body);
    if (!body) return ErrorResponse(body.error());
    auto command = parse(*body);
    if (!command) return ErrorResponse(command.error());
    Result<BillingView> view = act(*request.principal, *id, std::move(*command));
    if (!view) return ErrorResponse(view.error());
    return JsonResponse(201, BillingViewJson(*view));
  };
}

void AddReviewTaskRoutes(Router& router, ReviewService& reviews) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/reviews",
              .operation_id = "listReviews",
              .summary = "The request's review tasks, the reviews its stored decision and the "
                         "organization's settings ask for, the notifications recorded, and the "
                         "documents held back (by the decision and by reviews).",
              .tag = "reviews",
              .response_schema = ReviewsViewSchema(),
              .access = Access::Permission(Permission::kReviewRecords)},
             [&reviews](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<ReviewsView> view = reviews.List(*request.principal, *id);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, ReviewsViewJson(*view));
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/reviews/{rid}",
              .operation_id = "completeReview",
              .summary = "Complete a review with its outcome (release, withhold named "
                         "documents, deny) and notes, or cancel it (supervisor or privacy "
                         "officer).  Clinician and licensed-professional reviews need a "
                         "clinician, supervisor reviews a supervisor or privacy officer; the "
                         "quality check someone other than who prepared the release.",
              .tag = "reviews",
              .request_schema = ReviewCompletionSchema(),
              .response_schema = ReviewTaskSchema(),
              .access = Access::Permission(Permission::kReviewRecords)},
             ReviewTaskWrite(ParseReviewCompletion,
                             [&reviews](const Principal& caller, RequestId id, ReviewId rid,
                                        const ReviewCompletion& completion) {
                               return reviews.Complete(caller, id, rid, completion);
                             }));
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/reviews/{rid}/assignment",
       .operation_id = "assignReview",
       .summary = "Assign an open review to a user of the organization (null unassigns).",
       .tag = "reviews",
       .request_schema = AssignmentSchema(),
       .response_schema = ReviewTaskSchema(),
       .access = Access::Permission(Permission::kManageRequests)},
      ReviewTaskWrite(ParseReviewAssignment, [&reviews](const Principal& caller, RequestId id,
                                                        ReviewId rid, UserId assignee) {
        return reviews.Assign(caller, id, rid, assignee);
      }));
}

void AddReviewSettingRoutes(Router& router, ReviewService& reviews) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/review-settings",
              .operation_id = "getReviewSettings",
              .summary = "The organization's review settings (quality_check: a second person "
                         "checks every release).",
              .tag = "reviews",
              .response_schema = ReviewSettingsSchema(),
              .access = Access::Permission(Permission::kReviewRecords)},
             [&reviews](const HttpRequest& request) {
               Result<ReviewSettings> settings = reviews.Settings(*request.principal);
               if (!settings) return ErrorResponse(settings.error());
               return JsonResponse(200, ReviewSettingsJson(*settings));
             });
  router.Add({.method = "PUT",
              .pattern = "/api/v1/review-settings",
              .operation_id = "putReviewSettings",
              .summary = "Set the organization's review settings (administrators).",
              .tag = "reviews",
              .request_schema = ReviewSettingsSchema(),
              .response_schema = ReviewSettingsSchema(),
              .access = Access::Permission(Permission::kManageUsers)},
             [&reviews](const HttpRequest& request) {
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<ReviewSettings> settings = ParseReviewSettings(*body);
               if (!settings) return ErrorResponse(settings.error());
               Result<ReviewSettings> stored = reviews.PutSettings(*request.principal, *settings);
               if (!stored) return ErrorResponse(stored.error());
               return JsonResponse(200, ReviewSettingsJson(*stored));
             });
}

void AddInvoiceRoutes(Router& router, BillingService& billing) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}/invoice",
              .operation_id = "getInvoice",
              .summary = "The request's lawful fee, whether release may wait for payment, and "
                         "its invoice (null until issued) with payments, waivers and balance.",
              .tag = "billing",
              .response_schema = BillingViewSchema(),
              .access = Access::Permission(Permission::kManageBilling)},
             [&billing](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<BillingView> view = billing.Get(*request.principal, *id);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, BillingViewJson(*view));
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/invoice",
              .operation_id = "issueInvoice",
              .summary = "Issue the request's invoice from its stored decision's fee (never above "
                         "fee.max_cents) and store the advance fee notice letter.",
              .tag = "billing",
              .request_schema = InvoiceRequestSchema(),
              .response_schema = BillingViewSchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kManageBilling)},
             InvoiceWrite(ParseInvoiceLines, [&billing](const Principal& caller, RequestId id,
                                                        std::vector<InvoiceLine> lines) {
               return billing.Issue(caller, id, std::move(lines));
             }));
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/invoice/payments",
              .operation_id = "recordPayment",
              .summary = "Record a payment: cash, check (with its number) or card (with the "
                         "processor's reference, never the card number); at most the balance.",
              .tag = "billing",
              .request_schema = PaymentSchema(),
              .response_schema = BillingViewSchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kManageBilling)},
             InvoiceWrite(ParsePayment, [&billing](const Principal& caller, RequestId id,
                                                   const PaymentCommand& payment) {
               return billing.Pay(caller, id, payment);
             }));
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/invoice/waiver",
              .operation_id = "recordWaiver",
              .summary = "Waive the balance (or amount_cents of it), with the reason; the caller "
                         "is recorded as who waived it.",
              .tag = "billing",
              .request_schema = WaiverSchema(),
              .response_schema = BillingViewSchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kManageBilling)},
             InvoiceWrite(ParseWaiver, [&billing](const Principal& caller, RequestId id,
                                                  const WaiverCommand& waiver) {
               return billing.Waive(caller, id, waiver);
             }));
}

}  // namespace

void AddReviewRoutes(Router& router, ReviewService& reviews) {
  AddReviewTaskRoutes(router, reviews);
  AddReviewSettingRoutes(router, reviews);
}

void AddBillingRoutes(Router& router, BillingService& billing) {
  AddInvoiceRoutes(router, billing);
}

}  // namespace roi::http
