#include "app/packet_service.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "app/decision_terms.h"
#include "app/letters.h"
#include "app/permissions.h"
#include "app/printable.h"
#include "app/request_case.h"
#include "base/error.h"
#include "domain/document_format.h"
#include "policy/codes.h"
#include "policy/decision.h"

namespace roi {
namespace {

Status Require(const Principal& caller, Permission permission) {
  if (!caller.May(permission)) {
    return PermissionDeniedError("this needs the " + std::string(PermissionName(permission)) +
                                 " permission");
  }
  return OkStatus();
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The stored decision as a policy::Decision, for writing a cover letter before release: the
// documents' actions, the fee, the notices and the rules (without citations).
policy::Decision DecisionOf(const DecisionTerms& terms) {
  policy::Decision decision;
  decision.outcome = terms.outcome == DecisionOutcome::kPartial ? policy::Outcome::kPartial
                                                                : policy::Outcome::kRelease;
  for (const DocumentTerms& document : terms.documents) {
    decision.documents.push_back(
        {.id = std::to_string(document.id.value),
         .action = document.withheld ? policy::Action::kWithhold : policy::Action::kRelease,
         .reasons = {}});
  }
  decision.fee.max_cents = terms.fee_max_cents;
  if (std::optional<policy::Code> basis = policy::CodeFromName(terms.fee_basis)) {
    decision.fee.basis = *basis;
  }
  for (const std::string& notice : terms.notices) {
    if (std::optional<policy::Code> code = policy::CodeFromName(notice)) {
      decision.notices.push_back(*code);
    }
  }
  return decision;
}

std::string DocumentTitle(const Document& document) {
  std::string title = document.kind;
  std::replace(title.begin(), title.end(), '_', ' ');
  if (!title.empty() && title[0] >= 'a' && title[0] <= 'z')
    title[0] = static_cast<char>(title[0] - 32);
  if (document.service_date) title += " of " + document.service_date->ToString();
  return title + " (document " + std::to_string(document.id.value) + ")";
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

// The authorization (or consent) the request holds, as a page, for a decision that asks for a
// copy of it to go with the records.
Printable AuthorizationPrintable(const AuthorizationElements& authorization,
                                 std::string_view organization, Date today) {
  Printable page;
  page.letterhead = std::string(organization);
  page.date = today.ToString();
  page.created = page.date;
  page.title = "Copy of the authorization on file";
  auto item = [&](std::string text) {
    page.blocks.push_back({PrintBlock::Style::kItem, std::move(text)});
  };
  page.blocks.push_back({PrintBlock::Style::kParagraph,
                         "The authorization (consent) under which these records are disclosed, "
                         "as recorded with the request:"});
  item("Signed: " + YesNo(authorization.is_signed) +
       (authorization.signed_on ? " on " + authorization.signed_on->ToString() : ""));
  item("Signed by: " + authorization.signer);
  if (authorization.expires_on) item("Expires on: " + authorization.expires_on->ToString());
  if (!authorization.expiration_event.empty()) {
    item("Expires at: " + authorization.expiration_event);
  }
  std::string covers;
  for (const std::string& what : authorization.covers) {
    covers += (covers.empty() ? "" : ", ") + what;
  }
  item("Covers: " + (covers.empty() ? std::string("(not stated)") : covers));
  item("Names the recipient: " + YesNo(authorization.names_recipient));
  item("States the purpose: " + YesNo(authorization.states_purpose));
  item("Redisclosure statement: " + YesNo(authorization.redisclosure_statement));
  if (authorization.revoked_on) item("Revoked on: " + authorization.revoked_on->ToString());
  return page;
}

// The page count of one PDF, through the assembler (which reads every page).
Result<std::int64_t> CountPages(const PdfAssembler& assembler, const std::string& pdf) {
  Result<AssembledPdf> counted = assembler.Assemble({pdf}, PageStamp{.request_number = "count"});
  if (!counted) return counted.error();
  return counted->page_count;
}

}  // namespace

std::string IsoTimeOfMicros(std::int64_t micros) {
  std::int64_t seconds = micros / 1'000'000;
  if (micros < 0 && micros % 1'000'000 != 0) --seconds;
  std::int64_t days = seconds / 86'400;
  std::int64_t rest = seconds % 86'400;
  if (rest < 0) {
    rest += 86'400;
    --days;
  }
  char time[16];
  std::snprintf(time, sizeof time, "T%02d:%02d:%02dZ", static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(days)).ToString() + time;
}

Result<PacketRecord> PacketService::Build(const Principal& caller, RequestId id) {
  if (Status allowed = Require(caller, Permission::kReleaseRecords); !allowed) {
    return allowed.error();
  }
  if (signer_ == nullptr && keyring_ == nullptr) {
    return FailedPreconditionError(
        "no packet signing key is configured: set packet.signing_key_file or "
        "OPENROI_PACKET_SIGNING_KEY (openroi packet keygen --out FILE makes one)");
  }
  std::optional<Organization> organization;
  Status found_org = store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) {
    Result<Organization> found = tx.Organizations().Find(caller.organization);
    if (!found) return Status(found.error());
    organization = std::move(*found);
    return OkStatus();
  });
  if (!found_org) return found_org.error();

