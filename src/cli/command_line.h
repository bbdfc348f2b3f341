// Command line: turns argv into an Invocation (which command, with which options), using CLI11.
// Kept out of main so that it can be tested; runs nothing itself.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace roi::cli {

enum class Command {
  kServe,
  kMigrate,
  kDemo,
  kDecide,
  kVersion,
  kConfig,
  kUserAdd,
  kUserPasswd,
  kUserDisable,
  kUserRole,
  kAuditVerify,
  kAuditSeal,
  kAuditKeygen,
  kKeysGenerate,
  kKeysCheck,
  kKeysRotateMaster,
  kKeysRotateData,
  kKeysReencrypt,
  kTokenCreate,
  kTokenRevoke,
  kDocumentImport,
  kPacketVerify,
  kPacketKeygen,
  kRetentionPurge,
  kOrgShow,
  kOrgSet,
  kPacketRotateKey,
  kPacketKeys,
  kOrgFeesShow,
  kOrgFeesSet,
};

// The environment variable `user add` and `user passwd` take the new password from; when it is
// unset they read one line from standard input.
inline constexpr std::string_view kNewPasswordVariable = "OPENROI_NEW_PASSWORD";

// Value type.
struct Invocation {
  Command command = Command::kVersion;
  std::string config_file;           // --config, else OPENROI_CONFIG, else empty (no file).
  std::optional<std::string> host;   // serve --host
  std::optional<int> port;           // serve --port
  std::string case_path;             // decide CASE.json, or "-" for standard input
  std::string organization;          // user *, audit verify/seal, keys rotate-data/reencrypt,
                                     // packet rotate-key/keys: --org
  std::string email;                 // user *: --email
  std::string display_name;          // user add: --name
  std::string role;                  // user add/role: --role (a role name, e.g. roi_specialist)
  bool release_authorized = false;   // user add/role: --release-authorized
  std::string training_attested_on;  // user add: --training-attested YYYY-MM-DD (optional)
  std::string training_expires_on;   // user add: --training-expires YYYY-MM-DD (optional)
  std::optional<std::string> new_password;  // From OPENROI_NEW_PASSWORD, when set.
  std::string key_file;    // keys generate/audit keygen --out, keys rotate-master --new-key-file
  int batch = 100;         // keys reencrypt --batch (1..1000)
  std::string token_name;  // token create: --name
  std::vector<std::string> scopes;  // token create: --scope (repeatable)
  int expires_in_days = 0;          // token create: --days
  std::int64_t token_id = 0;        // token revoke: --id
  std::string document_file;        // document import FILE
  std::int64_t patient_id = 0;      // document import --patient
  std::string document_kind;        // document import --kind
  std::string document_type;        // document import --type (declared media type; optional)
  std::string service_date;         // document import --service-date YYYY-MM-DD (optional)
  std::vector<std::string> labels;  // document import --label (repeatable)
  std::string packet_file;          // packet verify FILE (the packet PDF)
  std::string manifest_file;        // packet verify --manifest (default FILE.manifest.json)
  std::string public_key;           // packet verify --public-key (64 hex digits, or a file)
  bool dry_run = false;             // retention purge --dry-run
  int limit = 1000;                 // retention purge --limit (1..100000)
  // org set: each optional; unset keeps the organization's value.
  std::optional<std::string> org_name;       // --name
  std::optional<std::string> org_state;      // --state
  std::optional<std::string> entity_type;    // --entity-type
  std::optional<std::string> part2_program;  // --part2 yes|no
  std::optional<std::string> scoped_roles;  // --scoped-roles "clinician,billing", "none", "default"
  // org fees set: each optional; unset keeps the organization's value.
  std::optional<std::string> fee_policy;         // --patient-electronic flat|actual
  std::optional<std::int64_t> flat_cents;        // --flat-cents
  std::optional<std::int64_t> labor_rate_cents;  // --labor-rate-cents (per hour)
  std::optional<std::int64_t> supplies_cents;    // --supplies-cents
  std::optional<std::int64_t> postage_cents;     // --postage-cents
};

// What ParseCommandLine produced: an invocation to run, or text to print and an exit code (for
// --help, --version flags and usage errors).
struct ParseOutcome {
  std::optional<Invocation> invocation;
  int exit_code = 0;
  std::string out;  // For standard output.
  std::string err;  // For standard error.
};

ParseOutcome ParseCommandLine(int argc, const char* const* argv,
                              const std::map<std::string, std::string>& environment);

// Process exit codes by error (sysexits.h where one fits): 2 invalid input, 3 not found,
// 65 data loss (corrupt or tampered content), 69 unavailable, 70 internal, 75 retryable conflict,
// 77 permission, 78 configuration.
int ExitCodeFor(ErrorCode code);
inline constexpr int kExitConfigError = 78;

}  // namespace roi::cli
