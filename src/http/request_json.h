// JSON <-> the request lifecycle's values (requesters, documents, request facts, requests with
// their decision, history and letters).  Parsers collect every bad field as an ErrorDetail whose
// path names the field ("/authorization/signed_on"), and never throw.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/request_service.h"
#include "base/result.h"

namespace roi::http {

// The body as a JSON object, or InvalidArgument ("body must be a JSON object").
Result<nlohmann::json> ParseObject(const std::string& body);

Result<Requester> ParseRequester(const nlohmann::json& body);
Result<Document> ParseDocument(const nlohmann::json& body);
Result<IntakeCommand> ParseIntake(const nlohmann::json& body);
// The fields present in `body` replace those of `current` (authorization: null removes it).
Result<FactsChange> ParseFactsChange(const nlohmann::json& body, const RequestFacts& current);
Result<TransitionCommand> ParseTransition(const nlohmann::json& body);

nlohmann::json RequesterJson(const Requester& requester);
nlohmann::json DocumentJson(const Document& document);
nlohmann::json FactsJson(const RequestFacts& facts);
nlohmann::json RequestViewJson(const RequestView& view);
nlohmann::json QueueItemJson(const QueueItem& item);
// A disclosure-log entry, with whether it is accountable and the basis's citation.
nlohmann::json DisclosureJson(const DisclosureEntry& entry);

// JSON Schemas for the OpenAPI document.
nlohmann::json RequesterSchema();
nlohmann::json DocumentSchema();
nlohmann::json FactsSchema();
nlohmann::json IntakeSchema();
nlohmann::json RequestSchema();
nlohmann::json QueueSchema();

}  // namespace roi::http
