#include "domain/audit.h"

#include <utility>

namespace roi {
namespace {

constexpr std::array<std::pair<AuditAction, std::string_view>, 14> kActionNames = {{
    {AuditAction::kLogin, "login"},
    {AuditAction::kLoginFailed, "login_failed"},
    {AuditAction::kAccountLocked, "account_locked"},
    {AuditAction::kLogout, "logout"},
    {AuditAction::kRead, "read"},
    {AuditAction::kCreate, "create"},
    {AuditAction::kUpdate, "update"},
    {AuditAction::kDelete, "delete"},
    {AuditAction::kDownload, "download"},
    {AuditAction::kPrint, "print"},
    {AuditAction::kRelease, "release"},
    {AuditAction::kPermissionChange, "permission_change"},
    {AuditAction::kBreakGlass, "break_glass"},
    {AuditAction::kExport, "export"},
}};

constexpr std::array<std::pair<AuditOutcome, std::string_view>, 3> kOutcomeNames = {{
    {AuditOutcome::kSuccess, "success"},
    {AuditOutcome::kDenied, "denied"},
    {AuditOutcome::kFailed, "failed"},
}};

void PutInt(std::string& out, std::int64_t value) {
  auto bits = static_cast<std::uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((bits >> shift) & 0xFF));
  }
}

void PutText(std::string& out, std::string_view text) {
  auto size = static_cast<std::uint32_t>(text.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((size >> shift) & 0xFF));
  }
  out.append(text);
}

bool IsHexHash(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status CheckText(std::string_view text, std::size_t limit, const char* field) {
  if (text.size() > limit) {
    return InvalidArgumentError(std::string("audit event ") + field + " is over " +
                                std::to_string(limit) + " bytes");
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return InvalidArgumentError(std::string("audit event ") + field +
                                  " contains a control character");
    }
  }
  return OkStatus();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view AuditActionName(AuditAction action) {
  for (const auto& [value, name] : kActionNames) {
    if (value == action) return name;
  }
  return "unknown";
}

Result<AuditAction> ParseAuditAction(std::string_view name) {
  for (const auto& [value, known] : kActionNames) {
    if (known == name) return value;
  }
  return InvalidArgumentError("unknown audit action");
}

std::string_view AuditOutcomeName(AuditOutcome outcome) {
  for (const auto& [value, name] : kOutcomeNames) {
    if (value == outcome) return name;
  }
  return "unknown";
}

Result<AuditOutcome> ParseAuditOutcome(std::string_view name) {
  for (const auto& [value, known] : kOutcomeNames) {
    if (known == name) return value;
  }
  return InvalidArgumentError("unknown audit outcome (success, denied or failed)");
}

Status ValidateAuditEvent(const AuditEvent& event) {
  if (event.sequence < 1) return InvalidArgumentError("audit event sequence must be at least 1");
  if (event.occurred_micros < 0) return InvalidArgumentError("audit event time is negative");
  if (Status ok = CheckText(event.actor_label, kMaxAuditLabelBytes, "actor label"); !ok) return ok;
  if (Status ok = CheckText(event.entity_kind, kMaxAuditEntityKindBytes, "entity kind"); !ok) {
    return ok;
  }
  if (Status ok = CheckText(event.entity_id, kMaxAuditEntityIdBytes, "entity id"); !ok) return ok;
  if (Status ok = CheckText(event.remote_address, kMaxAuditRemoteBytes, "remote address"); !ok) {
    return ok;
  }
  if (Status ok = CheckText(event.detail, kMaxAuditDetailBytes, "detail"); !ok) return ok;
  if (!IsHexHash(event.prev_hash)) {
    return InvalidArgumentError("audit event prev_hash is not 64 lower-case hex digits");
  }
  if (!IsHexHash(event.hash)) {
    return InvalidArgumentError("audit event hash is not 64 lower-case hex digits");
  }
  return OkStatus();
}

std::string CanonicalAuditBytes(const AuditEvent& event) {
  std::string out;
  out.reserve(160 + event.actor_label.size() + event.entity_kind.size() + event.entity_id.size() +
              event.remote_address.size() + event.detail.size());
  AppendCanonicalAuditBytes(event, out);
  return out;
}

void AppendCanonicalAuditBytes(const AuditEvent& event, std::string& out) {
  out.append("openroi-audit-event");
  out.push_back('\x01');
  PutInt(out, event.organization_id.value);
  PutInt(out, event.sequence);
  PutInt(out, event.occurred_micros);
  PutInt(out, event.actor_id.value);
  PutText(out, event.actor_label);
  PutText(out, AuditActionName(event.action));
  PutInt(out, event.patient_id.value);
  PutText(out, event.entity_kind);
  PutText(out, event.entity_id);
  PutText(out, AuditOutcomeName(event.outcome));
  PutText(out, event.remote_address);
  PutText(out, event.detail);
}

std::string CanonicalSealBytes(const AuditSeal& seal) {
  std::string out;
  out.append("openroi-audit-seal");
  out.push_back('\x01');
  PutInt(out, seal.organization_id.value);
  PutInt(out, seal.sequence);
  PutInt(out, seal.sealed_micros);
  Result<std::string> raw = HexDecode(seal.head_hash);
  out.append(raw ? *raw : seal.head_hash);
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0F]);
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return InvalidArgumentError("hex text has an odd length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int high = HexValue(hex[i]);
    int low = HexValue(hex[i + 1]);
    if (high < 0 || low < 0) return InvalidArgumentError("hex text has a non-hex digit");
    out.push_back(static_cast<char>((high << 4) | low));
  }
  return out;
}

}  // namespace roi
