// Denial review over HTTP: harm determinations on a request's documents, the individual's request
// for review of a denial, the designation of a reviewer who took no part in it, and the reviewer's
// determination (carried out at once).  Handlers only translate JSON; every rule lives in
// DenialReviewService and domain/denial_review.h.
#include <string>
#include <utility>
#include <vector>

#include "app/denial_review_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

// Collects one ErrorDetail per bad field of a body.
class BodyFields {
 public:
  explicit BodyFields(const json& body) : body_(body) {}
  bool Has(const char* key) const { return body_.contains(key) && !body_.at(key).is_null(); }
  void Fail(std::string path, std::string message) {
    problems_.push_back({std::move(path), std::move(message)});
  }
  void Str(const char* key, std::string& out) {
    if (!Has(key)) return;
    if (!body_.at(key).is_string()) return Fail(std::string("/") + key, "must be a string");
    out = body_.at(key).get<std::string>();
  }
  void Ids(const char* key, std::vector<DocumentId>& out) {
    if (!Has(key)) return;
    const json& list = body_.at(key);
    if (!list.is_array()) return Fail(std::string("/") + key, "must be a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_number_integer() || list[i].get<std::int64_t>() <= 0) {
        Fail("/" + std::string(key) + "/" + std::to_string(i), "must be a positive id");
        continue;
      }
      out.emplace_back(list[i].get<std::int64_t>());
    }
  }
  template <typename T>
  void Enum(const char* key, T& out, Result<T> (*parse)(std::string_view)) {
    if (!Has(key)) return;
    std::string text;
    Str(key, text);
    if (!body_.at(key).is_string()) return;
    Result<T> value = parse(text);
    if (!value) return Fail(std::string("/") + key, "unknown value");
    out = *value;
  }
  Status Done() {
    if (problems_.empty()) return OkStatus();
    std::string message = "invalid fields:";
    for (const ErrorDetail& detail : problems_) message += " " + detail.path;
    Error error = InvalidArgumentError(std::move(message));
    error.details = std::move(problems_);
    return error;
  }

 private:
  const json& body_;
  std::vector<ErrorDetail> problems_;
};

json OptionalUser(UserId id) { return id.IsSet() ? json(id.value) : json(nullptr); }

json IdList(const std::vector<DocumentId>& ids) {
  json out = json::array();
  for (DocumentId id : ids) out.push_back(id.value);
  return out;
}

json HarmJson(const HarmDetermination& d) {
  return {{"id", d.id},
          {"document_id", d.document_id.value},
          {"ground", std::string(HarmGroundName(d.ground))},
          {"cite", std::string(HarmGroundCite(d.ground))},
          {"reasons", d.reasons},
          {"made_by", d.made_by.value},
          {"made_micros", d.made_micros},
          {"in_force", d.InForce()},
          {"set_aside_by_review",
           d.set_aside_by_review == 0 ? json(nullptr) : json(d.set_aside_by_review)},
          {"withdrawn", d.Withdrawn()},
          {"withdrawn_by", OptionalUser(d.withdrawn_by)},
          {"withdrawn_micros", d.withdrawn_micros},
          {"withdrawal_reason", d.withdrawal_reason}};
}

json ReviewJson(const DenialReview& r, Date today) {
  return {{"id", r.id},
          {"request_id", r.request_id.value},
          {"status", r.Open() ? "open" : "decided"},
          {"requested_on", r.requested_on.ToString()},
          {"channel", std::string(ChannelName(r.channel))},
          {"note", r.note},
          {"recorded_by", r.recorded_by.value},
          {"due_on", r.due_on.ToString()},
          {"overdue", r.Open() && r.due_on < today},
          {"reviewer_id", OptionalUser(r.reviewer)},
          {"assigned_by", OptionalUser(r.assigned_by)},
          {"determination", std::string(DenialDeterminationName(r.determination))},
          {"overturned_document_ids", IdList(r.overturned_documents)},
          {"reasons", r.reasons},
          {"decided_by", OptionalUser(r.decided_by)},
          {"decided_micros", r.decided_micros},
          {"version", r.version}};
}

json ViewJson(const DenialReviewView& view) {
  json harms = json::array();
  for (const HarmDetermination& d : view.harm_determinations) harms.push_back(HarmJson(d));
  json reviews = json::array();
  for (const DenialReview& r : view.reviews) reviews.push_back(ReviewJson(r, view.today));
  json participants = json::array();
  for (UserId id : view.participants) participants.push_back(id.value);
  json documents = json::array();
  for (const Document& d : view.documents) {
    documents.push_back(
        {{"id", d.id.value},
         {"kind", d.kind},
         {"service_date", d.service_date ? json(d.service_date->ToString()) : json(nullptr)},
         {"pages", d.pages}});
  }
  return {{"request_id", view.request_id.value},
          {"state", std::string(RequestStateName(view.state))},
          {"review_available", view.review_available},
          {"unavailable_reason", view.unavailable_reason},
          {"reviewable_document_ids", IdList(view.reviewable_documents)},
          {"harm_determinations", std::move(harms)},
          {"reviews", std::move(reviews)},
          {"participants", std::move(participants)},
          {"documents", std::move(documents)}};
}

