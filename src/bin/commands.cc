#include "bin/commands.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <sstream>

#include "app/api_token_service.h"
#include "app/audit_trail.h"
#include "app/deadline_jobs.h"
#include "app/demo_data.h"
#include "app/demo_requests.h"
#include "app/document_store.h"
#include "app/job_worker.h"
#include "app/packet_service.h"
#include "app/patient_access.h"
#include "app/request_service.h"
#include "app/retention_service.h"
#include "app/secret_box.h"
#include "app/store.h"
#include "app/stored_packets.h"
#include "app/user_service.h"
#include "bin/document_commands.h"
#include "bin/key_commands.h"
#include "bin/logging.h"
#include "bin/org_commands.h"
#include "bin/org_fee_commands.h"
#include "bin/packet_commands.h"
#include "bin/system_clock.h"
#include "crypto/audit_crypto.h"
#include "crypto/credentials.h"
#include "crypto/otp.h"
#include "crypto/packet_crypto.h"
#include "crypto/sodium.h"
#include "detect/hyperscan_detector.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"
#include "http/api.h"
#include "http/server.h"
#include "mail/smtp_mailer.h"
#include "policy/engine.h"
#include "render/cairo_renderer.h"
#include "render/qpdf_assembler.h"
#include "render/qpdf_page_replacer.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace roi::bin {

int Fail(const Error& error) {
  std::fprintf(stderr, "openroi: %s\n", error.ToString().c_str());
  return cli::ExitCodeFor(error.code);
}

std::string CommandLineActor() {
  std::string name;
  if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
    name = entry->pw_name;
  } else if (const char* user = std::getenv("USER"); user != nullptr) {
    name = user;
  }
  if (name.empty() || name.size() > 64) return "command line";
  return "command line (os user " + name + ")";
}

namespace {

Result<std::unique_ptr<Store>> OpenConfiguredStore(const cli::Config& config) {
  Result<cli::DatabaseTarget> target = cli::ParseDatabaseUrl(config.database.url);
  if (!target) return target.error();
  int pool = static_cast<int>(config.database.pool_size);
  if (target->kind == cli::DatabaseTarget::Kind::kSqlite) {
    return sqlite::OpenStore({.path = target->location, .pool_size = pool});
  }
  return postgres::OpenStore({.url = target->location, .pool_size = pool});
}

}  // namespace

Result<std::unique_ptr<Store>> OpenAndMigrate(const cli::Config& config, bool quiet) {
  Result<std::unique_ptr<Store>> store = OpenConfiguredStore(config);
  if (!store) return store;
  Result<MigrationReport> report = (*store)->Migrate();
  if (!report) return report.error();
  if (!quiet) {
    std::printf("database %s: schema version %d -> %d (%zu migration%s applied)\n",
                cli::MaskDatabaseUrl(config.database.url).c_str(), report->from_version,
                report->to_version, report->applied.size(), report->applied.size() == 1 ? "" : "s");
  }
  return store;
}

namespace {

// The audit seal key from audit.seal_key or audit.seal_key_file; nullopt when neither is set.
Result<std::optional<crypto::Ed25519AuditSigner>> LoadSealKey(const cli::Config& config) {
  if (!config.audit.seal_key.empty()) {
    Result<crypto::Ed25519AuditSigner> signer =
        crypto::Ed25519AuditSigner::FromSeedHex(config.audit.seal_key);
    if (!signer) return InvalidArgumentError("audit.seal_key: " + signer.error().message);
    return std::optional<crypto::Ed25519AuditSigner>(*signer);
  }
  if (config.audit.seal_key_file.empty()) return std::optional<crypto::Ed25519AuditSigner>();
  std::ifstream file(config.audit.seal_key_file);
  if (!file) {
    return NotFoundError(fmt::format("cannot read the audit seal key file {} (audit.seal_key_file)",
                                     config.audit.seal_key_file));
  }
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  Result<crypto::Ed25519AuditSigner> signer = crypto::Ed25519AuditSigner::FromSeedHex(text);
  if (!signer) {
    return InvalidArgumentError(fmt::format("audit seal key file {}: {}",
                                            config.audit.seal_key_file, signer.error().message));
  }
  return std::optional<crypto::Ed25519AuditSigner>(*signer);
}

// Creates `path` with a new seal key, readable by its owner only.  Returns AlreadyExists if the
// file exists (a key is never overwritten).
Status WriteNewSealKey(const std::string& path) {
  Result<std::string> key = crypto::NewAuditSealKeyHex();
  if (!key) return key.error();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return AlreadyExistsError(fmt::format("{} exists; not overwritten", path));
    return UnavailableError(fmt::format("cannot create {}", path));
  }
  std::string line = *key + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) return UnavailableError(fmt::format("cannot write {}", path));
  return OkStatus();
}

