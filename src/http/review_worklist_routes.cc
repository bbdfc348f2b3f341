// GET /api/v1/review-tasks: the caller's review work list across requests (app/review_worklist.h).
#include <charconv>
#include <string>

#include "app/review_worklist.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/review_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

Result<std::int64_t> PositiveQuery(const HttpRequest& request, const char* name,
                                   std::int64_t fallback, std::int64_t max) {
  std::string_view text = request.Query(name);
  if (text.empty()) return fallback;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0 || value > max) {
    return InvalidArgumentError(std::string(name) + " must be an integer from 1 to " +
                                std::to_string(max));
  }
  return value;
}

json ItemJson(const ReviewWorkItem& item) {
  json out = ReviewTaskJson(item.task);
  out["request_number"] = item.request_number;
  out["request_state"] = std::string(RequestStateName(item.request_state));
  out["due_on"] = item.due_on ? json(item.due_on->ToString()) : json(nullptr);
  out["age_days"] = item.age_days;
  out["assigned_to_me"] = item.assigned_to_caller;
  return out;
}

json ItemSchema() {
  json schema = ReviewTaskSchema();
  schema["properties"]["request_number"] = {{"type", "string"}};
  schema["properties"]["request_state"] = {{"type", "string"}};
  schema["properties"]["due_on"] = {{"type", {"string", "null"}}, {"format", "date"}};
  schema["properties"]["age_days"] = {{"type", "integer"}};
  schema["properties"]["assigned_to_me"] = {{"type", "boolean"}};
  return schema;
}

}  // namespace

void AddReviewWorklistRoutes(Router& router, const ReviewWorklist& worklist) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/review-tasks",
       .operation_id = "listReviewTasks",
       .summary = "The open review tasks the caller may act on, across requests: those assigned "
                  "to them and the unassigned tasks of the kinds their role completes (the "
                  "reviewers' pool), leaving out quality checks they prepared; oldest first, with "
                  "the request's number, state and due date and the task's age in days. Page with "
                  "after (the next_after of the previous page) and limit (1..200, default 50).",
       .tag = "reviews",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"tasks", {{"type", "array"}, {"items", ItemSchema()}}},
                             {"next_after", {{"type", {"integer", "null"}}}}}}},
       .query_parameters = {"after", "limit"},
       .access = Access::Permission(Permission::kReviewRecords)},
      [&worklist](const HttpRequest& request) {
        Result<std::int64_t> after = PositiveQuery(request, "after", 0, INT64_MAX);
        if (!after) return ErrorResponse(after.error());
        Result<std::int64_t> limit = PositiveQuery(request, "limit", 50, 200);
        if (!limit) return ErrorResponse(limit.error());
        Result<ReviewWorkPage> page =
            worklist.List(*request.principal, ReviewId(*after), static_cast<int>(*limit));
        if (!page) return ErrorResponse(page.error());
        json tasks = json::array();
        for (const ReviewWorkItem& item : page->items) tasks.push_back(ItemJson(item));
        return JsonResponse(
            200, {{"tasks", tasks},
                  {"next_after",
                   page->next_after.IsSet() ? json(page->next_after.value) : json(nullptr)}});
      });
}

}  // namespace roi::http
