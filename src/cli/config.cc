#include "cli/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <filesystem>
#include <sstream>

#include "app/deadline_jobs.h"
#include "app/patient_access.h"

namespace roi::cli {
namespace {

enum class Type { kString, kInteger, kBoolean };

struct Entry {
  ConfigKey key;
  Type type = Type::kString;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::string* (*string_field)(Config&) = nullptr;
  std::int64_t* (*int_field)(Config&) = nullptr;
  bool* (*bool_field)(Config&) = nullptr;
  std::vector<std::string_view> allowed = {};  // For strings: the only accepted values.
};

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> kEntries = {
      {{"server.host", "OPENROI_SERVER_HOST", "IP address to listen on"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.server.host; }},
      {{"server.port", "OPENROI_SERVER_PORT", "TCP port, 0..65535 (0 picks a free one)"},
       Type::kInteger,
       0,
       65535,
       nullptr,
       [](Config& c) { return &c.server.port; }},
      {{"server.threads", "OPENROI_SERVER_THREADS", "I/O threads, 0 = one per core"},
       Type::kInteger,
       0,
       256,
       nullptr,
       [](Config& c) { return &c.server.threads; }},
      {{"server.max_body_bytes", "OPENROI_SERVER_MAX_BODY_BYTES", "largest request body"},
       Type::kInteger,
       1024,
       std::int64_t{1} << 32,
       nullptr,
       [](Config& c) { return &c.server.max_body_bytes; }},
      {{"server.max_header_bytes", "OPENROI_SERVER_MAX_HEADER_BYTES", "largest request header"},
       Type::kInteger,
       1024,
       1 << 20,
       nullptr,
       [](Config& c) { return &c.server.max_header_bytes; }},
      {{"server.read_timeout_seconds", "OPENROI_SERVER_READ_TIMEOUT_SECONDS",
        "time a client has to send a request"},
       Type::kInteger,
       1,
       3600,
       nullptr,
       [](Config& c) { return &c.server.read_timeout_seconds; }},
      {{"server.shutdown_grace_seconds", "OPENROI_SERVER_SHUTDOWN_GRACE_SECONDS",
        "time requests in flight get on shutdown"},
       Type::kInteger,
       0,
       3600,
       nullptr,
       [](Config& c) { return &c.server.shutdown_grace_seconds; }},
      {{"server.tls_cert_file", "OPENROI_SERVER_TLS_CERT_FILE",
        "PEM certificate chain; with tls_key_file, serve HTTPS"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.server.tls_cert_file; }},
      {{"server.tls_key_file", "OPENROI_SERVER_TLS_KEY_FILE",
        "PEM private key; with tls_cert_file, serve HTTPS"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.server.tls_key_file; }},
      {{"database.url", "OPENROI_DATABASE_URL", "sqlite:PATH or postgresql://..."},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.database.url; }},
      {{"database.pool_size", "OPENROI_DATABASE_POOL_SIZE", "connections per server"},
       Type::kInteger,
       1,
       256,
       nullptr,
       [](Config& c) { return &c.database.pool_size; }},
      {{"policy.rules_dir", "OPENROI_POLICY_RULES_DIR", "folder of rule packs (*.toml)"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.policy.rules_dir; }},
      {{"detection.lexicon_dir", "OPENROI_DETECTION_LEXICON_DIR",
        "folder of sensitive-content lexicons (*.txt); empty turns detection off"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.detection.lexicon_dir; }},
      {{"web.root", "OPENROI_WEB_ROOT", "folder of the built web UI (web/dist)"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.web.root; }},
      {{"audit.seal_key_file", "OPENROI_AUDIT_SEAL_KEY_FILE",
        "file holding the audit seal key (64 hex digits)"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.audit.seal_key_file; }},
      {{"audit.seal_key", "OPENROI_AUDIT_SEAL_KEY",
        "the audit seal key itself (64 hex digits); prefer the variable to the file"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.audit.seal_key; }},
      {{"audit.seal_every", "OPENROI_AUDIT_SEAL_EVERY",
        "seal the audit chain every N events (0 = only on `openroi audit seal`)"},
       Type::kInteger,
       0,
       1'000'000'000,
       nullptr,
       [](Config& c) { return &c.audit.seal_every; }},
      {{"master.key_file", "OPENROI_MASTER_KEY_FILE",
        "file holding the master key (base64), made by openroi keys generate"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.master.key_file; }},
      {{"master.key", "OPENROI_MASTER_KEY", "the master key itself, base64 (prefer key_file)"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.master.key; }},
      {{"master.accept_key_file", "OPENROI_MASTER_ACCEPT_KEY_FILE",
        "another master key file accepted for unwrapping during a rotation"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.master.accept_key_file; }},
      {{"documents.max_bytes", "OPENROI_DOCUMENTS_MAX_BYTES", "largest document upload"},
       Type::kInteger,
       1,
       std::int64_t{1} << 40,
       nullptr,
       [](Config& c) { return &c.documents.max_bytes; }},
      {{"documents.spool_dir", "OPENROI_DOCUMENTS_SPOOL_DIR",
        "folder for uploads being checked (default $TMPDIR or /tmp)"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.documents.spool_dir; }},
      {{"log.level", "OPENROI_LOG_LEVEL", "trace, debug, info, warn, error or off"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.log.level; },
       nullptr,
       nullptr,
       {"trace", "debug", "info", "warn", "error", "off"}},
      {{"log.access_log", "OPENROI_LOG_ACCESS_LOG", "write one JSON line per request"},
       Type::kBoolean,
       0,
       0,
       nullptr,
       nullptr,
       [](Config& c) { return &c.log.access_log; }},
      {{"jobs.runners", "OPENROI_JOBS_RUNNERS", "background job threads, 0 = none"},
       Type::kInteger,
       0,
       64,
       nullptr,
       [](Config& c) { return &c.jobs.runners; }},
      {{"jobs.poll_seconds", "OPENROI_JOBS_POLL_SECONDS", "idle wait between job claims"},
       Type::kInteger,
       1,
       3600,
       nullptr,
       [](Config& c) { return &c.jobs.poll_seconds; }},
      {{"jobs.scan_interval_seconds", "OPENROI_JOBS_SCAN_INTERVAL_SECONDS",
        "how often the deadline scan is scheduled"},
       Type::kInteger,
       10,
       7 * 86400,
       nullptr,
       [](Config& c) { return &c.jobs.scan_interval_seconds; }},
      {{"deadlines.reminder_days", "OPENROI_DEADLINES_REMINDER_DAYS",
        "days before the due date to remind, e.g. 5,1"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.deadlines.reminder_days; }},
      {{"deadlines.pending_expiry_days", "OPENROI_DEADLINES_PENDING_EXPIRY_DAYS",
        "days a pending-information request waits before it expires"},
       Type::kInteger,
       1,
       3650,
       nullptr,
       [](Config& c) { return &c.deadlines.pending_expiry_days; }},
      {{"letters.privacy_officer", "OPENROI_LETTERS_PRIVACY_OFFICER",
        "privacy officer name and contact printed in denial letters"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.letters.privacy_officer; }},
      {{"packet.signing_key_file", "OPENROI_PACKET_SIGNING_KEY_FILE",
        "file holding the release packet signing key (64 hex digits)"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.packet.signing_key_file; }},
      {{"packet.signing_key", "OPENROI_PACKET_SIGNING_KEY",
        "the release packet signing key itself (64 hex digits); prefer the variable to the file"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.packet.signing_key; }},
      {{"retention.years", "OPENROI_RETENTION_YEARS",
        "years ROI documentation is kept after its last effective date"},
       Type::kInteger,
       1,
       100,
       nullptr,
       [](Config& c) { return &c.retention.years; }},
      {{"retention.enabled", "OPENROI_RETENTION_ENABLED",
        "run the periodic retention purge job in openroi serve"},
       Type::kBoolean,
       0,
       0,
       nullptr,
       nullptr,
       [](Config& c) { return &c.retention.enabled; }},
      {{"security.break_glass_minutes", "OPENROI_SECURITY_BREAK_GLASS_MINUTES",
        "how long a break-the-glass grant lasts"},
       Type::kInteger,
       1,
       1440,
       nullptr,
       [](Config& c) { return &c.security.break_glass_minutes; }},
      {{"security.login_attempts_per_minute", "OPENROI_SECURITY_LOGIN_ATTEMPTS_PER_MINUTE",
        "sign-in and portal registration attempts per client address per minute"},
       Type::kInteger,
       1,
       100000,
       nullptr,
       [](Config& c) { return &c.security.login_attempts_per_minute; }},
      {{"security.requests_per_minute", "OPENROI_SECURITY_REQUESTS_PER_MINUTE",
        "API, download-link and /verify requests per client address per minute (0: no limit)"},
       Type::kInteger,
       0,
       1000000,
       nullptr,
       [](Config& c) { return &c.security.requests_per_minute; }},
      {{"security.assignment_scoped_roles", "OPENROI_SECURITY_ASSIGNMENT_SCOPED_ROLES",
        "roles limited to patients they are assigned to, e.g. clinician"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.security.assignment_scoped_roles; }},
      {{"delivery.link_days", "OPENROI_DELIVERY_LINK_DAYS", "days a download link works"},
       Type::kInteger,
       1,
       365,
       nullptr,
       [](Config& c) { return &c.delivery.link_days; }},
      {{"delivery.max_downloads", "OPENROI_DELIVERY_MAX_DOWNLOADS", "downloads per link"},
       Type::kInteger,
       1,
       1000,
       nullptr,
       [](Config& c) { return &c.delivery.max_downloads; }},
      {{"delivery.base_url", "OPENROI_DELIVERY_BASE_URL",
        "public address that download links start with, e.g. https://roi.example.test"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.delivery.base_url; }},
      {{"smtp.host", "OPENROI_SMTP_HOST", "SMTP server for delivery emails; empty: none"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.smtp.host; }},
      {{"smtp.port", "OPENROI_SMTP_PORT", "SMTP server port"},
       Type::kInteger,
       1,
       65535,
       nullptr,
       [](Config& c) { return &c.smtp.port; }},
      {{"smtp.from", "OPENROI_SMTP_FROM", "sender address of delivery emails"},
       Type::kString,
       0,
       0,
       [](Config& c) { return &c.smtp.from; }},
  };
  return kEntries;
}

