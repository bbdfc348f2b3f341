#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <sstream>

namespace roi::cli {
namespace {

void AddUserSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  CLI::App* add = user->add_subcommand(
      "add", "Add a user; the password comes from OPENROI_NEW_PASSWORD or one line of stdin");
  CLI::App* passwd = user->add_subcommand(
      "passwd", "Set a password (as for add), clear any lockout and end the user's sessions");
  CLI::App* disable = user->add_subcommand("disable", "Disable a user and end their sessions");
  CLI::App* role = user->add_subcommand(
      "role", "Set a user's role and release authorization and end their sessions");
  for (CLI::App* sub : {add, passwd, disable, role}) {
    sub->add_option("--org", invocation.organization, "Organization slug")->required();
    sub->add_option("--email", invocation.email, "The user's email")->required();
  }
  add->add_option("--name", invocation.display_name, "Display name")->required();
  add->add_option("--training-attested", invocation.training_attested_on,
                  "Date (YYYY-MM-DD) of the release training attestation");
  add->add_option("--training-expires", invocation.training_expires_on,
                  "Date (YYYY-MM-DD) the training attestation expires");
  for (CLI::App* sub : {add, role}) {
    sub->add_option("--role", invocation.role,
                    "roi_specialist, clinician, supervisor, billing, privacy_officer, "
                    "administrator, requester or patient")
        ->required();
    sub->add_flag("--release-authorized", invocation.release_authorized,
                  "May release records (once training is attested)");
  }
}

void AddAuditSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* audit = app.add_subcommand("audit", "Check and seal the tamper-evident audit trail");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify",
      "Check every event and seal of the audit chain (one organization or all); exit 1 and name "
      "the first altered, missing or reordered event if it is broken");
  CLI::App* seal = audit->add_subcommand(
      "seal", "Sign the current head of the audit chain (one organization or all)");
  for (CLI::App* sub : {verify, seal}) {
    sub->add_option("--org,--organization", invocation.organization,
                    "Organization slug (default: every organization)");
  }
  CLI::App* keygen =
      audit->add_subcommand("keygen", "Write a new audit seal key to a file (mode 0600)");
  keygen->add_option("--out", invocation.key_file, "The key file to create")->required();
}

void AddKeysSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* keys = app.add_subcommand("keys", "Manage the encryption keys of stored content");
  keys->require_subcommand(1);
  CLI::App* generate = keys->add_subcommand("generate", "Write a new random master key file");
  generate->add_option("--out", invocation.key_file, "The file to create (never overwritten)")
      ->required();
  keys->add_subcommand("check",
                       "Check that the configured master key is the one the data keys use");
  CLI::App* master = keys->add_subcommand(
      "rotate-master", "Rewrap every data key under a new master key (content is untouched)");
  master->add_option("--new-key-file", invocation.key_file, "The new master key file")->required();
  CLI::App* data = keys->add_subcommand(
      "rotate-data", "Start a new data key version for new content (old content stays readable)");
  data->add_option("--org,--organization", invocation.organization,
                   "Organization slug (default: every organization)");
  CLI::App* reencrypt = keys->add_subcommand(
      "reencrypt", "Move content encrypted under older data keys to the newest, in batches");
  reencrypt->add_option("--org,--organization", invocation.organization,
                        "Organization slug (default: every organization)");
  reencrypt->add_option("--batch", invocation.batch, "Items per transaction (default 100)")
      ->check(CLI::Range(1, 1000));
}

void AddTokenSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* token = app.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  CLI::App* create = token->add_subcommand(
      "create", "Create an API token for a user and print it (shown this once only)");
  create->add_option("--org", invocation.organization, "Organization slug")->required();
  create->add_option("--email", invocation.email, "The token's user")->required();
  create->add_option("--name", invocation.token_name, "What the token is for")->required();
  create->add_option("--scope", invocation.scopes, "A permission of the user's role (repeatable)")
      ->required();
  create->add_option("--days", invocation.expires_in_days, "Days until it expires (1..366)")
      ->required()
      ->check(CLI::Range(1, 366));
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke an API token by id");
  revoke->add_option("--org", invocation.organization, "Organization slug")->required();
  revoke->add_option("--id", invocation.token_id, "The token's id")->required();
}

void AddDocumentSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* document = app.add_subcommand("document", "Manage patients' documents");
  document->require_subcommand(1);
  CLI::App* import = document->add_subcommand(
      "import",
      "Store a file as a patient's document, streaming it (no size limit but "
      "documents.max_bytes)");
  import
      ->add_option("file", invocation.document_file,
                   "The file (PDF, PNG, JPEG, text, C-CDA, "
                   "FHIR JSON), or - for standard input")
      ->required();
  import->add_option("--org", invocation.organization, "Organization slug")->required();
  import->add_option("--email", invocation.email, "The user storing it (needs write_patients)")
      ->required();
  import->add_option("--patient", invocation.patient_id, "The patient's id")->required();
  import->add_option("--kind", invocation.document_kind, "Document kind, e.g. progress_note")
      ->required();
  import->add_option("--type", invocation.document_type,
                     "Declared media type; refused when the bytes disagree");
  import->add_option("--service-date", invocation.service_date, "YYYY-MM-DD");
  import->add_option("--label", invocation.labels, "Sensitivity label (repeatable)");
}

void AddPacketSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* packet = app.add_subcommand("packet", "Check and sign release packets");
  packet->require_subcommand(1);
  CLI::App* verify = packet->add_subcommand(
      "verify",
      "Check a release packet offline against its signed manifest; exit 0 when authentic, else "
      "name what failed (bad signature, altered PDF, unknown key, malformed manifest)");
  verify->add_option("file", invocation.packet_file, "The packet PDF")->required();
  verify->add_option("--manifest", invocation.manifest_file,
                     "The manifest (default: FILE.manifest.json beside it)");
  verify->add_option("--public-key", invocation.public_key,
                     "The trusted public key: 64 hex digits or a file holding them (default: "
                     "the configured packet signing key's)");
  CLI::App* keygen =
      packet->add_subcommand("keygen", "Write a new packet signing key to a file (mode 0600)");
  keygen->add_option("--out", invocation.key_file, "The key file to create")->required();
  CLI::App* rotate = packet->add_subcommand(
      "rotate-key",
      "Make the organization's next packet signing key (its first, if it has none); older public "
      "keys stay, so packets they signed still verify");
  rotate->add_option("--org,--organization", invocation.organization, "Organization slug")
      ->required();
  CLI::App* keys = packet->add_subcommand(
      "keys", "List organizations' packet signing keys (version, public key, created)");
  keys->add_option("--org,--organization", invocation.organization,
                   "Organization slug (default: every organization)");
}

void AddRetentionSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* retention = app.add_subcommand("retention", "Retention of ROI documentation");
  retention->require_subcommand(1);
  CLI::App* purge = retention->add_subcommand(
      "purge",
      "Purge requests past retention.years (never under a legal hold) and print the report as "
      "JSON");
  purge->add_flag("--dry-run", invocation.dry_run, "Only report what would be purged");
  purge->add_option("--org,--organization", invocation.organization,
                    "Organization slug (default: every organization)");
  purge
      ->add_option("--limit", invocation.limit,
                   "Requests purged at most per organization (default 1000)")
      ->check(CLI::Range(1, 100000));
}

void AddOrgSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* org = app.add_subcommand("org", "Show or change an organization's settings");
  org->require_subcommand(1);
  CLI::App* show = org->add_subcommand("show", "Print the organization's settings as JSON");
  CLI::App* set = org->add_subcommand(
      "set", "Change the organization's settings (recorded in its audit trail)");
  for (CLI::App* sub : {show, set}) {
    sub->add_option("--org", invocation.organization, "Organization slug")->required();
  }
  set->add_option("--name", invocation.org_name, "Display name");
  set->add_option("--state", invocation.org_state, "Two-letter US state, e.g. CA");
  set->add_option("--entity-type", invocation.entity_type,
                  "hospital, physician_practice, behavioral_health, health_plan or other");
  set->add_option("--part2", invocation.part2_program,
                  "yes or no: the organization runs a 42 CFR Part 2 program");
  set->add_option("--scoped-roles", invocation.scoped_roles,
                  "Roles limited to assigned patients, comma-separated; \"none\"; or "
                  "\"default\" for the deployment's security.assignment_scoped_roles");
  CLI::App* fees = org->add_subcommand("fees", "Show or change the organization's fee settings");
  fees->require_subcommand(1);
  CLI::App* fees_show = fees->add_subcommand("show", "Print the fee settings as JSON");
  CLI::App* fees_set = fees->add_subcommand(
      "set", "Change the fee settings (recorded in the organization's audit trail)");
  for (CLI::App* sub : {fees_show, fees_set}) {
    sub->add_option("--org", invocation.organization, "Organization slug")->required();
  }
  fees_set->add_option("--patient-electronic", invocation.fee_policy,
                       "flat or actual: how patients pay for electronic copies");
  fees_set->add_option("--flat-cents", invocation.flat_cents, "The flat fee, in cents");
  fees_set->add_option("--labor-rate-cents", invocation.labor_rate_cents,
                       "Copying labor, in cents per hour");
  fees_set->add_option("--supplies-cents", invocation.supplies_cents,
                       "Default supplies for paper copies or portable media, in cents");
  fees_set->add_option("--postage-cents", invocation.postage_cents,
                       "Default postage for mailed copies, in cents");
}

