#include "app/redaction_service.h"

#include <string>

#include "app/audited_call.h"
#include "base/error.h"
#include "domain/document_format.h"

namespace roi {
namespace {

Status RequireReviewer(const Principal& caller) {
  if (caller.May(Permission::kReviewRecords)) return OkStatus();
  return PermissionDeniedError("marking redactions needs permission review_records");
}

Result<ReleaseRequest> OpenRequest(Transaction& tx, RequestId id) {
  Result<ReleaseRequest> request = tx.Requests().Find(id);
  if (!request) return request.error();
  if (!IsOpenState(request->state)) {
    return FailedPreconditionError("request " + request->number + " is " +
                                   std::string(RequestStateName(request->state)) +
                                   ": its redactions can no longer change");
  }
  return request;
}

Error Item(std::size_t index, const Error& error) {
  return Error{error.code, "redactions[" + std::to_string(index) + "]: " + error.message};
}

// Checks `command` against its document and returns the redaction to store.
Result<Redaction> Check(Transaction& tx, const ReleaseRequest& request,
                        const RedactionCommand& command) {
  Result<Document> document = tx.Documents().Find(command.document);
  if (!document) return document.error();
  if (document->patient_id != request.patient_id) {
    return InvalidArgumentError("document " + std::to_string(command.document.value) +
                                " is not a document of the request's patient");
  }
  Redaction redaction{.request_id = request.id,
                      .document_id = command.document,
                      .has_span = command.span.has_value(),
                      .span = command.span.value_or(TextSpan{}),
                      .page = command.page,
                      .reason = command.reason,
                      .reason_text = command.reason_text};
  if (command.span) {
    if (command.page != 0) {
      return InvalidArgumentError("redaction: give either a text span or a page, not both");
    }
    if (Status fits = ValidateSpanIn(*command.span, document->content); !fits) {
      return fits.error();
    }
  } else {
    Result<DocumentFile> file = tx.DocumentFiles().ForDocument(command.document);
    if (!file && file.error().code != ErrorCode::kNotFound) return file.error();
    if (!file || file->media_type != "application/pdf") {
      return InvalidArgumentError("redaction: page redactions are for documents stored as PDF");
    }
    if (Status fits = ValidatePageIn(command.page, file->pages); !fits) return fits.error();
  }
  return redaction;
}

}  // namespace

Result<std::vector<Redaction>> RedactionService::List(const Principal& caller, RequestId request) {
  if (Status allowed = RequireReviewer(caller); !allowed) return allowed.error();
  std::vector<Redaction> out;
  Status done = AuditedCall(store_, audit_, caller, TxMode::kRead, request, "list redactions",
                            [&](Transaction& tx) -> Status {
                              Result<std::vector<Redaction>> found =
                                  tx.Redactions().ListForRequest(request);
                              if (!found) return found.error();
                              out = std::move(*found);
                              return OkStatus();
                            });
  if (!done) return done.error();
  return out;
}

Result<std::vector<Redaction>> RedactionService::Mark(
    const Principal& caller, RequestId request, const std::vector<RedactionCommand>& commands) {
  if (Status allowed = RequireReviewer(caller); !allowed) return allowed.error();
  if (commands.empty() || commands.size() > kMaxPerCall) {
    return InvalidArgumentError("redactions: give 1.." + std::to_string(kMaxPerCall) +
                                " redactions");
  }
  std::vector<Redaction> out;
  std::string what = "mark " + std::to_string(commands.size()) + " redaction(s)";
  Status done = AuditedCall(store_, audit_, caller, TxMode::kWrite, request, what,
                            [&](Transaction& tx) -> Status {
                              Result<ReleaseRequest> found = OpenRequest(tx, request);
                              if (!found) return found.error();
                              out.clear();
                              for (std::size_t i = 0; i < commands.size(); ++i) {
                                Result<Redaction> redaction = Check(tx, *found, commands[i]);
                                if (!redaction) return Item(i, redaction.error());
                                redaction->marked_by = caller.user.id;
                                redaction->marked_micros = clock_.NowMicros();
                                Result<Redaction> stored = tx.Redactions().Insert(*redaction);
                                if (!stored) return Item(i, stored.error());
                                out.push_back(std::move(*stored));
                              }
                              return OkStatus();
                            });
  if (!done) return done.error();
  return out;
}

Status RedactionService::Remove(const Principal& caller, RequestId request, std::int64_t id) {
  if (Status allowed = RequireReviewer(caller); !allowed) return allowed;
  return AuditedCall(store_, audit_, caller, TxMode::kWrite, request,
                     "remove redaction " + std::to_string(id), [&](Transaction& tx) -> Status {
                       Result<ReleaseRequest> found = OpenRequest(tx, request);
                       if (!found) return found.error();
                       return tx.Redactions().Delete(request, id);
                     });
}

}  // namespace roi