// The organizations `slug` names: that one, or every one when `slug` is empty.
Result<std::vector<Organization>> SelectedOrganizations(Store& store, const std::string& slug) {
  std::vector<Organization> selected;
  Status done = store.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    if (!slug.empty()) {
      Result<Organization> one = tx.Organizations().FindBySlug(slug);
      if (!one) return NotFoundError(fmt::format("no organization has the slug \"{}\"", slug));
      selected.push_back(*one);
      return OkStatus();
    }
    Result<std::vector<Organization>> all = tx.Organizations().List();
    if (!all) return all.error();
    selected = std::move(*all);
    return OkStatus();
  });
  if (!done) return done.error();
  return selected;
}

// Verifies each selected organization's chain; exit 1 if any is broken.
int RunAuditVerify(const cli::Invocation& invocation, const cli::Config& config) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadSealKey(config);
  if (!key) return Fail(key.error());
  std::string trusted = *key ? (*key)->PublicKeyHex() : std::string();
  if (trusted.empty()) {
    std::fprintf(stderr,
                 "openroi: warning: no audit seal key configured; seals are checked against the "
                 "key stored with them only\n");
  }
  Result<std::vector<Organization>> organizations =
      SelectedOrganizations(**store, invocation.organization);
  if (!organizations) return Fail(organizations.error());
  crypto::SodiumAuditHasher hasher;
  crypto::Ed25519SignatureChecker checker;
  AuditVerifier verifier(hasher, checker, trusted);
  int exit_code = 0;
  for (const Organization& organization : *organizations) {
    Result<AuditVerification> result = verifier.Verify(**store, organization.id);
    if (!result) {
      std::fprintf(stderr, "openroi: organization \"%s\": %s\n", organization.slug.c_str(),
                   result.error().ToString().c_str());
      exit_code = cli::ExitCodeFor(result.error().code);
      continue;
    }
    if (result->problem) {
      std::fprintf(stderr,
                   "openroi: organization \"%s\": audit chain BROKEN at sequence %lld (%s): %s\n",
                   organization.slug.c_str(), static_cast<long long>(result->problem->sequence),
                   std::string(AuditProblemKindName(result->problem->kind)).c_str(),
                   result->problem->message.c_str());
      if (exit_code == 0) exit_code = 1;
      continue;
    }
    std::printf("organization \"%s\": audit chain intact: %lld events, %lld seals\n",
                organization.slug.c_str(), static_cast<long long>(result->events),
                static_cast<long long>(result->seals));
  }
  return exit_code;
}

// Seals each selected organization's chain at its current head.
int RunAuditSeal(const cli::Invocation& invocation, const cli::Config& config) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadSealKey(config);
  if (!key) return Fail(key.error());
  if (!*key) {
    return Fail(FailedPreconditionError(
        "no audit seal key: set audit.seal_key_file or OPENROI_AUDIT_SEAL_KEY "
        "(openroi audit keygen --out FILE makes one)"));
  }
  Result<std::vector<Organization>> organizations =
      SelectedOrganizations(**store, invocation.organization);
  if (!organizations) return Fail(organizations.error());
  SystemClock clock;
  crypto::SodiumAuditHasher hasher;
  AuditTrail trail(clock, hasher, &**key);
  for (const Organization& organization : *organizations) {
    std::optional<AuditSeal> sealed;
    Status done =
        (*store)->InTransaction(organization.id, TxMode::kWrite, [&](Transaction& tx) -> Status {
          Result<AuditSeal> seal = trail.Seal(tx);
          if (!seal) return seal.error();
          sealed = *seal;
          return OkStatus();
        });
    if (done) {
      std::printf("organization \"%s\": sealed at sequence %lld\n", organization.slug.c_str(),
                  static_cast<long long>(sealed->sequence));
    } else if (done.error().code == ErrorCode::kAlreadyExists ||
               done.error().code == ErrorCode::kFailedPrecondition) {
      std::printf("organization \"%s\": nothing to seal (%s)\n", organization.slug.c_str(),
                  done.error().message.c_str());
    } else {
      return Fail(done.error());
    }
  }
  return 0;
}