const Entry* FindByName(std::string_view name) {
  for (const Entry& entry : Entries()) {
    if (entry.key.name == name) return &entry;
  }
  return nullptr;
}

const Entry* FindByEnv(std::string_view env) {
  for (const Entry& entry : Entries()) {
    if (entry.key.env == env) return &entry;
  }
  return nullptr;
}

std::string TypeName(const Entry& entry) {
  switch (entry.type) {
    case Type::kString:
      return "a string";
    case Type::kInteger:
      return fmt::format("an integer from {} to {}", entry.min, entry.max);
    case Type::kBoolean:
      return "true or false";
  }
  return "a value";
}

Status SetString(const Entry& entry, Config& config, std::string value) {
  if (!entry.allowed.empty()) {
    bool found = false;
    for (std::string_view allowed : entry.allowed) found = found || allowed == value;
    if (!found)
      return InvalidArgumentError(fmt::format("must be one of {}", entry.key.description));
  }
  if (value.empty()) return InvalidArgumentError("must not be empty");
  *entry.string_field(config) = std::move(value);
  return OkStatus();
}

Status SetInteger(const Entry& entry, Config& config, std::int64_t value) {
  if (value < entry.min || value > entry.max) {
    return InvalidArgumentError("must be " + TypeName(entry));
  }
  *entry.int_field(config) = value;
  return OkStatus();
}