json Schema(json properties) { return {{"type", "object"}, {"properties", std::move(properties)}}; }
const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kIntegers = {{"type", "array"}, {"items", kInteger}};

json ReviewSchema() {
  return Schema({{"id", kInteger},
                 {"status", kString},
                 {"requested_on", kString},
                 {"channel", kString},
                 {"due_on", kString},
                 {"overdue", {{"type", "boolean"}}},
                 {"reviewer_id", kInteger},
                 {"determination", kString},
                 {"overturned_document_ids", kIntegers},
                 {"reasons", kString}});
}

void AddReadRoute(Router& router, DenialReviewService& reviews) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/requests/{id}/denial-reviews",
       .operation_id = "getDenialReviews",
       .summary = "The request's harm determinations and denial reviews, whether a review "
                  "may be asked for now (and why not), and who took part in the denial.",
       .tag = "reviews",
       .response_schema = Schema({{"review_available", {{"type", "boolean"}}},
                                  {"unavailable_reason", kString},
                                  {"reviewable_document_ids", kIntegers},
                                  {"reviews", {{"type", "array"}, {"items", ReviewSchema()}}},
                                  {"participants", kIntegers},
                                  {"documents",
                                   {{"type", "array"},
                                    {"items", Schema({{"id", kInteger},
                                                      {"kind", kString},
                                                      {"service_date", kString},
                                                      {"pages", kInteger}})}}}}),
       .access = Access::Permission(Permission::kReviewRecords)},
      [&reviews](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<DenialReviewView> view = reviews.Get(*request.principal, *id);
        if (!view) return ErrorResponse(view.error());
        return JsonResponse(200, ViewJson(*view));
      });
}

void AddHarmRoute(Router& router, DenialReviewService& reviews) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/harm-determinations",
       .operation_id = "recordHarmDeterminations",
       .summary = "A licensed professional (clinician) records that access to the named documents "
                  "is reasonably likely to cause harm (45 CFR 164.524(a)(3)): the reviewable "
                  "ground the next re-decision withholds them for.",
       .tag = "reviews",
       .request_schema =
           Schema({{"document_ids", kIntegers}, {"ground", kString}, {"reasons", kString}}),
       .access = Access::Permission(Permission::kReviewRecords)},
      [&reviews](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        BodyFields f(*body);
        HarmCommand command;
        f.Ids("document_ids", command.document_ids);
        if (!f.Has("ground")) f.Fail("/ground", "is required");
        f.Enum("ground", command.ground, ParseHarmGround);
        f.Str("reasons", command.reasons);
        if (command.reasons.empty()) f.Fail("/reasons", "is required");
        if (Status ok = f.Done(); !ok) return ErrorResponse(ok.error());
        Result<std::vector<HarmDetermination>> made =
            reviews.RecordHarm(*request.principal, *id, command);
        if (!made) return ErrorResponse(made.error());
        json out = json::array();
        for (const HarmDetermination& d : *made) out.push_back(HarmJson(d));
        return JsonResponse(201, {{"harm_determinations", std::move(out)}});
      });
}

void AddWithdrawHarmRoute(Router& router, DenialReviewService& reviews) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/harm-determinations/{hid}/withdraw",
       .operation_id = "withdrawHarmDetermination",
       .summary = "The professional who made a harm determination (or a supervisor) withdraws it "
                  "with a reason; it stays recorded and the request is re-decided without it.  "
                  "409 once a review of the denial has been decided.",
       .tag = "reviews",
       .request_schema = Schema({{"reason", kString}}),
       .access = Access::Permission(Permission::kReviewRecords)},
      [&reviews](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<RequestId> hid = RecordPathId<RequestId>(request, "hid");
        if (!hid) return ErrorResponse(hid.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        BodyFields f(*body);
        std::string reason;
        f.Str("reason", reason);
        if (reason.empty()) f.Fail("/reason", "is required");
        if (Status ok = f.Done(); !ok) return ErrorResponse(ok.error());
        Result<HarmDetermination> withdrawn =
            reviews.WithdrawHarm(*request.principal, *id, hid->value, reason);
        if (!withdrawn) return ErrorResponse(withdrawn.error());
        return JsonResponse(200, HarmJson(*withdrawn));
      });
}