int RunAuditKeygen(const cli::Invocation& invocation) {
  if (Status written = WriteNewSealKey(invocation.key_file); !written) {
    return Fail(written.error());
  }
  std::printf("wrote a new audit seal key to %s (keep it secret; back it up)\n",
              invocation.key_file.c_str());
  return 0;
}

RetentionSettings RetentionSettingsOf(const cli::Config& config) {
  return RetentionSettings{.years = static_cast<int>(config.retention.years),
                           .enabled = config.retention.enabled,
                           .job_batch = 100};
}

// Purges (or with --dry-run reports) each selected organization's requests past retention and
// prints one JSON report per organization.
int RunRetentionPurge(const cli::Invocation& invocation, const cli::Config& config) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadSealKey(config);
  if (!key) return Fail(key.error());
  Result<std::vector<Organization>> organizations =
      SelectedOrganizations(**store, invocation.organization);
  if (!organizations) return Fail(organizations.error());
  SystemClock clock;
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher, *key ? &**key : nullptr, config.audit.seal_every);
  RetentionService retention(**store, clock, trail, RetentionSettingsOf(config));
  const AuditActor actor{.id = UserId(), .label = "command line", .remote_address = ""};
  for (const Organization& organization : *organizations) {
    Result<RetentionReport> report = retention.Purge(organization.id, actor, "command line",
                                                     invocation.dry_run, invocation.limit);
    if (!report) return Fail(report.error());
    nlohmann::json out = http::RetentionReportJson(*report);
    out["organization"] = organization.slug;
    std::printf("%s\n", out.dump(2).c_str());
  }
  return 0;
}

int RunMigrate(const cli::Config& config) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/false);
  return store ? 0 : Fail(store.error());
}

int RunDemo(const cli::Config& config) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/false);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  Result<std::unique_ptr<crypto::SodiumContentCipher>> cipher = DemoCipher(config);
  if (!cipher) return FailKeySetup(cipher.error());
  if (Status checked = CheckMasterKey(**store, **cipher); !checked) {
    return FailKeySetup(checked.error());
  }
  const std::string& key_file = config.audit.seal_key_file;
  if (!key_file.empty() && config.audit.seal_key.empty() && !std::filesystem::exists(key_file)) {
    if (Status written = WriteNewSealKey(key_file); !written) return Fail(written.error());
    std::printf("created the audit seal key %s\n", key_file.c_str());
  }
  crypto::SodiumPasswordHasher hasher;
  SystemClock clock;
  Result<DemoSummary> summary = LoadDemoData(
      **store, {.hasher = &hasher, .password = std::string(kDemoPassword), .today = clock.Today()});
  if (!summary) return Fail(summary.error());
  std::printf("demo organization %lld (slug \"demo\"): %d facilities, %d synthetic patients%s\n",
              static_cast<long long>(summary->organization.value), summary->facilities,
              summary->patients, summary->already_loaded ? " (already loaded)" : "");
  Result<policy::RuleSet> rules = policy::LoadRuleSet(config.policy.rules_dir);
  if (!rules) return Fail(rules.error());
  Result<std::optional<crypto::Ed25519AuditSigner>> seal_key = LoadSealKey(config);
  if (!seal_key) return Fail(seal_key.error());
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher, *seal_key ? &**seal_key : nullptr, config.audit.seal_every);
  RequestService requests(**store, clock, *rules, trail);
  Result<DemoRequestSummary> demo_requests =
      LoadDemoRequests(**store, requests, summary->organization, clock.Today());
  if (!demo_requests) return Fail(demo_requests.error());
  std::printf("demo requests: %d%s\n", demo_requests->requests,
              demo_requests->already_loaded ? " (already loaded)" : "");
  std::printf("demo login: organization \"demo\", email %s, password %s\n",
              std::string(kDemoLoginEmail).c_str(), std::string(kDemoPassword).c_str());
  return 0;
}

// The new password: OPENROI_NEW_PASSWORD if set, else one line of standard input.
// The Mailer when smtp.host is not set: every send fails with a message naming the setting, so an
// e-mail delivery job stays queued and says why instead of vanishing.
class UnconfiguredMailer final : public Mailer {
 public:
  Status Send(const MailMessage&) override {
    return UnavailableError("no SMTP server: set smtp.host (OPENROI_SMTP_HOST) to send e-mail");
  }
};