  std::optional<PacketRecord> out;
  Status status = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<ReleaseRequest> request = tx.Requests().Find(id);
    if (!request) return Status(request.error());
    if (request->state != RequestState::kReadyToRelease &&
        request->state != RequestState::kReleased) {
      return Status(FailedPreconditionError(
          "request " + request->number + " is " + std::string(RequestStateName(request->state)) +
          ": a packet is built only when it is ready_to_release or released"));
    }
    Result<std::vector<Redaction>> redactions = tx.Redactions().ListForRequest(id);
    if (!redactions) return Status(redactions.error());
    Result<Patient> patient = tx.Patients().Find(request->patient_id);
    if (!patient) return Status(patient.error());
    Result<Requester> requester = tx.Requesters().Find(request->requester_id);
    if (!requester) return Status(requester.error());
    Result<std::vector<Letter>> letters = tx.Requests().Letters(id);
    if (!letters) return Status(letters.error());
    Result<std::vector<Document>> documents = tx.Documents().ListForPatient(request->patient_id);
    if (!documents) return Status(documents.error());
    Result<DecisionTerms> terms = ReadDecisionTerms(request->decision_json);
    if (!terms) return Status(terms.error());
    const Date today = clock_.Today();

    std::optional<Letter> cover;
    for (const Letter& letter : *letters) {
      if (letter.kind == kReleaseCoverLetter) cover = letter;
    }
    if (!cover) {
      const LetterContext context{.organization = *organization,
                                  .request = *request,
                                  .patient = *patient,
                                  .requester = *requester,
                                  .today = today};
      cover = ReleaseCoverLetter(context, DecisionOf(*terms), *documents);
    }

