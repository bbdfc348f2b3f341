// The document store over HTTP: upload a document's bytes (the raw request body, streamed by the
// server to the upload sink piece by piece), and download them decrypted.  Every rule lives in
// DocumentStore.
#include <charconv>
#include <string>

#include "app/document_store.h"
#include "http/api.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

using nlohmann::json;

Result<std::int64_t> PositiveId(const HttpRequest& request, const char* name) {
  auto found = request.path_params.find(name);
  std::int64_t value = 0;
  if (found != request.path_params.end()) {
    const std::string& text = found->second;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) value = 0;
  }
  if (value <= 0) return NotFoundError(std::string(name) + " does not name a record");
  return value;
}

// Splits "a,b" into labels, dropping empty pieces.
std::vector<std::string> Labels(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view piece = text.substr(0, comma);
    if (!piece.empty()) out.emplace_back(piece);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// The upload's metadata from the query string.
Result<UploadCommand> ParseUpload(const HttpRequest& request, PatientId patient) {
  UploadCommand command;
  Document& document = command.document;
  document.patient_id = patient;
  document.kind = std::string(request.Query("kind"));
  if (document.kind.empty()) return InvalidArgumentError("query parameter kind is required");
  if (std::string_view date = request.Query("service_date"); !date.empty()) {
    Result<Date> parsed = Date::Parse(date);
    if (!parsed) return InvalidArgumentError("service_date must be a date (YYYY-MM-DD)");
    document.service_date = *parsed;
  }
  document.encounter = std::string(request.Query("encounter"));
  document.author = std::string(request.Query("author"));
  document.labels = Labels(request.Query("labels"));
  if (std::string_view part2 = request.Query("part2"); !part2.empty()) {
    document.part2 = std::string(part2);
  }
  std::string_view minor = request.Query("minor_consented");
  if (!minor.empty() && minor != "true" && minor != "false") {
    return InvalidArgumentError("minor_consented must be true or false");
  }
  document.minor_consented = minor == "true";
  command.declared_type = std::string(request.Header("content-type"));
  return command;
}

json FileJson(const DocumentFile& file) {
  return {{"media_type", file.media_type},
          {"size", file.size},
          {"pages", file.pages},
          {"digest", file.digest}};
}

json StoredJson(const StoredDocument& stored) {
  const Document& d = stored.document;
  json document = {{"id", d.id.value},
                   {"patient_id", d.patient_id.value},
                   {"kind", d.kind},
                   {"encounter", d.encounter},
                   {"author", d.author},
                   {"pages", d.pages},
                   {"labels", d.labels},
                   {"part2", d.part2},
                   {"minor_consented", d.minor_consented},
                   {"version", d.version}};
  if (d.service_date) document["service_date"] = d.service_date->ToString();
  return {{"document", std::move(document)},
          {"file", FileJson(stored.file)},
          {"deduplicated", stored.deduplicated}};
}

json StoredSchema() {
  json file = {{"type", "object"},
               {"properties",
                {{"media_type", {{"type", "string"}}},
                 {"size", {{"type", "integer"}}},
                 {"pages", {{"type", "integer"}}},
                 {"digest", {{"type", "string"}}}}}};
  return {{"type", "object"},
          {"properties",
           {{"document", {{"type", "object"}}},
            {"file", file},
            {"deduplicated", {{"type", "boolean"}}}}}};
}

// Collects the decrypted bytes for the response body.
class StringSink final : public ContentSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  Status Write(std::string_view bytes) override {
    out_.append(bytes);
    return OkStatus();
  }

 private:
  std::string& out_;
};

// Feeds the streamed body to a DocumentUpload.
class UploadSink final : public BodySink {
 public:
  explicit UploadSink(std::unique_ptr<DocumentUpload> upload) : upload_(std::move(upload)) {}
  Status Append(std::string_view bytes) override {
    constexpr std::size_t kPiece = std::size_t{1} << 20;
    for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
      if (Status appended = upload_->Append(bytes.substr(at, kPiece)); !appended) return appended;
    }
    return OkStatus();
  }
  HttpResponse Finish() override;

 private:
  std::unique_ptr<DocumentUpload> upload_;
};

HttpResponse Created(const StoredDocument& stored) {
  HttpResponse response = HttpResponse::Json(201, StoredJson(stored).dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse UploadSink::Finish() {
  Result<StoredDocument> stored = upload_->Commit();
  if (!stored) return ErrorResponse(stored.error());
  return Created(*stored);
}

}  // namespace

void AddDocumentContentRoutes(Router& router, DocumentStore& documents) {
  router.AddStreaming(
      {.method = "POST",
       .pattern = "/api/v1/patients/{id}/documents/content",
       .operation_id = "uploadDocument",
       .summary = "Upload a document of a patient: the raw body is the file (PDF, PNG, JPEG, "
                  "UTF-8 text, C-CDA XML or FHIR JSON, recognized from its bytes; a Content-Type "
                  "that disagrees is refused).  Metadata in the query: kind (required), "
                  "service_date, encounter, author, labels (comma-separated), part2, "
                  "minor_consented.  The body is streamed (never held whole) up to the document "
                  "size limit; access and metadata are checked before it is read.  Identical "
                  "bytes are stored once (`deduplicated`).",
       .tag = "records",
       .response_schema = StoredSchema(),
       .success_status = 201,
       .query_parameters = {"kind", "service_date", "encounter", "author", "labels", "part2",
                            "minor_consented"},
       .access = Access::Permission(Permission::kWritePatients)},
      [&documents](const HttpRequest& request) -> StreamStart {
        Result<std::int64_t> id = PositiveId(request, "id");
        if (!id) return {.sink = nullptr, .response = ErrorResponse(id.error())};
        Result<UploadCommand> command = ParseUpload(request, PatientId(*id));
        if (!command) return {.sink = nullptr, .response = ErrorResponse(command.error())};
        Result<std::unique_ptr<DocumentUpload>> upload =
            documents.Begin(*request.principal, *command);
        if (!upload) return {.sink = nullptr, .response = ErrorResponse(upload.error())};
        return {.sink = std::make_unique<UploadSink>(std::move(*upload)), .response = {}};
      });
  router.Add({.method = "GET",
              .pattern = "/api/v1/documents/{id}/content",
              .operation_id = "downloadDocument",
              .summary = "The document's file, decrypted, as an attachment with its sniffed "
                         "media type.  404 unless the document is the caller's organization's "
                         "and has a file.",
              .tag = "records",
              .response_content_type = "application/octet-stream",
              .access = Access::Permission(Permission::kReadPatients)},
             [&documents](const HttpRequest& request) {
               Result<std::int64_t> id = PositiveId(request, "id");
               if (!id) return ErrorResponse(id.error());
               std::string body;
               StringSink sink(body);
               Result<StoredDocument> stored =
                   documents.Download(*request.principal, DocumentId(*id), sink);
               if (!stored) return ErrorResponse(stored.error());
               std::string extension = "bin";
               if (Result<DocumentFormat> format = ParseDocumentMediaType(stored->file.media_type);
                   format) {
                 extension = std::string(DocumentFormatExtension(*format));
               }
               HttpResponse response =
                   HttpResponse::Text(200, std::move(body), stored->file.media_type);
               response.headers.emplace_back(
                   "Content-Disposition", "attachment; filename=\"document-" + std::to_string(*id) +
                                              "." + extension + "\"");
               response.headers.emplace_back("X-Content-Type-Options", "nosniff");
               response.headers.emplace_back("Cache-Control", "no-store");
               return response;
             });
}

}  // namespace roi::http