// Applies a value given as text (from the environment).
Status SetFromText(const Entry& entry, Config& config, const std::string& text) {
  switch (entry.type) {
    case Type::kString:
      return SetString(entry, config, text);
    case Type::kInteger: {
      std::int64_t value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return InvalidArgumentError("must be " + TypeName(entry));
      }
      return SetInteger(entry, config, value);
    }
    case Type::kBoolean:
      if (text == "true" || text == "1" || text == "yes") {
        *entry.bool_field(config) = true;
      } else if (text == "false" || text == "0" || text == "no") {
        *entry.bool_field(config) = false;
      } else {
        return InvalidArgumentError("must be true or false");
      }
      return OkStatus();
  }
  return OkStatus();
}

Status SetFromNode(const Entry& entry, Config& config, const toml::node& node) {
  switch (entry.type) {
    case Type::kString:
      if (!node.is_string()) return InvalidArgumentError("must be " + TypeName(entry));
      return SetString(entry, config, **node.as_string());
    case Type::kInteger:
      if (!node.is_integer()) return InvalidArgumentError("must be " + TypeName(entry));
      return SetInteger(entry, config, **node.as_integer());
    case Type::kBoolean:
      if (!node.is_boolean()) return InvalidArgumentError("must be true or false");
      *entry.bool_field(config) = **node.as_boolean();
      return OkStatus();
  }
  return OkStatus();
}