// An optional date option: empty is none; otherwise YYYY-MM-DD or InvalidArgument naming `flag`.
Result<std::optional<Date>> OptionalDateOption(const std::string& text, std::string_view flag) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> date = Date::Parse(text);
  if (!date) return InvalidArgumentError(std::string(flag) + ": not a date (YYYY-MM-DD)");
  return std::optional<Date>(*date);
}

Result<std::string> NewPassword(const cli::Invocation& invocation) {
  if (invocation.new_password) return *invocation.new_password;
  std::string line;
  if (!std::getline(std::cin, line)) {
    return InvalidArgumentError("no password: set OPENROI_NEW_PASSWORD or give one line on stdin");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Runs user add / passwd / disable.  Prints ids, never the password.
int RunUser(const cli::Invocation& invocation, const cli::Config& config) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  crypto::SodiumPasswordHasher hasher;
  Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadSealKey(config);
  if (!key) return Fail(key.error());
  SystemClock clock;
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher, *key ? &**key : nullptr, config.audit.seal_every);
  UserService users(**store, hasher, trail);
  const AuditActor actor{.id = {}, .label = "command line", .remote_address = ""};
  Result<User> user = InvalidArgumentError("unknown user command");
  if (invocation.command == cli::Command::kUserDisable) {
    user = users.Disable(invocation.organization, invocation.email, actor);
  } else if (invocation.command == cli::Command::kUserRole) {
    Result<Role> role = ParseRole(invocation.role);
    if (!role) return Fail(role.error());
    user = users.SetRole(invocation.organization, invocation.email, *role,
                         invocation.release_authorized, actor);
  } else {
    Result<std::string> password = NewPassword(invocation);
    if (!password) return Fail(password.error());
    if (invocation.command == cli::Command::kUserPasswd) {
      user = users.SetPassword(invocation.organization, invocation.email, *password, actor);
    } else {
      Result<Role> role = ParseRole(invocation.role);
      if (!role) return Fail(role.error());
      Result<std::optional<Date>> attested =
          OptionalDateOption(invocation.training_attested_on, "--training-attested");
      if (!attested) return Fail(attested.error());
      Result<std::optional<Date>> expires =
          OptionalDateOption(invocation.training_expires_on, "--training-expires");
      if (!expires) return Fail(expires.error());
      user = users.AddUser({.organization = invocation.organization,
                            .email = invocation.email,
                            .display_name = invocation.display_name,
                            .role = *role,
                            .release_authorized = invocation.release_authorized,
                            .training_attested_on = *attested,
                            .training_expires_on = *expires},
                           *password, actor);
    }
  }
  if (!user) return Fail(user.error());
  const char* verb = invocation.command == cli::Command::kUserAdd      ? "added"
                     : invocation.command == cli::Command::kUserPasswd ? "password set for"
                     : invocation.command == cli::Command::kUserRole   ? "role set for"
                                                                       : "disabled";
  std::printf("%s user %lld (role %s) in organization \"%s\"\n", verb,
              static_cast<long long>(user->id.value), std::string(RoleName(user->role)).c_str(),
              invocation.organization.c_str());
  return 0;
}

// Runs token create / revoke.  Prints the new token once, on standard output.
int RunToken(const cli::Invocation& invocation, const cli::Config& config) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  SystemClock clock;
  crypto::SodiumTokenSource tokens;
  Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadSealKey(config);
  if (!key) return Fail(key.error());
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher, *key ? &**key : nullptr, config.audit.seal_every);
  ApiTokenService service(**store, clock, tokens, &trail);
  if (invocation.command == cli::Command::kTokenRevoke) {
    if (Status revoked =
            service.RevokeAny(invocation.organization, ApiTokenId(invocation.token_id));
        !revoked) {
      return Fail(revoked.error());
    }
    std::printf("revoked API token %lld in organization \"%s\"\n",
                static_cast<long long>(invocation.token_id), invocation.organization.c_str());
    return 0;
  }
  NewApiToken request{
      .name = invocation.token_name, .scopes = {}, .expires_in_days = invocation.expires_in_days};
  for (const std::string& name : invocation.scopes) {
    Result<Permission> scope = ParsePermission(name);
    if (!scope) return Fail(InvalidArgumentError("unknown permission " + name));
    request.scopes.push_back(*scope);
  }
  Result<CreatedApiToken> created =
      service.CreateFor(invocation.organization, invocation.email, request);
  if (!created) return Fail(created.error());
  std::printf("API token %lld (user %lld, expires in %d days; shown only now):\n%s\n",
              static_cast<long long>(created->token.id.value),
              static_cast<long long>(created->token.user_id.value), invocation.expires_in_days,
              created->secret.c_str());
  return 0;
}

