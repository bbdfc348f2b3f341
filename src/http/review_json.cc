#include "http/review_json.h"

#include <string>
#include <utility>

namespace roi::http {
namespace {

using nlohmann::json;

Status Problems(std::vector<ErrorDetail> problems) {
  if (problems.empty()) return OkStatus();
  std::string message = "invalid fields:";
  for (const ErrorDetail& detail : problems) message += " " + detail.path;
  Error error = InvalidArgumentError(std::move(message));
  error.details = std::move(problems);
  return error;
}

// Reads the top-level fields of one body, collecting a detail for each bad one.
class BodyReader {
 public:
  explicit BodyReader(const json& body) : body_(body) {}
  std::vector<ErrorDetail>& Problems() { return problems_; }
  bool Has(const char* key) const { return body_.contains(key) && !body_.at(key).is_null(); }
  void Fail(std::string path, std::string message) {
    problems_.push_back({std::move(path), std::move(message)});
  }
  void Str(const char* key, std::string& out) {
    if (!Has(key)) return;
    if (!body_.at(key).is_string()) return Fail(std::string("/") + key, "must be a string");
    out = body_.at(key).get<std::string>();
  }
  void Int(const char* key, std::int64_t& out) {
    if (!Has(key)) return;
    if (!body_.at(key).is_number_integer()) {
      return Fail(std::string("/") + key, "must be an integer");
    }
    out = body_.at(key).get<std::int64_t>();
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
  const json* Array(const char* key) {
    if (!Has(key)) return nullptr;
    if (!body_.at(key).is_array()) {
      Fail(std::string("/") + key, "must be a list");
      return nullptr;
    }
    return &body_.at(key);
  }

 private:
  const json& body_;
  std::vector<ErrorDetail> problems_;
};

json Object(json properties) { return {{"type", "object"}, {"properties", std::move(properties)}}; }
const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kBoolean = {{"type", "boolean"}};
const json kDate = {{"type", "string"}, {"format", "date"}};
const json kIntegers = {{"type", "array"}, {"items", {{"type", "integer"}}}};

json OptionalId(std::int64_t id) { return id == 0 ? json(nullptr) : json(id); }

json Ids(const std::vector<DocumentId>& ids) {
  json out = json::array();
  for (DocumentId id : ids) out.push_back(id.value);
  return out;
}

json InvoiceJson(const Invoice& invoice) {
  json lines = json::array();
  for (const InvoiceLine& line : invoice.lines) {
    lines.push_back({{"description", line.description},
                     {"quantity", line.quantity},
                     {"unit_cents", line.unit_cents},
                     {"amount_cents", line.AmountCents()}});
  }
  return {{"id", invoice.id.value},
          {"lines", std::move(lines)},
          {"total_cents", invoice.total_cents},
          {"max_cents", invoice.max_cents},
          {"fee_basis", invoice.fee_basis},
          {"issued_on", invoice.issued_on.ToString()},
          {"issued_by", invoice.issued_by.value}};
}

json CreditJson(const InvoiceCredit& credit) {
  json out = {{"id", credit.id},
              {"kind", std::string(CreditKindName(credit.kind))},
              {"amount_cents", credit.amount_cents},
              {"recorded_by", credit.recorded_by.value},
              {"received_on", credit.received_on.ToString()}};
  if (credit.kind == CreditKind::kPayment) {
    out["method"] = std::string(PaymentMethodName(credit.method));
    out["reference"] = credit.reference;
  } else {
    out["reason"] = credit.reason;
  }
  return out;
}

}  // namespace

Result<ReviewCompletion> ParseReviewCompletion(const json& body) {
  BodyReader f(body);
  ReviewCompletion completion;
  f.Enum("status", completion.status, ParseReviewStatus);
  f.Enum("outcome", completion.outcome, ParseReviewOutcome);
  f.Str("notes", completion.notes);
  if (const json* ids = f.Array("withheld_document_ids")) {
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const json& item = (*ids)[i];
      if (!item.is_number_integer() || item.get<std::int64_t>() <= 0) {
        f.Fail("/withheld_document_ids/" + std::to_string(i), "must be a positive id");
        continue;
      }
      completion.withheld_documents.emplace_back(item.get<std::int64_t>());
    }
  }
  if (completion.status == ReviewStatus::kOpen) f.Fail("/status", "must be completed or cancelled");
  if (Status ok = Problems(std::move(f.Problems())); !ok) return ok.error();
  return completion;
}

Result<UserId> ParseReviewAssignment(const json& body) {
  BodyReader f(body);
  if (!body.contains("assignee_id")) f.Fail("/assignee_id", "is required (null unassigns)");
  std::int64_t id = 0;
  f.Int("assignee_id", id);
  if (f.Has("assignee_id") && body.at("assignee_id").is_number_integer() && id <= 0) {
    f.Fail("/assignee_id", "must be a positive id");
  }
  if (Status ok = Problems(std::move(f.Problems())); !ok) return ok.error();
  return UserId(id);
}

Result<ReviewSettings> ParseReviewSettings(const json& body) {
  BodyReader f(body);
  ReviewSettings settings;
  if (!body.contains("quality_check") || !body.at("quality_check").is_boolean()) {
    f.Fail("/quality_check", "is required: true or false");
  } else {
    settings.quality_check = body.at("quality_check").get<bool>();
  }
  if (Status ok = Problems(std::move(f.Problems())); !ok) return ok.error();
  return settings;
}

Result<std::vector<InvoiceLine>> ParseInvoiceLines(const json& body) {
  BodyReader f(body);
  std::vector<InvoiceLine> lines;
  if (const json* items = f.Array("lines")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      const json& item = (*items)[i];
      std::string where = "/lines/" + std::to_string(i);
      if (!item.is_object()) {
        f.Fail(where, "must be an object");
        continue;
      }
      InvoiceLine line;
      if (!item.contains("description") || !item.at("description").is_string()) {
        f.Fail(where + "/description", "is required: a string");
      } else {
        line.description = item.at("description").get<std::string>();
      }
      if (item.contains("quantity")) {
        if (!item.at("quantity").is_number_integer()) {
          f.Fail(where + "/quantity", "must be an integer");
        } else {
          line.quantity = item.at("quantity").get<std::int64_t>();
        }
      }
      if (!item.contains("unit_cents") || !item.at("unit_cents").is_number_integer()) {
        f.Fail(where + "/unit_cents", "is required: an integer");
      } else {
        line.unit_cents = item.at("unit_cents").get<std::int64_t>();
      }
      lines.push_back(std::move(line));
    }
  }
  if (Status ok = Problems(std::move(f.Problems())); !ok) return ok.error();
  return lines;
}

