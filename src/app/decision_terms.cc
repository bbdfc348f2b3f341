#include "app/decision_terms.h"

#include <string>

#include "domain/release_request.h"
#include "policy/parse_text.h"

namespace roi {
namespace {

using policy::Value;

const Value* Member(const Value& object, std::string_view key) {
  if (object.kind != Value::Kind::kObject) return nullptr;
  for (const auto& [name, value] : object.members) {
    if (name == key) return &value;
  }
  return nullptr;
}

Error Bad(std::string_view field) {
  return InternalError("stored decision: bad field " + std::string(field));
}

Result<std::vector<std::string>> Strings(const Value& object, std::string_view key) {
  std::vector<std::string> out;
  const Value* list = Member(object, key);
  if (list == nullptr || list->kind == Value::Kind::kNull) return out;
  if (list->kind != Value::Kind::kArray) return Bad(key);
  for (const Value& item : list->items) {
    if (item.kind != Value::Kind::kString) return Bad(key);
    out.push_back(item.text);
  }
  return out;
}

}  // namespace

Result<DecisionTerms> ReadDecisionTerms(std::string_view decision_json) {
  DecisionTerms terms;
  if (decision_json.empty()) return terms;
  Result<Value> parsed = policy::ParseJson(decision_json);
  if (!parsed) return InternalError("stored decision is not JSON");
  const Value& root = *parsed;
  const Value* outcome = Member(root, "outcome");
  if (outcome == nullptr || outcome->kind != Value::Kind::kString) return Bad("outcome");
  Result<DecisionOutcome> parsed_outcome = ParseDecisionOutcome(outcome->text);
  if (!parsed_outcome) return Bad("outcome");
  terms.outcome = *parsed_outcome;

  if (const Value* documents = Member(root, "documents"); documents != nullptr) {
    if (documents->kind != Value::Kind::kArray) return Bad("documents");
    for (const Value& doc : documents->items) {
      const Value* id = Member(doc, "id");
      const Value* action = Member(doc, "action");
      if (id == nullptr || id->kind != Value::Kind::kString || action == nullptr ||
          action->kind != Value::Kind::kString) {
        return Bad("documents");
      }
      DocumentTerms line;
      if (id->text.empty() || id->text.size() > 18 ||
          id->text.find_first_not_of("0123456789") != std::string::npos) {
        return Bad("documents/id");
      }
      line.id = DocumentId(std::stoll(id->text));
      line.withheld = action->text == "withhold";
      Result<std::vector<std::string>> reasons = Strings(doc, "reasons");
      if (!reasons) return reasons.error();
      line.reasons = std::move(*reasons);
      terms.documents.push_back(std::move(line));
    }
  }
  if (const Value* fee = Member(root, "fee"); fee != nullptr) {
    const Value* max = Member(*fee, "max_cents");
    const Value* basis = Member(*fee, "basis");
    if (max == nullptr || max->kind != Value::Kind::kInt || basis == nullptr ||
        basis->kind != Value::Kind::kString) {
      return Bad("fee");
    }
    terms.fee_max_cents = max->integer;
    terms.fee_basis = basis->text;
  }
  Result<std::vector<std::string>> notices = Strings(root, "notices");
  if (!notices) return notices.error();
  terms.notices = std::move(*notices);
  if (const Value* reviewable = Member(root, "denial_reviewable");
      reviewable != nullptr && reviewable->kind == Value::Kind::kBool) {
    terms.denial_reviewable = reviewable->boolean;
  }
  if (const Value* rules = Member(root, "rules"); rules != nullptr) {
    if (rules->kind != Value::Kind::kArray) return Bad("rules");
    for (const Value& rule : rules->items) {
      const Value* code = Member(rule, "code");
      if (code == nullptr || code->kind != Value::Kind::kString) return Bad("rules");
      terms.rules.push_back(code->text);
    }
  }
  return terms;
}

}  // namespace roi