// Runs document import, recording its audit event with the configured seal key.
int RunDocuments(const cli::Invocation& invocation, const cli::Config& config) {
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadSealKey(config);
  if (!key) return Fail(key.error());
  SystemClock clock;
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher, *key ? &**key : nullptr, config.audit.seal_every);
  return RunDocumentImport(invocation, config, trail);
}

Result<std::string> ReadCase(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return NotFoundError(fmt::format("cannot read case file {}", path));
  text << file.rdbuf();
  return text.str();
}

int RunDecide(const cli::Invocation& invocation, const cli::Config& config) {
  Result<policy::RuleSet> rules = policy::LoadRuleSet(config.policy.rules_dir);
  if (!rules) return Fail(rules.error());
  Result<std::string> text = ReadCase(invocation.case_path);
  if (!text) return Fail(text.error());
  Result<std::string> decision = policy::DecideJson(*text, *rules);
  if (!decision) return Fail(decision.error());
  std::fwrite(decision->data(), 1, decision->size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}

// "<host>:<pid>:<random>": unique among the servers sharing a database.
std::string JobOwnerName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "host");
  std::random_device random;
  return fmt::format("{}:{}:{:08x}", host, static_cast<long>(getpid()), random());
}

int RunServe(const cli::Config& config) {
  SetUpLogging(config.log.level);
  Result<policy::RuleSet> rules = policy::LoadRuleSet(config.policy.rules_dir);
  if (!rules) return Fail(rules.error());
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  // The master key is checked before listening: a missing or wrong key stops the server here,
  // not at the first document read.
  Result<std::unique_ptr<crypto::SodiumContentCipher>> cipher = ConfiguredCipher(config);
  if (!cipher) return FailKeySetup(cipher.error());
  if (Status checked = CheckMasterKey(**store, **cipher); !checked) {
    return FailKeySetup(checked.error());
  }
  LogInfo(fmt::format("master key {} matches the stored data keys", (*cipher)->MasterKeyId()));
  SystemClock clock;
  crypto::SodiumPasswordHasher hasher;
  crypto::SodiumTokenSource tokens;
  Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadSealKey(config);
  if (!key) return Fail(key.error());
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher, *key ? &**key : nullptr, config.audit.seal_every);
  Result<std::vector<Role>> scoped = ParseRoleList(config.security.assignment_scoped_roles);
  if (!scoped) return Fail(scoped.error());
  PatientAccess patient_access(
      **store, clock, trail,
      {.scoped_roles = *scoped, .break_glass_minutes = config.security.break_glass_minutes});
  if (Status rules_ok = ValidatePatientAccessRules(patient_access.Rules()); !rules_ok) {
    return Fail(rules_ok.error());
  }
  trail.GuardPatients(&patient_access);
  AuthService auth(**store, clock, hasher, tokens, trail);
  std::error_code missing;
  if (!std::filesystem::is_regular_file(std::filesystem::path(config.web.root) / "index.html",
                                        missing)) {
    LogWarn(fmt::format(
        "web UI not found: {} has no index.html; the API is served, / answers 404. Build it with "
        "`npm ci && npm run build` in web/ (make run does it) or set web.root "
        "(OPENROI_WEB_ROOT)",
        config.web.root));
  }
  char host[256] = {};
  std::string hostname = ::gethostname(host, sizeof(host) - 1) == 0 && host[0] != '\0' ? host : "-";
  ApiTokenService api_tokens(**store, clock, tokens, &trail);
  UserService users(**store, hasher, trail);
  crypto::OpenSslOtpPrimitives otp;
  ContentVault secret_vault(**cipher, clock);
  SecretBox secrets(**cipher, secret_vault);
  TotpService totp(**store, clock, otp, "OpenROI", &secrets, &trail);
  auth.SetSecondFactor(&totp);
  std::unique_ptr<detect::HyperscanDetector> detector;
  if (!config.detection.lexicon_dir.empty()) {
    Result<std::unique_ptr<detect::HyperscanDetector>> loaded =
        detect::LoadDetector(config.detection.lexicon_dir);
    if (!loaded) return Fail(loaded.error());
    detector = std::move(*loaded);
    LogInfo(fmt::format("sensitive-content detection: {} lexicon entries from {}",
                        detector->Entries().size(), config.detection.lexicon_dir));
  }
  render::CairoRenderer renderer;
  ContentVault vault(**cipher, clock);
  docstore::FileSpooler spooler(config.documents.spool_dir);
  docstore::QpdfPageCounter pdf_pages;
  DocumentStore documents(**store, vault, **cipher, spooler, pdf_pages, clock, trail,
                          {.max_bytes = config.documents.max_bytes});
  Result<std::optional<crypto::Ed25519AuditSigner>> packet_key = LoadPacketSigningKey(config);
  if (!packet_key) return Fail(packet_key.error());
  if (*packet_key) {
    LogInfo(fmt::format(
        "packet manifests are signed with the deployment-wide key {} (packet.signing_key_file); "
        "unset it to sign with each organization's own key",
        (*packet_key)->PublicKeyHex()));
  } else {
    LogInfo("packet manifests are signed with each organization's own key (made on first use)");
  }
  render::QpdfAssembler assembler;
  render::QpdfPageReplacer page_replacer;
  crypto::SodiumPacketHasher packet_hasher;
  crypto::Ed25519PacketKeyMaker packet_key_maker;
  PacketKeyring packet_keyring(secrets, packet_key_maker, clock);
  PacketService packets(**store, vault, renderer, assembler, page_replacer, packet_hasher,
                        *packet_key ? &**packet_key : nullptr, &packet_keyring, clock, trail);
  StoredPackets released_packets;
  DeliveryService deliveries(**store, vault, released_packets, hasher, tokens, otp, clock, trail,
                             {.link_days = static_cast<int>(config.delivery.link_days),
                              .max_downloads = static_cast<int>(config.delivery.max_downloads),
                              .base_url = config.delivery.base_url,
                              .mail_from = config.smtp.from,
                              .organization_name = "OpenROI"},
                             secrets);
  std::unique_ptr<Mailer> mailer;
  if (config.smtp.host.empty()) {
    mailer = std::make_unique<UnconfiguredMailer>();
  } else {
    mailer = std::make_unique<mail::SmtpMailer>(
        mail::SmtpOptions{.host = config.smtp.host,
                          .port = static_cast<std::uint16_t>(config.smtp.port),
                          .helo_name = hostname});
  }
  crypto::Ed25519SignatureChecker audit_signatures;
  AuditVerifier audit_verifier(audit_hasher, audit_signatures,
                               *key ? (*key)->PublicKeyHex() : std::string());
  http::Api api(
      {.store = **store,
       .rules = &*rules,
       .auth = &auth,
       .clock = &clock,
       .login_attempts_per_minute = static_cast<int>(config.security.login_attempts_per_minute),
       .web_root = config.web.root,
       .api_tokens = &api_tokens,
       .users = &users,
       .totp = &totp,
       .audit = &trail,
       .hostname = hostname,
       .complaint_contacts = {.privacy_officer = config.letters.privacy_officer},
       .detector = detector.get(),
       .renderer = &renderer,
       .documents = &documents,
       .packets = &packets,
       .retention = RetentionSettingsOf(config),
       .patient_access = &patient_access,
       .deliveries = &deliveries,
       .portal_password_hasher = &hasher,
       .audit_verifier = &audit_verifier,
       .requests_per_minute = static_cast<int>(config.security.requests_per_minute)});
  http::ServerOptions options{
      .host = config.server.host,
      .port = static_cast<std::uint16_t>(config.server.port),
      .threads = static_cast<int>(config.server.threads),
      .max_body_bytes = static_cast<std::size_t>(config.server.max_body_bytes),
      .max_header_bytes = static_cast<std::size_t>(config.server.max_header_bytes),
      .max_stream_body_bytes = static_cast<std::uint64_t>(config.documents.max_bytes),
      .read_timeout_seconds = static_cast<int>(config.server.read_timeout_seconds),
      .shutdown_grace_seconds = static_cast<int>(config.server.shutdown_grace_seconds),
      .handle_signals = true,
      .tls_cert_file = config.server.tls_cert_file,
      .tls_key_file = config.server.tls_key_file};
  http::AccessLogSink access;
  if (config.log.access_log) {
    access = [](const http::AccessRecord& record) { LogAccess(http::FormatAccessRecord(record)); };
  }
  Result<std::unique_ptr<http::Server>> server =
      http::Server::Start(options, api.Routes(), api.Metrics(), access);
  if (!server) return Fail(server.error());
  const char* scheme = config.server.tls_cert_file.empty() ? "http" : "https";
  std::printf("OpenROI %s listening on %s://%s:%u (database: %s)\n", OPENROI_VERSION, scheme,
              config.server.host.c_str(), (*server)->Port(),
              cli::MaskDatabaseUrl(config.database.url).c_str());
  std::fflush(stdout);
  LogInfo(fmt::format("listening on {}:{}", config.server.host, (*server)->Port()));
  // Background jobs (deadline scans): their own threads, stopped after the HTTP server stops.
  Result<std::vector<int>> reminder_days = ParseReminderDays(config.deadlines.reminder_days);
  if (!reminder_days) return Fail(reminder_days.error());
  DeadlineJobs deadlines(
      clock, trail,
      {.reminder_days = *reminder_days,
       .pending_expiry_days = static_cast<int>(config.deadlines.pending_expiry_days)});
  RetentionService retention(**store, clock, trail, RetentionSettingsOf(config));
  JobWorker jobs(
      **store, clock, deadlines,
      {.runners = static_cast<int>(config.jobs.runners),
       .poll_interval = std::chrono::seconds(config.jobs.poll_seconds),
       .scan_interval = std::chrono::seconds(config.jobs.scan_interval_seconds),
       .owner = JobOwnerName(),
       .runner = {},
       .log = [](std::string_view line) { LogWarn(std::string("jobs: ") + std::string(line)); },
       .register_more =
           [&retention, &deliveries, &mailer](JobRunner& runner) {
             retention.Register(runner);
             deliveries.RegisterJobs(runner, *mailer);
           },
       .schedule_more = [&retention]() -> Status {
         Result<int> scheduled = retention.SchedulePurges();
         if (!scheduled) return scheduled.error();
         return OkStatus();
       }});
  jobs.Start();
  LogInfo(fmt::format("{} job runner(s) started", config.jobs.runners));
  (*server)->Run();
  jobs.Stop();
  LogInfo("stopped");
  return 0;
}

}  // namespace