Error FileError(const std::string& file, const toml::source_region& where, std::string_view key,
                std::string_view problem) {
  return InvalidArgumentError(
      fmt::format("config file {} line {}: key {} {}", file, where.begin.line, key, problem));
}

Status ApplySection(const std::string& file, const std::string& section, const toml::table& table,
                    Config& config) {
  for (const auto& [name, node] : table) {
    std::string key = section + "." + std::string(name.str());
    const Entry* entry = FindByName(key);
    if (entry == nullptr) return FileError(file, node.source(), key, "is not a known setting");
    if (Status set = SetFromNode(*entry, config, node); !set) {
      return FileError(file, node.source(), key, set.error().message);
    }
  }
  return OkStatus();
}

Status ApplyFile(const std::string& file, Config& config) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return NotFoundError(fmt::format("config file {} does not exist", file));
  }
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& error) {
    return InvalidArgumentError(fmt::format("config file {} line {}: {}", file,
                                            error.source().begin.line, error.description()));
  }
  for (const auto& [name, node] : root) {
    std::string section(name.str());
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      return FileError(file, node.source(), section, "must be a section such as [server]");
    }
    if (Status applied = ApplySection(file, section, *table, config); !applied) return applied;
  }
  return OkStatus();
}

Status ApplyEnvironment(const std::map<std::string, std::string>& environment, Config& config) {
  for (const auto& [name, value] : environment) {
    // OPENROI_CONFIG and OPENROI_NEW_PASSWORD are read by the command line, not configuration.
    if (name.rfind("OPENROI_", 0) != 0 || name == "OPENROI_CONFIG" ||
        name == "OPENROI_NEW_PASSWORD") {
      continue;
    }
    const Entry* entry = FindByEnv(name);
    if (entry == nullptr) {
      return InvalidArgumentError(
          fmt::format("environment variable {} is not a known setting", name));
    }
    if (Status set = SetFromText(*entry, config, value); !set) {
      return InvalidArgumentError(fmt::format("environment variable {} ({}) {}", name,
                                              entry->key.name, set.error().message));
    }
  }
  return OkStatus();
}

}  // namespace

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> keys;
    for (const Entry& entry : Entries()) keys.push_back(entry.key);
    return keys;
  }();
  return kKeys;
}

Result<Config> LoadConfig(const std::string& file,
                          const std::map<std::string, std::string>& environment) {
  Config config;
  if (!file.empty()) {
    if (Status applied = ApplyFile(file, config); !applied) return applied.error();
  }
  if (Status applied = ApplyEnvironment(environment, config); !applied) return applied.error();
  if (Result<DatabaseTarget> target = ParseDatabaseUrl(config.database.url); !target) {
    return target.error();
  }
  if (config.server.tls_cert_file.empty() != config.server.tls_key_file.empty()) {
    return InvalidArgumentError(
        "server.tls_cert_file and server.tls_key_file must be set together (or neither)");
  }
  if (Result<std::vector<int>> days = ParseReminderDays(config.deadlines.reminder_days); !days) {
    return InvalidArgumentError("deadlines.reminder_days (OPENROI_DEADLINES_REMINDER_DAYS): " +
                                days.error().message);
  }
  if (Result<std::vector<Role>> roles = ParseRoleList(config.security.assignment_scoped_roles);
      !roles) {
    return InvalidArgumentError(
        "security.assignment_scoped_roles (OPENROI_SECURITY_ASSIGNMENT_SCOPED_ROLES): " +
        roles.error().message);
  }
  return config;
}

