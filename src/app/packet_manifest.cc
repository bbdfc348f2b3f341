#include "app/packet_manifest.h"

#include <algorithm>
#include <cstdio>

#include "base/error.h"
#include "policy/parse_text.h"

namespace roi {
namespace {

using policy::Value;

void AppendString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void AppendKey(std::string& out, std::string_view key) {
  AppendString(out, key);
  out.push_back(':');
}

const Value* Member(const Value& object, std::string_view key) {
  for (const auto& [name, value] : object.members) {
    if (name == key) return &value;
  }
  return nullptr;
}

Error Bad(std::string_view field) {
  return InvalidArgumentError("malformed manifest: bad or missing field " + std::string(field));
}

// Checks that `object` is an object with exactly `keys`.
Status Shape(const Value& object, std::string_view where,
             std::initializer_list<std::string_view> keys) {
  if (object.kind != Value::Kind::kObject) return Bad(where);
  for (const auto& [name, value] : object.members) {
    if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
      return InvalidArgumentError("malformed manifest: unknown field " + std::string(where) + "/" +
                                  name);
    }
  }
  return OkStatus();
}

Result<std::string> Text(const Value& object, std::string_view key, std::string_view where) {
  const Value* value = Member(object, key);
  if (value == nullptr || value->kind != Value::Kind::kString) {
    return Bad(std::string(where) + "/" + std::string(key));
  }
  return value->text;
}

Result<std::int64_t> Integer(const Value& object, std::string_view key, std::string_view where) {
  const Value* value = Member(object, key);
  if (value == nullptr || value->kind != Value::Kind::kInt || value->integer < 0) {
    return Bad(std::string(where) + "/" + std::string(key));
  }
  return value->integer;
}

const Value* Array(const Value& object, std::string_view key) {
  const Value* value = Member(object, key);
  return value != nullptr && value->kind == Value::Kind::kArray ? value : nullptr;
}

Result<PacketManifest> ReadManifest(const Value& root) {
  const Value* format_value = Member(root, "format");
  if (root.kind != Value::Kind::kObject || format_value == nullptr ||
      format_value->kind != Value::Kind::kString ||
      (format_value->text != kPacketManifestFormat &&
       format_value->text != kPacketManifestFormatV1)) {
    return Bad("manifest/format");
  }
  PacketManifest manifest;
  manifest.version = format_value->text == kPacketManifestFormatV1 ? 1 : 2;
  if (Status shape =
          manifest.version == 1
              ? Shape(root, "manifest",
                      {"format", "request_number", "organization", "recipient", "issued_at",
                       "documents", "redactions", "rule_ids", "packet"})
              : Shape(root, "manifest",
                      {"format", "request_number", "organization", "recipient", "issued_at",
                       "signer", "documents", "redactions", "rule_ids", "packet"});
      !shape) {
    return shape.error();
  }
  if (manifest.version >= 2) {
    const Value* signer = Member(root, "signer");
    if (signer == nullptr) return Bad("manifest/signer");
    if (Status shape = Shape(*signer, "manifest/signer", {"scope", "key_version", "public_key"});
        !shape) {
      return shape.error();
    }
    Result<std::string> scope = Text(*signer, "scope", "manifest/signer");
    if (!scope || (*scope != "organization" && *scope != "deployment")) {
      return Bad("manifest/signer/scope");
    }
    Result<std::int64_t> key_version = Integer(*signer, "key_version", "manifest/signer");
    if (!key_version) return key_version.error();
    Result<std::string> public_key = Text(*signer, "public_key", "manifest/signer");
    if (!public_key || !IsSha256Hex(*public_key)) return Bad("manifest/signer/public_key");
    manifest.signer = ManifestSigner{
        .scope = *scope, .key_version = *key_version, .public_key = std::move(*public_key)};
  }
  for (auto [key, field] :
       {std::pair{"request_number", &manifest.request_number},
        std::pair{"organization", &manifest.organization},
        std::pair{"recipient", &manifest.recipient}, std::pair{"issued_at", &manifest.issued_at}}) {
    Result<std::string> text = Text(root, key, "manifest");
    if (!text) return text.error();
    *field = std::move(*text);
  }
  const Value* documents = Array(root, "documents");
  if (documents == nullptr) return Bad("manifest/documents");
  for (const Value& item : documents->items) {
    if (Status shape =
            Shape(item, "manifest/documents", {"id", "title", "media_type", "sha256", "pages"});
        !shape) {
      return shape.error();
    }
    ManifestDocument document;
    Result<std::int64_t> id = Integer(item, "id", "manifest/documents");
    Result<std::string> title = Text(item, "title", "manifest/documents");
    Result<std::string> media_type = Text(item, "media_type", "manifest/documents");
    Result<std::string> sha256 = Text(item, "sha256", "manifest/documents");
    Result<std::int64_t> pages = Integer(item, "pages", "manifest/documents");
    if (!id) return id.error();
    if (!title) return title.error();
    if (!media_type) return media_type.error();
    if (!sha256 || !IsSha256Hex(*sha256)) return Bad("manifest/documents/sha256");
    if (!pages) return pages.error();
    manifest.documents.push_back({.id = *id,
                                  .title = std::move(*title),
                                  .media_type = std::move(*media_type),
                                  .sha256 = std::move(*sha256),
                                  .pages = *pages});
  }
  const Value* redactions = Array(root, "redactions");
  if (redactions == nullptr) return Bad("manifest/redactions");
  for (const Value& item : redactions->items) {
    if (Status shape = manifest.version == 1
                           ? Shape(item, "manifest/redactions", {"document_id", "page", "reason"})
                           : Shape(item, "manifest/redactions",
                                   {"document_id", "page", "span_begin", "span_end", "reason",
                                    "reason_text", "marked_by", "marked_by_name", "marked_at"});
        !shape) {
      return shape.error();
    }
    Result<std::int64_t> document = Integer(item, "document_id", "manifest/redactions");
    Result<std::int64_t> page = Integer(item, "page", "manifest/redactions");
    Result<std::string> reason = Text(item, "reason", "manifest/redactions");
    if (!document) return document.error();
    if (!page) return page.error();
    if (!reason) return reason.error();
    ManifestRedaction redaction{
        .document_id = *document, .page = *page, .reason = std::move(*reason)};
    if (manifest.version >= 2) {
      Result<std::int64_t> begin = Integer(item, "span_begin", "manifest/redactions");
      Result<std::int64_t> end = Integer(item, "span_end", "manifest/redactions");
      Result<std::string> reason_text = Text(item, "reason_text", "manifest/redactions");
      Result<std::int64_t> marked_by = Integer(item, "marked_by", "manifest/redactions");
      Result<std::string> marked_by_name = Text(item, "marked_by_name", "manifest/redactions");
      Result<std::string> marked_at = Text(item, "marked_at", "manifest/redactions");
      if (!begin) return begin.error();
      if (!end) return end.error();
      if (!reason_text) return reason_text.error();
      if (!marked_by) return marked_by.error();
      if (!marked_by_name) return marked_by_name.error();
      if (!marked_at) return marked_at.error();
      redaction.span_begin = *begin;
      redaction.span_end = *end;
      redaction.reason_text = std::move(*reason_text);
      redaction.marked_by = *marked_by;
      redaction.marked_by_name = std::move(*marked_by_name);
      redaction.marked_at = std::move(*marked_at);
    }
    manifest.redactions.push_back(std::move(redaction));
  }
  const Value* rules = Array(root, "rule_ids");
  if (rules == nullptr) return Bad("manifest/rule_ids");
  for (const Value& item : rules->items) {
    if (item.kind != Value::Kind::kString) return Bad("manifest/rule_ids");
    manifest.rule_ids.push_back(item.text);
  }
  const Value* packet = Member(root, "packet");
  if (packet == nullptr) return Bad("manifest/packet");
  if (Status shape = Shape(*packet, "manifest/packet", {"sha256", "pages"}); !shape) {
    return shape.error();
  }
  Result<std::string> sha256 = Text(*packet, "sha256", "manifest/packet");
  if (!sha256 || !IsSha256Hex(*sha256)) return Bad("manifest/packet/sha256");
  Result<std::int64_t> pages = Integer(*packet, "pages", "manifest/packet");
  if (!pages) return pages.error();
  manifest.packet_sha256 = std::move(*sha256);
  manifest.packet_pages = *pages;
  return manifest;
}

bool IsHex(std::string_view text, std::size_t size) {
  return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

bool IsSha256Hex(std::string_view text) { return IsHex(text, 64); }

std::string ManifestSignedBytes(const PacketManifest& manifest) {
  std::string out = "{";
  AppendKey(out, "format");
  AppendString(out, manifest.version == 1 ? kPacketManifestFormatV1 : kPacketManifestFormat);
  out += ",";
  AppendKey(out, "request_number");
  AppendString(out, manifest.request_number);
  out += ",";
  AppendKey(out, "organization");
  AppendString(out, manifest.organization);
  out += ",";
  AppendKey(out, "recipient");
  AppendString(out, manifest.recipient);
  out += ",";
  AppendKey(out, "issued_at");
  AppendString(out, manifest.issued_at);
  out += ",";
  if (manifest.version >= 2) {
    AppendKey(out, "signer");
    out += "{";
    AppendKey(out, "scope");
    AppendString(out, manifest.signer.scope);
    out += ",";
    AppendKey(out, "key_version");
    out += std::to_string(manifest.signer.key_version) + ",";
    AppendKey(out, "public_key");
    AppendString(out, manifest.signer.public_key);
    out += "},";
  }
  AppendKey(out, "documents");
  out += "[";
  for (std::size_t i = 0; i < manifest.documents.size(); ++i) {
    const ManifestDocument& document = manifest.documents[i];
    if (i > 0) out += ",";
    out += "{";
    AppendKey(out, "id");
    out += std::to_string(document.id) + ",";
    AppendKey(out, "title");
    AppendString(out, document.title);
    out += ",";
    AppendKey(out, "media_type");
    AppendString(out, document.media_type);
    out += ",";
    AppendKey(out, "sha256");
    AppendString(out, document.sha256);
    out += ",";
    AppendKey(out, "pages");
    out += std::to_string(document.pages) + "}";
  }
  out += "],";
  AppendKey(out, "redactions");
  out += "[";
  for (std::size_t i = 0; i < manifest.redactions.size(); ++i) {
    const ManifestRedaction& redaction = manifest.redactions[i];
    if (i > 0) out += ",";
    out += "{";
    AppendKey(out, "document_id");
    out += std::to_string(redaction.document_id) + ",";
    AppendKey(out, "page");
    out += std::to_string(redaction.page) + ",";
    if (manifest.version >= 2) {
      AppendKey(out, "span_begin");
      out += std::to_string(redaction.span_begin) + ",";
      AppendKey(out, "span_end");
      out += std::to_string(redaction.span_end) + ",";
    }
    AppendKey(out, "reason");
    AppendString(out, redaction.reason);
    if (manifest.version >= 2) {
      out += ",";
      AppendKey(out, "reason_text");
      AppendString(out, redaction.reason_text);
      out += ",";
      AppendKey(out, "marked_by");
      out += std::to_string(redaction.marked_by) + ",";
      AppendKey(out, "marked_by_name");
      AppendString(out, redaction.marked_by_name);
      out += ",";
      AppendKey(out, "marked_at");
      AppendString(out, redaction.marked_at);
    }
    out += "}";
  }
  out += "],";
  AppendKey(out, "rule_ids");
  out += "[";
  for (std::size_t i = 0; i < manifest.rule_ids.size(); ++i) {
    if (i > 0) out += ",";
    AppendString(out, manifest.rule_ids[i]);
  }
  out += "],";
  AppendKey(out, "packet");
  out += "{";
  AppendKey(out, "sha256");
  AppendString(out, manifest.packet_sha256);
  out += ",";
  AppendKey(out, "pages");
  out += std::to_string(manifest.packet_pages) + "}}";
  return out;
}

std::string EncodeSignedManifest(const SignedManifest& signed_manifest) {
  std::string out = "{";
  AppendKey(out, "manifest");
  out += ManifestSignedBytes(signed_manifest.manifest);
  out += ",";
  AppendKey(out, "signature");
  out += "{";
  AppendKey(out, "algorithm");
  AppendString(out, "ed25519");
  out += ",";
  AppendKey(out, "key_id");
  AppendString(out, signed_manifest.key_id);
  out += ",";
  AppendKey(out, "value");
  AppendString(out, signed_manifest.signature);
  out += "}}\n";
  return out;
}

Result<SignedManifest> DecodeSignedManifest(std::string_view json) {
  Result<Value> parsed = policy::ParseJson(json);
  if (!parsed) return InvalidArgumentError("malformed manifest: " + parsed.error().message);
  if (Status shape = Shape(*parsed, "", {"manifest", "signature"}); !shape) return shape.error();
  const Value* body = Member(*parsed, "manifest");
  if (body == nullptr) return Bad("manifest");
  Result<PacketManifest> manifest = ReadManifest(*body);
  if (!manifest) return manifest.error();
  const Value* signature = Member(*parsed, "signature");
  if (signature == nullptr) return Bad("signature");
  if (Status shape = Shape(*signature, "signature", {"algorithm", "key_id", "value"}); !shape) {
    return shape.error();
  }
  Result<std::string> algorithm = Text(*signature, "algorithm", "signature");
  if (!algorithm || *algorithm != "ed25519") return Bad("signature/algorithm");
  Result<std::string> key_id = Text(*signature, "key_id", "signature");
  if (!key_id || !IsHex(*key_id, 64)) return Bad("signature/key_id");
  Result<std::string> value = Text(*signature, "value", "signature");
  if (!value || !IsHex(*value, 128)) return Bad("signature/value");
  return SignedManifest{
      .manifest = std::move(*manifest), .key_id = std::move(*key_id), .signature = *value};
}

SignedManifest SignManifest(const PacketManifest& manifest, const AuditSigner& signer) {
  return SignedManifest{.manifest = manifest,
                        .key_id = signer.PublicKeyHex(),
                        .signature = signer.SignHex(ManifestSignedBytes(manifest))};
}

std::string_view PacketProblemName(PacketProblem problem) {
  switch (problem) {
    case PacketProblem::kMalformedManifest:
      return "malformed_manifest";
    case PacketProblem::kUnknownKey:
      return "unknown_key";
    case PacketProblem::kBadSignature:
      return "bad_signature";
    case PacketProblem::kAlteredPdf:
      return "altered_pdf";
  }
  return "unknown";
}

PacketVerification VerifyPacket(std::string_view manifest_json, std::string_view pdf,
                                const PacketHasher& hasher, const AuditSignatureChecker& checker,
                                const std::vector<std::string>& trusted_keys) {
  PacketVerification out;
  Result<SignedManifest> decoded = DecodeSignedManifest(manifest_json);
  if (!decoded) {
    out.problem = PacketProblem::kMalformedManifest;
    out.message = decoded.error().message;
    return out;
  }
  out.manifest = std::move(*decoded);
  const PacketManifest& manifest = out.manifest.manifest;
  if (std::find(trusted_keys.begin(), trusted_keys.end(), out.manifest.key_id) ==
      trusted_keys.end()) {
    out.problem = PacketProblem::kUnknownKey;
    out.message = trusted_keys.empty()
                      ? "unknown key: no trusted public key was given (key " +
                            out.manifest.key_id.substr(0, 16) + "...)"
                      : "unknown key: the manifest is signed by key " +
                            out.manifest.key_id.substr(0, 16) + "..., which is not trusted";
    return out;
  }
  if (!checker.Check(out.manifest.key_id, ManifestSignedBytes(manifest), out.manifest.signature)) {
    out.problem = PacketProblem::kBadSignature;
    out.message = "bad signature: the manifest was altered or not signed by its key";
    return out;
  }
  if (manifest.version >= 2 && manifest.signer.public_key != out.manifest.key_id) {
    out.problem = PacketProblem::kBadSignature;
    out.message = "bad signature: the manifest names signer key " +
                  manifest.signer.public_key.substr(0, 16) + "... but is signed by key " +
                  out.manifest.key_id.substr(0, 16) + "...";
    return out;
  }
  std::string digest = hasher.Sha256Hex(pdf);
  if (digest != manifest.packet_sha256) {
    out.problem = PacketProblem::kAlteredPdf;
    out.message =
        "altered PDF: its SHA-256 is " + digest + ", the manifest signs " + manifest.packet_sha256;
    return out;
  }
  out.message = "authentic: packet for request " + manifest.request_number + " from " +
                manifest.organization + ", issued " + manifest.issued_at + ", " +
                std::to_string(manifest.packet_pages) + " pages, " +
                std::to_string(manifest.documents.size()) + " documents, " +
                std::to_string(manifest.redactions.size()) + " redactions";
  if (manifest.version >= 2) {
    out.message += manifest.signer.scope == "organization"
                       ? ", signed with " + manifest.organization + "'s key version " +
                             std::to_string(manifest.signer.key_version)
                       : ", signed with the deployment key";
  }
  return out;
}

}  // namespace roi