void AddRequestReviewRoute(Router& router, DenialReviewService& reviews, const Clock& clock) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/denial-reviews",
       .operation_id = "requestDenialReview",
       .summary = "Record the individual's request for review of a reviewable denial (date, "
                  "channel); due 30 days later.  409 for a request that is not denied or a denial "
                  "on unreviewable grounds.",
       .tag = "reviews",
       .request_schema =
           Schema({{"requested_on", kString}, {"channel", kString}, {"note", kString}}),
       .response_schema = ReviewSchema(),
       .access = Access::Permission(Permission::kManageRequests)},
      [&reviews, &clock](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        BodyFields f(*body);
        ReviewRequestCommand command;
        std::string requested_on;
        f.Str("requested_on", requested_on);
        if (!requested_on.empty()) {
          Result<Date> date = Date::Parse(requested_on);
          if (!date) {
            f.Fail("/requested_on", "must be a date (YYYY-MM-DD)");
          } else {
            command.requested_on = *date;
          }
        }
        if (!f.Has("channel")) f.Fail("/channel", "is required");
        f.Enum("channel", command.channel, ParseChannel);
        f.Str("note", command.note);
        if (Status ok = f.Done(); !ok) return ErrorResponse(ok.error());
        Result<DenialReview> review = reviews.RequestReview(*request.principal, *id, command);
        if (!review) return ErrorResponse(review.error());
        return JsonResponse(201, ReviewJson(*review, clock.Today()));
      });
}

void AddAssignRoute(Router& router, DenialReviewService& reviews, const Clock& clock) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests/{id}/denial-reviews/{rid}/assignment",
              .operation_id = "assignDenialReviewer",
              .summary = "Designate the licensed professional (a clinician) who reviews the "
                         "denial; 409 for anyone who took part in it.",
              .tag = "reviews",
              .request_schema = Schema({{"reviewer_id", kInteger}}),
              .response_schema = ReviewSchema(),
              .access = Access::Permission(Permission::kManageRequests)},
             [&reviews, &clock](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<RequestId> rid = RecordPathId<RequestId>(request, "rid");
               if (!rid) return ErrorResponse(rid.error());
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               const json& reviewer = (*body)["reviewer_id"];
               if (!reviewer.is_number_integer() || reviewer.get<std::int64_t>() <= 0) {
                 Error error = InvalidArgumentError("invalid fields: /reviewer_id");
                 error.details = {{"/reviewer_id", "must be a positive user id"}};
                 return ErrorResponse(error);
               }
               Result<DenialReview> review = reviews.AssignReviewer(
                   *request.principal, *id, rid->value, UserId(reviewer.get<std::int64_t>()));
               if (!review) return ErrorResponse(review.error());
               return JsonResponse(200, ReviewJson(*review, clock.Today()));
             });
}

void AddDecideRoute(Router& router, DenialReviewService& reviews, const Clock& clock) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/denial-reviews/{rid}/determination",
       .operation_id = "decideDenialReview",
       .summary = "The assigned reviewer upholds or overturns the denial (in whole, or in part "
                  "naming documents), with reasons.  Carried out at once: the result letter, and "
                  "for an overturn the request reopened for release of those documents.",
       .tag = "reviews",
       .request_schema = Schema({{"determination", kString},
                                 {"overturned_document_ids", kIntegers},
                                 {"reasons", kString}}),
       .access = Access::Permission(Permission::kReviewRecords)},
      [&reviews, &clock](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<RequestId> rid = RecordPathId<RequestId>(request, "rid");
        if (!rid) return ErrorResponse(rid.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        BodyFields f(*body);
        DenialReviewDecision decision;
        std::string determination;
        f.Str("determination", determination);
        if (determination == "overturn") {
          decision.overturn = true;
        } else if (determination != "uphold") {
          f.Fail("/determination", "must be uphold or overturn");
        }
        f.Ids("overturned_document_ids", decision.overturned_documents);
        f.Str("reasons", decision.reasons);
        if (decision.reasons.empty()) f.Fail("/reasons", "is required");
        if (Status ok = f.Done(); !ok) return ErrorResponse(ok.error());
        Result<DenialReviewResult> result =
            reviews.Decide(*request.principal, *id, rid->value, decision);
        if (!result) return ErrorResponse(result.error());
        return JsonResponse(200, {{"review", ReviewJson(result->review, clock.Today())},
                                  {"letter_id", result->letter_id},
                                  {"state", std::string(RequestStateName(result->state))},
                                  {"reopen_error", result->reopen_error}});
      });
}

}  // namespace

void AddDenialReviewRoutes(Router& router, DenialReviewService& reviews, const Clock& clock) {
  AddReadRoute(router, reviews);
  AddHarmRoute(router, reviews);
  AddWithdrawHarmRoute(router, reviews);
  AddRequestReviewRoute(router, reviews, clock);
  AddAssignRoute(router, reviews, clock);
  AddDecideRoute(router, reviews, clock);
}

}  // namespace roi::http
