// Config: everything an operator can set, from defaults, then a TOML file, then OPENROI_*
// environment variables (later sources win).  One table of keys drives both sources, so every key
// has the same name in both (server.port <-> OPENROI_SERVER_PORT) and a bad or unknown key is
// reported by name.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace roi::cli {

// Value type.  Every field has its default here.
struct Config {
  struct Server {
    std::string host = "127.0.0.1";
    std::int64_t port = 8080;
    std::int64_t threads = 0;  // 0: one per core.
    std::int64_t max_body_bytes = 8 << 20;
    std::int64_t max_header_bytes = 16 << 10;
    std::int64_t read_timeout_seconds = 30;
    std::int64_t shutdown_grace_seconds = 10;
    std::string tls_cert_file;  // With tls_key_file: serve HTTPS.
    std::string tls_key_file;
  } server;
  struct Database {
    std::string url = "sqlite:openroi.db";  // sqlite:PATH or postgresql://...
    std::int64_t pool_size = 4;
  } database;
  struct Policy {
    std::string rules_dir = OPENROI_DEFAULT_RULES_DIR;
  } policy;
  struct Detection {
    // Folder of sensitive-content lexicons (*.txt; docs/detection.md).  Empty: detection off.
    std::string lexicon_dir = OPENROI_DEFAULT_LEXICON_DIR;
  } detection;
  struct Web {
    // The built web UI (index.html and assets/), served at / by `openroi serve`.
    std::string root = OPENROI_DEFAULT_WEB_ROOT;
  } web;
  struct Audit {
    // The Ed25519 seal key (64 hex digits of its seed): from this file, or from seal_key
    // (better: OPENROI_AUDIT_SEAL_KEY).  Neither set: the chain is not sealed.
    std::string seal_key_file;
    std::string seal_key;
    std::int64_t seal_every = 1000;  // Seal after every N events; 0 = only `openroi audit seal`.
  } audit;
  // The master key wraps every organization's data keys; it never goes into the database.  Set
  // exactly one of key_file and key.
  struct Master {
    std::string key_file;         // File holding the key in base64 (openroi keys generate).
    std::string key;              // The key itself in base64 (prefer key_file).
    std::string accept_key_file;  // Another key accepted for unwrapping during a rotation.
  } master;
  // The document store (docs/documents.md).
  struct Documents {
    std::int64_t max_bytes = std::int64_t{512} << 20;  // Largest document, every organization.
    std::string spool_dir;  // Where uploads are spooled while checked; empty: $TMPDIR or /tmp.
  } documents;
  struct Log {
    std::string level = "info";  // trace, debug, info, warn, error, off.
    bool access_log = true;
  } log;
  // The background job runners of `openroi serve` (app/job_worker.h).
  struct Jobs {
    std::int64_t runners = 1;  // Threads; 0 runs no jobs in this server.
    std::int64_t poll_seconds = 5;
    std::int64_t scan_interval_seconds = 3600;  // How often deadline scans are scheduled.
  } jobs;
  // The deadline scan (app/deadline_jobs.h).
  struct Deadlines {
    std::string reminder_days = "5,1";  // Days before the due date; comma-separated.
    std::int64_t pending_expiry_days = 60;
  } deadlines;
  // Letters (app/letters.h).
  struct Letters {
    std::string privacy_officer;  // Name and contact in denial letters; empty: generic.
  } letters;
  // Release packets (app/packet_service.h): the Ed25519 key that signs their manifests (64 hex
  // digits of its seed, like the audit seal key), from this file or from signing_key (better:
  // OPENROI_PACKET_SIGNING_KEY).  Neither set: packets cannot be built.
  struct Packet {
    std::string signing_key_file;
    std::string signing_key;
  } packet;
  // Retention of ROI documentation (app/retention_service.h).
  struct Retention {
    std::int64_t years = 6;  // Kept this long after the last effective date.
    bool enabled = false;    // Whether `openroi serve` runs the periodic purge job.
  } retention;
  // The assignment rule and break-the-glass (app/patient_access.h).
  struct Security {
    std::int64_t break_glass_minutes = 60;
    std::string assignment_scoped_roles = "clinician";  // Comma-separated role names, or "none".
    // Sign-in and portal registration attempts per client address per minute.
    std::int64_t login_attempts_per_minute = 10;
    // Requests per client address per minute to the API, download links and /verify; 0: none.
    std::int64_t requests_per_minute = 3000;
  } security;
  // Secure delivery of released packets (app/delivery_service.h).
  struct Delivery {
    std::int64_t link_days = 14;     // How long a download link works.
    std::int64_t max_downloads = 3;  // Downloads per link.
    std::string base_url;            // Public address for links, e.g. https://roi.example.test.
  } delivery;
  // The SMTP server for delivery notifications (mail/smtp_mailer.h).  Empty host: no email.
  struct Smtp {
    std::string host;
    std::int64_t port = 25;
    std::string from = "records@localhost";
  } smtp;
};

// One configurable key, e.g. {"server.port", "OPENROI_SERVER_PORT", "integer 1..65535", ...}.
struct ConfigKey {
  std::string_view name;
  std::string_view env;
  std::string_view description;
};

// Every key, in documentation order.
const std::vector<ConfigKey>& ConfigKeys();

// Builds the configuration.  `file` may be empty (no file).  `environment` holds the process
// environment (only OPENROI_* names are read; OPENROI_CONFIG is the file path and skipped here).
// Returns InvalidArgument naming the file, line and key (or the variable) for a syntax error, an
// unknown key, a wrong type or an out-of-range value; NotFound if `file` does not exist.
Result<Config> LoadConfig(const std::string& file,
                          const std::map<std::string, std::string>& environment);

// The effective configuration as TOML, with any database password masked.
std::string RenderConfig(const Config& config);

// A parsed database URL.
struct DatabaseTarget {
  enum class Kind { kSqlite, kPostgres };
  Kind kind = Kind::kSqlite;
  std::string location;  // The SQLite file path, or the whole PostgreSQL URL.
};

// Accepts "sqlite:PATH" (also "sqlite://PATH") and "postgresql://..." / "postgres://...".
// Returns InvalidArgument naming database.url otherwise.
Result<DatabaseTarget> ParseDatabaseUrl(std::string_view url);

// Where the program keeps files it makes itself (the development master key of `openroi demo`):
// the SQLite database's folder, or the current folder ("." ) for PostgreSQL.
std::string DataDirectory(const Config& config);

// `url` with the password (if any) replaced by "***", for logs and banners.
std::string MaskDatabaseUrl(std::string_view url);

}  // namespace roi::cli
