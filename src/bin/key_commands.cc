#include "bin/key_commands.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/key_service.h"
#include "bin/commands.h"
#include "bin/system_clock.h"
#include "crypto/audit_crypto.h"
#include "crypto/sodium.h"

namespace roi::bin {
namespace {

constexpr const char* kDevKeyName = "openroi-dev-master.key";

Error NoMasterKey() {
  return FailedPreconditionError(
      "no master key configured: set master.key_file (OPENROI_MASTER_KEY_FILE) or master.key "
      "(OPENROI_MASTER_KEY, base64); create one with `openroi keys generate --out FILE`");
}

// The configured master key, or NoMasterKey().
Result<crypto::MasterKey> ConfiguredMasterKey(const cli::Config& config) {
  if (!config.master.key_file.empty() && !config.master.key.empty()) {
    return InvalidArgumentError(
        "set only one of master.key_file (OPENROI_MASTER_KEY_FILE) and master.key "
        "(OPENROI_MASTER_KEY)");
  }
  if (!config.master.key_file.empty()) return crypto::MasterKey::FromFile(config.master.key_file);
  if (!config.master.key.empty()) {
    return crypto::MasterKey::FromBase64(config.master.key, "master.key (OPENROI_MASTER_KEY)");
  }
  return NoMasterKey();
}

// The configured keys as a cipher whose master is `master` and which also accepts `accepted`.
std::unique_ptr<crypto::SodiumContentCipher> MakeCipher(crypto::MasterKey master,
                                                        std::vector<crypto::MasterKey> accepted) {
  return std::make_unique<crypto::SodiumContentCipher>(std::move(master), std::move(accepted));
}

Result<std::vector<Organization>> Organizations(Store& store, const std::string& slug) {
  std::vector<Organization> out;
  Status listed = store.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    if (!slug.empty()) {
      Result<Organization> one = tx.Organizations().FindBySlug(slug);
      if (!one) return NotFoundError("no organization has the slug \"" + slug + "\"");
      out.push_back(*one);
      return OkStatus();
    }
    Result<std::vector<Organization>> all = tx.Organizations().List();
    if (!all) return all.error();
    out = std::move(*all);
    return OkStatus();
  });
  if (!listed) return listed.error();
  return out;
}

int RunGenerate(const cli::Invocation& invocation) {
  Result<crypto::MasterKey> key = crypto::MasterKey::WriteNewKeyFile(invocation.key_file);
  if (!key) return Fail(key.error());
  std::printf(
      "wrote master key %s to %s (mode 0600); keep it outside the database and its backups\n",
      key->Id().c_str(), invocation.key_file.c_str());
  return 0;
}

int RunCheck(Store& store, const crypto::SodiumContentCipher& cipher) {
  if (Status checked = CheckMasterKey(store, cipher); !checked)
    return FailKeySetup(checked.error());
  std::printf("master key %s matches every stored data key\n", cipher.MasterKeyId().c_str());
  return 0;
}

int RunRotateMaster(const cli::Invocation& invocation, const cli::Config& config, Store& store) {
  Result<crypto::MasterKey> current = ConfiguredMasterKey(config);
  if (!current) return FailKeySetup(current.error());
  Result<crypto::MasterKey> next = crypto::MasterKey::FromFile(invocation.key_file);
  if (!next) return FailKeySetup(next.error());
  std::string old_id = current->Id();
  std::vector<crypto::MasterKey> accepted;
  accepted.push_back(std::move(*current));
  if (!config.master.accept_key_file.empty()) {
    Result<crypto::MasterKey> extra = crypto::MasterKey::FromFile(config.master.accept_key_file);
    if (!extra) return FailKeySetup(extra.error());
    accepted.push_back(std::move(*extra));
  }
  std::unique_ptr<crypto::SodiumContentCipher> cipher =
      MakeCipher(std::move(*next), std::move(accepted));
  SystemClock clock;
  KeyService keys(store, *cipher, clock);
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail audit(clock, audit_hasher);
  Result<MasterRotationReport> report = keys.RotateMaster(audit, CommandLineActor());
  if (!report) return FailKeySetup(report.error());
  std::printf(
      "rewrapped %d data key%s in %d organization%s from master key %s to %s (%d already under "
      "it)\n"
      "next: point master.key_file (OPENROI_MASTER_KEY_FILE) at %s on every server\n",
      report->rewrapped, report->rewrapped == 1 ? "" : "s", report->organizations,
      report->organizations == 1 ? "" : "s", old_id.c_str(), cipher->MasterKeyId().c_str(),
      report->unchanged, invocation.key_file.c_str());
  return 0;
}