    auto find_document = [&](DocumentId document) -> const Document* {
      for (const Document& candidate : *documents) {
        if (candidate.id == document) return &candidate;
      }
      return nullptr;
    };
    // The request's redactions as the packet lists them, under the documents' titles.
    std::map<DocumentId, std::string> titles;
    for (const Document& document : *documents) titles[document.id] = DocumentTitle(document);
    const std::vector<RedactionRecord> records = RedactionRecords(*redactions, titles);
    auto redacted = [&](DocumentId document) {
      return std::any_of(records.begin(), records.end(),
                         [&](const RedactionRecord& r) { return r.document_id == document; });
    };
    std::set<DocumentId> released;  // The documents in the packet.
    // Each part of the packet after the cover letter and notices, as a PDF.
    std::vector<PacketDocument> parts;
    PacketManifest manifest;
    auto add_document = [&](const Document& document) -> Status {
      std::string media_type = "text/plain";
      std::string bytes = document.content;
      std::int64_t pages = 0;
      Result<DocumentFile> file = tx.DocumentFiles().ForDocument(document.id);
      if (file) {
        Result<std::string> content = vault_.Get(tx, file->content_id);
        if (!content) return Status(content.error());
        bytes = std::move(*content);
        media_type = file->media_type;
        pages = file->pages;
      } else if (file.error().code != ErrorCode::kNotFound) {
        return Status(file.error());
      }
      const std::string title = DocumentTitle(document);
      const Date date = document.service_date.value_or(today);
      std::string pdf;
      Result<DocumentFormat> format = ParseDocumentMediaType(media_type);
      if (!format) return Status(format.error());
      const bool image = *format == DocumentFormat::kPng || *format == DocumentFormat::kJpeg;
      if (redacted(document.id)) {
        // Burned in before anything is rendered or merged: text spans leave the text, withheld
        // pages leave the PDF.  Text, C-CDA and FHIR JSON are redacted as the text they render as.
        std::string as = *format == DocumentFormat::kPdf ? "application/pdf"
                         : image                         ? media_type
                                                         : "text/plain";
        Result<PacketDocument> burned =
            BurnIn(document.id,
                   PacketDocument{
                       .title = title, .media_type = as, .content = std::move(bytes), .date = date},
                   records, renderer_, pages_);
        if (!burned) return Status(burned.error());
        bytes = std::move(burned->content);
      }
      if (*format == DocumentFormat::kPdf) {
        pdf = bytes;
      } else {
        Printable printable;
        if (image) {
          printable.title = title;
          printable.created = date.ToString();
          printable.blocks.push_back({PrintBlock::Style::kImage, bytes});
        } else {
          printable = TextPrintable(title, bytes, date);
        }
        Result<std::string> rendered = renderer_.RenderPdf(printable);
        if (!rendered) return Status(rendered.error());
        pdf = std::move(*rendered);
        pages = 0;
      }
      if (pages <= 0) {
        Result<std::int64_t> counted = CountPages(assembler_, pdf);
        if (!counted) {
          return Status(InvalidArgumentError("document " + std::to_string(document.id.value) +
                                             " cannot be laid out: " + counted.error().message));
        }
        pages = *counted;
      }
      manifest.documents.push_back({.id = document.id.value,
                                    .title = title,
                                    .media_type = media_type,
                                    .sha256 = hasher_.Sha256Hex(bytes),
                                    .pages = pages});
      parts.push_back(PacketDocument{.title = title,
                                     .media_type = "application/pdf",
                                     .content = std::move(pdf),
                                     .date = date});
      released.insert(document.id);
      return OkStatus();
    };

    // A copy of the authorization, where the decision asks for one: the patient's latest document
    // of kind "authorization" (outside the case: never released as a record otherwise) if one is
    // stored, else the elements recorded with the request.
    if (terms->HasNotice("COPY_OF_CONSENT")) {
      const Document* copy = nullptr;
      for (const Document& document : *documents) {
        if (IsOutsideCaseKind(document.kind)) copy = &document;
      }
      if (copy != nullptr) {
        if (Status added = add_document(*copy); !added) return added;
      } else if (request->facts.authorization) {
        Result<std::string> pdf = renderer_.RenderPdf(
            AuthorizationPrintable(*request->facts.authorization, organization->name, today));
        if (!pdf) return Status(pdf.error());
        parts.push_back(PacketDocument{.title = "Copy of the authorization on file",
                                       .media_type = "application/pdf",
                                       .content = std::move(*pdf),
                                       .date = today});
      }
    }
    for (const DocumentTerms& decided : terms->documents) {
      if (decided.withheld) continue;
      const Document* document = find_document(decided.id);
      if (document == nullptr) {
        return Status(InternalError("the stored decision releases document " +
                                    std::to_string(decided.id.value) + ", which is gone"));
      }
      if (Status added = add_document(*document); !added) return added;
    }