int RunCommand(const cli::Invocation& invocation, const cli::Config& config) {
  switch (invocation.command) {
    case cli::Command::kServe:
      return RunServe(config);
    case cli::Command::kMigrate:
      return RunMigrate(config);
    case cli::Command::kDemo:
      return RunDemo(config);
    case cli::Command::kDecide:
      return RunDecide(invocation, config);
    case cli::Command::kUserAdd:
    case cli::Command::kUserPasswd:
    case cli::Command::kUserDisable:
    case cli::Command::kUserRole:
      return RunUser(invocation, config);
    case cli::Command::kAuditVerify:
      return RunAuditVerify(invocation, config);
    case cli::Command::kAuditSeal:
      return RunAuditSeal(invocation, config);
    case cli::Command::kAuditKeygen:
      return RunAuditKeygen(invocation);
    case cli::Command::kKeysGenerate:
    case cli::Command::kKeysCheck:
    case cli::Command::kKeysRotateMaster:
    case cli::Command::kKeysRotateData:
    case cli::Command::kKeysReencrypt:
      return RunKeys(invocation, config);
    case cli::Command::kTokenCreate:
    case cli::Command::kTokenRevoke:
      return RunToken(invocation, config);
    case cli::Command::kDocumentImport:
      return RunDocuments(invocation, config);
    case cli::Command::kPacketVerify:
    case cli::Command::kPacketKeygen:
    case cli::Command::kPacketRotateKey:
    case cli::Command::kPacketKeys:
      return RunPacket(invocation, config);
    case cli::Command::kRetentionPurge:
      return RunRetentionPurge(invocation, config);
    case cli::Command::kOrgShow:
    case cli::Command::kOrgSet:
      return RunOrg(invocation, config);
    case cli::Command::kOrgFeesShow:
    case cli::Command::kOrgFeesSet:
      return RunOrgFees(invocation, config);
    case cli::Command::kConfig:
      std::fputs(cli::RenderConfig(config).c_str(), stdout);
      return 0;
    case cli::Command::kVersion:
      std::printf("openroi %s\n", OPENROI_VERSION);
      return 0;
  }
  return 70;
}

}  // namespace roi::bin