Result<PaymentCommand> ParsePayment(const json& body) {
  BodyReader f(body);
  PaymentCommand payment;
  if (!f.Has("method")) f.Fail("/method", "is required: cash, check or card");
  f.Enum("method", payment.method, ParsePaymentMethod);
  if (!f.Has("amount_cents")) f.Fail("/amount_cents", "is required");
  f.Int("amount_cents", payment.amount_cents);
  f.Str("reference", payment.reference);
  if (f.Has("card_number") || f.Has("pan")) {
    f.Fail("/card_number", "card numbers are never accepted; send the processor's reference");
  }
  if (f.Has("received_on")) {
    std::string text;
    f.Str("received_on", text);
    Result<Date> date = Date::Parse(text);
    if (!date) {
      f.Fail("/received_on", "must be a date (YYYY-MM-DD)");
    } else {
      payment.received_on = *date;
    }
  }
  if (Status ok = Problems(std::move(f.Problems())); !ok) return ok.error();
  return payment;
}

Result<WaiverCommand> ParseWaiver(const json& body) {
  BodyReader f(body);
  WaiverCommand waiver;
  if (f.Has("amount_cents")) {
    std::int64_t amount = 0;
    f.Int("amount_cents", amount);
    waiver.amount_cents = amount;
  }
  if (!f.Has("reason")) f.Fail("/reason", "is required");
  f.Str("reason", waiver.reason);
  if (Status ok = Problems(std::move(f.Problems())); !ok) return ok.error();
  return waiver;
}

json ReviewTaskJson(const ReviewTask& task) {
  return {{"id", task.id.value},
          {"request_id", task.request_id.value},
          {"kind", std::string(ReviewKindName(task.kind))},
          {"reason", task.reason},
          {"status", std::string(ReviewStatusName(task.status))},
          {"assignee_id", OptionalId(task.assignee.value)},
          {"prepared_by", OptionalId(task.prepared_by.value)},
          {"outcome", task.outcome == ReviewOutcome::kNone
                          ? json(nullptr)
                          : json(std::string(ReviewOutcomeName(task.outcome)))},
          {"withheld_document_ids", Ids(task.withheld_documents)},
          {"notes", task.notes},
          {"completed_by", OptionalId(task.completed_by.value)},
          {"created_micros", task.created_micros},
          {"completed_micros",
           task.completed_micros == 0 ? json(nullptr) : json(task.completed_micros)}};
}