std::string RenderConfig(const Config& config) {
  std::ostringstream out;
  out << "[server]\nhost = \"" << config.server.host << "\"\nport = " << config.server.port
      << "\nthreads = " << config.server.threads
      << "\nmax_body_bytes = " << config.server.max_body_bytes
      << "\nmax_header_bytes = " << config.server.max_header_bytes
      << "\nread_timeout_seconds = " << config.server.read_timeout_seconds
      << "\nshutdown_grace_seconds = " << config.server.shutdown_grace_seconds
      << "\ntls_cert_file = \"" << config.server.tls_cert_file << "\""
      << "\ntls_key_file = \"" << config.server.tls_key_file << "\""
      << "\n\n[database]\nurl = \"" << MaskDatabaseUrl(config.database.url)
      << "\"\npool_size = " << config.database.pool_size << "\n\n[policy]\nrules_dir = \""
      << config.policy.rules_dir << "\"\n\n[detection]\nlexicon_dir = \""
      << config.detection.lexicon_dir << "\"\n\n[web]\nroot = \"" << config.web.root
      << "\"\n\n[audit]\nseal_key_file = \"" << config.audit.seal_key_file << "\"\nseal_key = \""
      << (config.audit.seal_key.empty() ? "" : "***")
      << "\"\nseal_every = " << config.audit.seal_every << "\n\n[master]\nkey_file = \""
      << config.master.key_file << "\"\nkey = \"" << (config.master.key.empty() ? "" : "***")
      << "\"\naccept_key_file = \"" << config.master.accept_key_file
      << "\"\n\n[documents]\nmax_bytes = " << config.documents.max_bytes << "\nspool_dir = \""
      << config.documents.spool_dir << "\"\n\n[log]\nlevel = \"" << config.log.level
      << "\"\naccess_log = " << (config.log.access_log ? "true" : "false")
      << "\n\n[jobs]\nrunners = " << config.jobs.runners
      << "\npoll_seconds = " << config.jobs.poll_seconds
      << "\nscan_interval_seconds = " << config.jobs.scan_interval_seconds
      << "\n\n[deadlines]\nreminder_days = \"" << config.deadlines.reminder_days
      << "\"\npending_expiry_days = " << config.deadlines.pending_expiry_days
      << "\n\n[letters]\nprivacy_officer = \"" << config.letters.privacy_officer << "\"\n"
      << "\n[packet]\nsigning_key_file = \"" << config.packet.signing_key_file
      << "\"\nsigning_key = \"" << (config.packet.signing_key.empty() ? "" : "***") << "\"\n"
      << "\n[retention]\nyears = " << config.retention.years
      << "\nenabled = " << (config.retention.enabled ? "true" : "false") << "\n"
      << "\n[security]\nbreak_glass_minutes = " << config.security.break_glass_minutes
      << "\nassignment_scoped_roles = \"" << config.security.assignment_scoped_roles
      << "\"\nlogin_attempts_per_minute = " << config.security.login_attempts_per_minute
      << "\nrequests_per_minute = " << config.security.requests_per_minute << "\n"
      << "\n[delivery]\nlink_days = " << config.delivery.link_days
      << "\nmax_downloads = " << config.delivery.max_downloads << "\nbase_url = \""
      << config.delivery.base_url << "\"\n\n[smtp]\nhost = \"" << config.smtp.host
      << "\"\nport = " << config.smtp.port << "\nfrom = \"" << config.smtp.from << "\"\n";
  return out.str();
}

Result<DatabaseTarget> ParseDatabaseUrl(std::string_view url) {
  auto starts = [&](std::string_view prefix) { return url.substr(0, prefix.size()) == prefix; };
  if (starts("postgresql://") || starts("postgres://")) {
    return DatabaseTarget{DatabaseTarget::Kind::kPostgres, std::string(url)};
  }
  for (std::string_view prefix : {"sqlite://", "sqlite:"}) {
    if (starts(prefix) && url.size() > prefix.size()) {
      return DatabaseTarget{DatabaseTarget::Kind::kSqlite, std::string(url.substr(prefix.size()))};
    }
  }
  return InvalidArgumentError(
      "database.url must be sqlite:PATH or a postgresql:// URL (OPENROI_DATABASE_URL)");
}

std::string DataDirectory(const Config& config) {
  Result<DatabaseTarget> target = ParseDatabaseUrl(config.database.url);
  if (!target || target->kind != DatabaseTarget::Kind::kSqlite || target->location == ":memory:") {
    return ".";
  }
  std::filesystem::path parent = std::filesystem::path(target->location).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string MaskDatabaseUrl(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::size_t at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) {
    return std::string(url);
  }
  std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

}  // namespace roi::cli