    // Only the redactions of documents in the packet are listed (a withheld document is not in
    // it at all).
    std::vector<RedactionRecord> listed;
    for (const RedactionRecord& record : records) {
      if (released.count(record.document_id) > 0) listed.push_back(record);
    }
    for (const Redaction& redaction : *redactions) {
      if (released.count(redaction.document_id) == 0) continue;
      Result<User> marker = tx.Users().Find(redaction.marked_by);
      if (!marker) return Status(marker.error());
      manifest.redactions.push_back(
          {.document_id = redaction.document_id.value,
           .page = redaction.has_span ? 0 : redaction.page,
           .reason = std::string(RedactionReasonName(redaction.reason)),
           .span_begin = redaction.has_span ? redaction.span.begin : 0,
           .span_end = redaction.has_span ? redaction.span.end : 0,
           .reason_text = RedactionReasonText(redaction.reason, redaction.reason_text),
           .marked_by = redaction.marked_by.value,
           .marked_by_name = marker->display_name,
           .marked_at = IsoTimeOfMicros(redaction.marked_micros)});
    }

    PacketBuilder builder(renderer_, assembler_);
    Result<AssembledPdf> assembled =
        builder.Build(PacketInput{.cover_letter = *cover,
                                  .documents = std::move(parts),
                                  .stamp = {.request_number = request->number},
                                  .redactions = std::move(listed)});
    if (!assembled) return Status(assembled.error());
    const std::string digest = hasher_.Sha256Hex(assembled->bytes);
    AuditNote note{.action = AuditAction::kPrint,
                   .patient = request->patient_id,
                   .entity_kind = "request",
                   .entity_id = std::to_string(id.value),
                   .detail = "build release packet"};
    if (Result<PacketRecord> same = tx.Packets().FindByDigest(digest); same) {
      if (same->request_id != id) {
        return Status(InternalError("another request's packet has the same bytes"));
      }
      out = std::move(*same);
      note.detail =
          "build release packet (unchanged, packet " + std::to_string(out->sequence) + ")";
      return audit_.RecordNote(tx, ActorOf(caller), note);
    } else if (same.error().code != ErrorCode::kNotFound) {
      return Status(same.error());
    }

    const std::int64_t now = clock_.NowMicros();
    manifest.request_number = request->number;
    manifest.organization = organization->name;
    manifest.recipient = requester->name;
    if (!requester->organization.empty() && requester->organization != requester->name) {
      manifest.recipient += ", " + requester->organization;
    }
    manifest.issued_at = IsoTimeOfMicros(now);
    manifest.rule_ids = terms->rules;
    manifest.packet_sha256 = digest;
    manifest.packet_pages = assembled->page_count;
    // The organization's own key when it has one; else the deployment key when one is
    // configured; else the organization's own, made now (docs/security.md, "Packet signing keys").
    Result<PacketSignerChoice> chosen = ChoosePacketSigner(tx, signer_, keyring_);
    if (!chosen) return Status(chosen.error());
    const AuditSigner* signer = &chosen->Signer();
    if (chosen->own) {
      manifest.signer = {.scope = "organization",
                         .key_version = chosen->own->key.version,
                         .public_key = chosen->own->key.public_key};
    } else {
      manifest.signer = {
          .scope = "deployment", .key_version = 0, .public_key = signer->PublicKeyHex()};
    }
    SignedManifest signed_manifest = SignManifest(manifest, *signer);

    Result<ContentRecord> content = vault_.Put(tx, assembled->bytes, "application/pdf");
    if (!content) return Status(content.error());
    Result<PacketRecord> stored =
        tx.Packets().Insert(PacketRecord{.request_id = id,
                                         .sequence = 0,
                                         .content_id = content->id,
                                         .pages = assembled->page_count,
                                         .digest = digest,
                                         .manifest = EncodeSignedManifest(signed_manifest),
                                         .signature = signed_manifest.signature,
                                         .signing_key_id = signed_manifest.key_id,
                                         .created_by = caller.user.id,
                                         .created_micros = now});
    if (!stored) return Status(stored.error());
    out = std::move(*stored);
    note.detail = "build release packet " + std::to_string(out->sequence);
    return audit_.RecordNote(tx, ActorOf(caller), note);
  });
  if (!status) return status.error();
  return std::move(*out);
}