void AddSubcommands(CLI::App& app, Invocation& invocation) {
  CLI::App* serve =
      app.add_subcommand("serve", "Run the HTTP server (migrates the database first)");
  serve->add_option("--host", invocation.host, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--port", invocation.port, "Port to listen on (default 8080)")
      ->check(CLI::Range(0, 65535));
  app.add_subcommand("migrate", "Apply pending database migrations");
  app.add_subcommand("demo", "Migrate and load the synthetic demo organization");
  CLI::App* decide = app.add_subcommand(
      "decide", "Run the policy engine on a case (openroi.case/1) and print the decision");
  decide->add_option("case", invocation.case_path, "Case JSON file, or - for standard input")
      ->required();
  app.add_subcommand("version", "Print the version");
  app.add_subcommand("config", "Print the effective configuration (passwords masked)");
  AddUserSubcommands(app, invocation);
  AddAuditSubcommands(app, invocation);
  AddKeysSubcommands(app, invocation);
  AddTokenSubcommands(app, invocation);
  AddDocumentSubcommands(app, invocation);
  AddPacketSubcommands(app, invocation);
  AddRetentionSubcommands(app, invocation);
  AddOrgSubcommands(app, invocation);
}

Command Chosen(CLI::App& app) {
  if (app.got_subcommand("serve")) return Command::kServe;
  if (app.got_subcommand("migrate")) return Command::kMigrate;
  if (app.got_subcommand("demo")) return Command::kDemo;
  if (app.got_subcommand("decide")) return Command::kDecide;
  if (app.got_subcommand("config")) return Command::kConfig;
  if (app.got_subcommand("keys")) {
    const CLI::App* keys = app.get_subcommand("keys");
    if (keys->got_subcommand("generate")) return Command::kKeysGenerate;
    if (keys->got_subcommand("check")) return Command::kKeysCheck;
    if (keys->got_subcommand("rotate-master")) return Command::kKeysRotateMaster;
    if (keys->got_subcommand("rotate-data")) return Command::kKeysRotateData;
    return Command::kKeysReencrypt;
  }
  if (app.got_subcommand("user")) {
    const CLI::App* user = app.get_subcommand("user");
    if (user->got_subcommand("add")) return Command::kUserAdd;
    if (user->got_subcommand("passwd")) return Command::kUserPasswd;
    if (user->got_subcommand("role")) return Command::kUserRole;
    return Command::kUserDisable;
  }
  if (app.got_subcommand("audit")) {
    const CLI::App* audit = app.get_subcommand("audit");
    if (audit->got_subcommand("verify")) return Command::kAuditVerify;
    if (audit->got_subcommand("seal")) return Command::kAuditSeal;
    return Command::kAuditKeygen;
  }
  if (app.got_subcommand("document")) return Command::kDocumentImport;
  if (app.got_subcommand("packet")) {
    const CLI::App* packet = app.get_subcommand("packet");
    if (packet->got_subcommand("rotate-key")) return Command::kPacketRotateKey;
    if (packet->got_subcommand("keys")) return Command::kPacketKeys;
    return packet->got_subcommand("verify") ? Command::kPacketVerify : Command::kPacketKeygen;
  }
  if (app.got_subcommand("retention")) return Command::kRetentionPurge;
  if (app.got_subcommand("org")) {
    const CLI::App* org = app.get_subcommand("org");
    if (org->got_subcommand("fees")) {
      return org->get_subcommand("fees")->got_subcommand("show") ? Command::kOrgFeesShow
                                                                 : Command::kOrgFeesSet;
    }
    return app.get_subcommand("org")->got_subcommand("show") ? Command::kOrgShow : Command::kOrgSet;
  }
  if (app.got_subcommand("token")) {
    const CLI::App* token = app.get_subcommand("token");
    return token->got_subcommand("create") ? Command::kTokenCreate : Command::kTokenRevoke;
  }
  return Command::kVersion;
}

}  // namespace

ParseOutcome ParseCommandLine(int argc, const char* const* argv,
                              const std::map<std::string, std::string>& environment) {
  Invocation invocation;
  CLI::App app{"OpenROI: release of information for healthcare", "openroi"};
  app.set_version_flag("--version", std::string(OPENROI_VERSION));
  app.add_option("-c,--config", invocation.config_file,
                 "TOML configuration file (or set OPENROI_CONFIG)");
  app.require_subcommand(1);
  AddSubcommands(app, invocation);
  ParseOutcome outcome;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    std::ostringstream out;
    std::ostringstream err;
    outcome.exit_code = app.exit(error, out, err);
    // CLI11 uses its own codes for usage errors; OpenROI uses 2 for every one of them.
    if (outcome.exit_code != 0) outcome.exit_code = 2;
    outcome.out = out.str();
    outcome.err = err.str();
    return outcome;
  }
  if (invocation.config_file.empty()) {
    auto it = environment.find("OPENROI_CONFIG");
    if (it != environment.end()) invocation.config_file = it->second;
  }
  if (auto it = environment.find(std::string(kNewPasswordVariable)); it != environment.end()) {
    invocation.new_password = it->second;
  }
  invocation.command = Chosen(app);
  outcome.invocation = invocation;
  return outcome;
}

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 2;
    case ErrorCode::kNotFound:
      return 3;
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
      return 77;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kAborted:
    case ErrorCode::kResourceExhausted:
      return 75;
    case ErrorCode::kUnavailable:
      return 69;
    case ErrorCode::kDataLoss:
      return 65;
    case ErrorCode::kInternal:
      return 70;
  }
  return 70;
}

}  // namespace roi::cli