json ReviewsViewJson(const ReviewsView& view) {
  json tasks = json::array();
  for (const ReviewTask& task : view.tasks) tasks.push_back(ReviewTaskJson(task));
  json needed = json::array();
  for (const ReviewNeed& need : view.needed) {
    needed.push_back({{"kind", std::string(ReviewKindName(need.kind))}, {"reason", need.reason}});
  }
  json notifications = json::array();
  for (const RequestNotification& n : view.notifications) {
    notifications.push_back({{"id", n.id},
                             {"recipient", n.recipient},
                             {"reason", n.reason},
                             {"status", n.status},
                             {"created_micros", n.created_micros}});
  }
  return {{"request_id", view.request_id.value},
          {"items", std::move(tasks)},
          {"needed", std::move(needed)},
          {"notifications", std::move(notifications)},
          {"withheld_document_ids", Ids(view.withheld_documents)}};
}

json ReviewSettingsJson(const ReviewSettings& settings) {
  return {{"quality_check", settings.quality_check}};
}

json BillingViewJson(const BillingView& view) {
  json credits = json::array();
  for (const InvoiceCredit& credit : view.credits) credits.push_back(CreditJson(credit));
  return {{"request_id", view.request_id.value},
          {"max_cents", view.max_cents},
          {"fee_basis", view.fee_basis},
          {"hold_for_payment", view.hold.allowed},
          {"hold_reason", view.hold.why},
          {"invoice", view.invoice ? InvoiceJson(*view.invoice) : json(nullptr)},
          {"credits", std::move(credits)},
          {"balance_cents", view.balance_cents}};
}

json ReviewTaskSchema() {
  return Object(
      {{"id", kInteger},
       {"request_id", kInteger},
       {"kind", {{"enum", {"clinician", "supervisor", "licensed_professional", "quality_check"}}}},
       {"reason", kString},
       {"status", {{"enum", {"open", "completed", "cancelled"}}}},
       {"assignee_id", {{"type", {"integer", "null"}}}},
       {"prepared_by", {{"type", {"integer", "null"}}}},
       {"outcome", {{"enum", {"release", "withhold", "deny", nullptr}}}},
       {"withheld_document_ids", kIntegers},
       {"notes", kString},
       {"completed_by", {{"type", {"integer", "null"}}}},
       {"created_micros", kInteger},
       {"completed_micros", {{"type", {"integer", "null"}}}}});
}

json ReviewCompletionSchema() {
  json schema = Object({{"status", {{"enum", {"completed", "cancelled"}}}},
                        {"outcome", {{"enum", {"release", "withhold", "deny"}}}},
                        {"withheld_document_ids", kIntegers},
                        {"notes", kString}});
  schema["description"] =
      "Completes (default) or cancels a review.  A withhold outcome names the documents held "
      "back; a quality check is completed by someone other than who prepared the release.";
  return schema;
}

json ReviewsViewSchema() {
  return Object({{"request_id", kInteger},
                 {"items", {{"type", "array"}, {"items", ReviewTaskSchema()}}},
                 {"needed", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                 {"notifications", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                 {"withheld_document_ids", kIntegers}});
}

json ReviewSettingsSchema() {
  json schema = Object({{"quality_check", kBoolean}});
  schema["required"] = {"quality_check"};
  return schema;
}

json AssignmentSchema() { return Object({{"assignee_id", {{"type", {"integer", "null"}}}}}); }

json InvoiceRequestSchema() {
  json line = Object({{"description", kString}, {"quantity", kInteger}, {"unit_cents", kInteger}});
  json schema = Object({{"lines", {{"type", "array"}, {"items", line}}}});
  schema["description"] =
      "Lines of the invoice; without lines, one line charges the decision's whole lawful fee.  "
      "A total above the decision's fee.max_cents is refused.";
  return schema;
}

json PaymentSchema() {
  json schema = Object({{"method", {{"enum", {"cash", "check", "card"}}}},
                        {"amount_cents", kInteger},
                        {"reference", kString},
                        {"received_on", kDate}});
  schema["required"] = {"method", "amount_cents"};
  schema["description"] =
      "reference: the check number, or the card processor's reference; a card number is refused.";
  return schema;
}

json WaiverSchema() {
  json schema = Object({{"amount_cents", kInteger}, {"reason", kString}});
  schema["required"] = {"reason"};
  return schema;
}

json BillingViewSchema() {
  return Object({{"request_id", kInteger},
                 {"max_cents", kInteger},
                 {"fee_basis", kString},
                 {"hold_for_payment", kBoolean},
                 {"hold_reason", kString},
                 {"invoice", {{"type", {"object", "null"}}}},
                 {"credits", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                 {"balance_cents", kInteger}});
}

}  // namespace roi::http