Result<std::vector<PacketRecord>> PacketService::List(const Principal& caller, RequestId id) {
  if (Status allowed = Require(caller, Permission::kReleaseRecords); !allowed) {
    return allowed.error();
  }
  std::vector<PacketRecord> out;
  Status status = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<ReleaseRequest> request = tx.Requests().Find(id);
    if (!request) return Status(request.error());
    Result<std::vector<PacketRecord>> packets = tx.Packets().List(id);
    if (!packets) return Status(packets.error());
    out = std::move(*packets);
    return audit_.RecordNote(tx, ActorOf(caller),
                             AuditNote{.action = AuditAction::kRead,
                                       .patient = request->patient_id,
                                       .entity_kind = "request",
                                       .entity_id = std::to_string(id.value),
                                       .detail = "list release packets"});
  });
  if (!status) return status.error();
  return out;
}

Result<PacketDownload> PacketService::Download(const Principal& caller, RequestId id, int sequence,
                                               bool manifest) {
  if (Status allowed = Require(caller, Permission::kReleaseRecords); !allowed) {
    return allowed.error();
  }
  PacketDownload out;
  Status status = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<ReleaseRequest> request = tx.Requests().Find(id);
    if (!request) return Status(request.error());
    Result<PacketRecord> packet = tx.Packets().Find(id, sequence);
    if (!packet) return Status(packet.error());
    out.packet = *packet;
    out.request_number = request->number;
    if (manifest) {
      out.bytes = packet->manifest;
    } else {
      Result<std::string> bytes = vault_.Get(tx, packet->content_id);
      if (!bytes) return Status(bytes.error());
      out.bytes = std::move(*bytes);
    }
    return audit_.RecordNote(tx, ActorOf(caller),
                             AuditNote{.action = AuditAction::kDownload,
                                       .patient = request->patient_id,
                                       .entity_kind = "request",
                                       .entity_id = std::to_string(id.value),
                                       .detail = std::string(manifest ? "download packet manifest "
                                                                      : "download packet ") +
                                                 std::to_string(sequence)});
  });
  if (!status) return status.error();
  return out;
}

Result<PacketDownload> PacketService::DownloadPdf(const Principal& caller, RequestId request,
                                                  int sequence) {
  return Download(caller, request, sequence, false);
}

Result<PacketDownload> PacketService::DownloadManifest(const Principal& caller, RequestId request,
                                                       int sequence) {
  return Download(caller, request, sequence, true);
}

Result<std::optional<PacketIssue>> PacketService::Lookup(std::string_view sha256) {
  const std::string digest = Lower(sha256);
  if (!IsSha256Hex(digest)) {
    return InvalidArgumentError("a SHA-256 digest is 64 hex digits");
  }
  std::vector<Organization> organizations;
  Status listed = store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) {
    Result<std::vector<Organization>> all = tx.Organizations().List();
    if (!all) return Status(all.error());
    organizations = std::move(*all);
    return OkStatus();
  });
  if (!listed) return listed.error();
  for (const Organization& organization : organizations) {
    std::optional<PacketIssue> issue;
    Status status = store_.InTransaction(organization.id, TxMode::kRead, [&](Transaction& tx) {
      Result<PacketRecord> packet = tx.Packets().FindByDigest(digest);
      if (!packet) {
        return packet.error().code == ErrorCode::kNotFound ? OkStatus() : Status(packet.error());
      }
      Result<ReleaseRequest> request = tx.Requests().Find(packet->request_id);
      if (!request) return Status(request.error());
      std::int64_t days = packet->created_micros / 86'400'000'000;
      issue = PacketIssue{.request_number = request->number,
                          .organization_name = organization.name,
                          .issued_on = Date::FromDaysSinceEpoch(static_cast<std::int32_t>(days)),
                          .key_id = packet->signing_key_id,
                          .key_version = 0};
      Result<PacketSigningKey> key = tx.PacketKeys().FindByPublicKey(packet->signing_key_id);
      if (key) {
        issue->key_version = key->version;
      } else if (key.error().code != ErrorCode::kNotFound) {
        return Status(key.error());
      }
      return OkStatus();
    });
    if (!status) return status.error();
    if (issue) return issue;
  }
  return std::optional<PacketIssue>();
}

Result<std::optional<PacketIssue>> PacketService::LookupPdf(std::string_view pdf) {
  return Lookup(hasher_.Sha256Hex(pdf));
}

}  // namespace roi