int RunRotateData(const cli::Invocation& invocation, Store& store,
                  const crypto::SodiumContentCipher& cipher) {
  Result<std::vector<Organization>> organizations = Organizations(store, invocation.organization);
  if (!organizations) return Fail(organizations.error());
  SystemClock clock;
  KeyService keys(store, cipher, clock);
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail audit(clock, audit_hasher);
  const std::string actor = CommandLineActor();
  for (const Organization& organization : *organizations) {
    Result<int> version = keys.RotateData(organization.id, audit, actor);
    if (!version) return Fail(version.error());
    std::printf("organization \"%s\": new content now uses data key version %d\n",
                organization.slug.c_str(), *version);
  }
  return 0;
}

int RunReencrypt(const cli::Invocation& invocation, Store& store,
                 const crypto::SodiumContentCipher& cipher) {
  Result<std::vector<Organization>> organizations = Organizations(store, invocation.organization);
  if (!organizations) return Fail(organizations.error());
  SystemClock clock;
  KeyService keys(store, cipher, clock);
  for (const Organization& organization : *organizations) {
    std::int64_t total = 0;
    for (;;) {
      Result<std::int64_t> moved = keys.ReencryptBatch(organization.id, invocation.batch);
      if (!moved) return Fail(moved.error());
      if (*moved == 0) break;
      total += *moved;
    }
    std::printf("organization \"%s\": re-encrypted %lld item%s under its newest data key\n",
                organization.slug.c_str(), static_cast<long long>(total), total == 1 ? "" : "s");
  }
  return 0;
}

}  // namespace

Result<std::unique_ptr<crypto::SodiumContentCipher>> ConfiguredCipher(const cli::Config& config) {
  if (Status ready = crypto::Initialize(); !ready) return ready.error();
  Result<crypto::MasterKey> master = ConfiguredMasterKey(config);
  if (!master) return master.error();
  std::vector<crypto::MasterKey> accepted;
  if (!config.master.accept_key_file.empty()) {
    Result<crypto::MasterKey> extra = crypto::MasterKey::FromFile(config.master.accept_key_file);
    if (!extra) return extra.error();
    accepted.push_back(std::move(*extra));
  }
  return MakeCipher(std::move(*master), std::move(accepted));
}

Result<std::unique_ptr<crypto::SodiumContentCipher>> DemoCipher(const cli::Config& config) {
  if (!config.master.key_file.empty() || !config.master.key.empty()) {
    return ConfiguredCipher(config);
  }
  if (Status ready = crypto::Initialize(); !ready) return ready.error();
  std::string path = cli::DataDirectory(config) + "/" + kDevKeyName;
  Result<crypto::MasterKey> key = crypto::MasterKey::WriteNewKeyFile(path);
  if (!key && key.error().code == ErrorCode::kAlreadyExists)
    key = crypto::MasterKey::FromFile(path);
  if (!key) return key.error();
  std::fprintf(stderr,
               "openroi: warning: no master key configured; using the development master key %s "
               "(id %s). Never use it for real records; serve with OPENROI_MASTER_KEY_FILE=%s\n",
               path.c_str(), key->Id().c_str(), path.c_str());
  return MakeCipher(std::move(*key), {});
}

Status CheckMasterKey(Store& store, const ContentCipher& cipher) {
  SystemClock clock;
  KeyService keys(store, cipher, clock);
  return keys.CheckMasterKey();
}

int FailKeySetup(const Error& error) {
  std::fprintf(stderr, "openroi: %s\n", error.ToString().c_str());
  switch (error.code) {
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
      return cli::kExitConfigError;
    default:
      return cli::ExitCodeFor(error.code);
  }
}

int RunKeys(const cli::Invocation& invocation, const cli::Config& config) {
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  if (invocation.command == cli::Command::kKeysGenerate) return RunGenerate(invocation);
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  if (invocation.command == cli::Command::kKeysRotateMaster) {
    return RunRotateMaster(invocation, config, **store);
  }
  Result<std::unique_ptr<crypto::SodiumContentCipher>> cipher = ConfiguredCipher(config);
  if (!cipher) return FailKeySetup(cipher.error());
  if (invocation.command == cli::Command::kKeysCheck) return RunCheck(**store, **cipher);
  // Refuse to add data keys under a master key other than the one already in use.
  if (Status checked = CheckMasterKey(**store, **cipher); !checked) {
    return FailKeySetup(checked.error());
  }
  if (invocation.command == cli::Command::kKeysRotateData) {
    return RunRotateData(invocation, **store, **cipher);
  }
  return RunReencrypt(invocation, **store, **cipher);
}

}  // namespace roi::bin
