#include "bin/packet_commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/content_vault.h"
#include "app/packet_keyring.h"
#include "app/packet_manifest.h"
#include "app/secret_box.h"
#include "bin/commands.h"
#include "bin/key_commands.h"
#include "bin/system_clock.h"
#include "crypto/audit_crypto.h"
#include "crypto/packet_crypto.h"
#include "crypto/sodium.h"

namespace roi::bin {
namespace {

constexpr int kExitNotAuthentic = 1;
constexpr int kExitMalformed = 2;
constexpr int kExitNoInput = 66;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return NotFoundError("cannot read " + path);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

std::string Trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

bool IsPublicKeyHex(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// --public-key: 64 hex digits, or a file holding them.
Result<std::string> TrustedKey(const std::string& option) {
  std::string lower = Trim(option);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (IsPublicKeyHex(lower)) return lower;
  Result<std::string> text = ReadFile(option);
  if (!text) return NotFoundError("--public-key: neither 64 hex digits nor a readable file");
  std::string key = Trim(*text);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!IsPublicKeyHex(key)) {
    return InvalidArgumentError("--public-key " + option +
                                ": the file does not hold 64 hex digits");
  }
  return key;
}

// Creates `path` (mode 0600) holding `line`.  Returns AlreadyExists if it exists.
Status CreateFile(const std::string& path, const std::string& line, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) {
    if (errno == EEXIST) return AlreadyExistsError(path + " exists; not overwritten");
    return UnavailableError("cannot create " + path);
  }
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) return UnavailableError("cannot write " + path);
  return OkStatus();
}

int RunKeygen(const cli::Invocation& invocation) {
  Result<std::string> seed = crypto::NewAuditSealKeyHex();
  if (!seed) return Fail(seed.error());
  Result<crypto::Ed25519AuditSigner> signer = crypto::Ed25519AuditSigner::FromSeedHex(*seed);
  if (!signer) return Fail(signer.error());
  if (Status written = CreateFile(invocation.key_file, *seed + "\n", 0600); !written) {
    return Fail(written.error());
  }
  const std::string public_file = invocation.key_file + ".pub";
  if (Status written = CreateFile(public_file, signer->PublicKeyHex() + "\n", 0644); !written) {
    return Fail(written.error());
  }
  std::printf(
      "wrote a new packet signing key to %s (keep it secret; back it up) and its public key %s "
      "to %s\n",
      invocation.key_file.c_str(), signer->PublicKeyHex().c_str(), public_file.c_str());
  return 0;
}

int RunVerify(const cli::Invocation& invocation, const cli::Config& config) {
  std::vector<std::string> trusted;
  if (!invocation.public_key.empty()) {
    // Several keys (e.g. every version of an organization's key) are separated by commas.
    std::string rest = invocation.public_key;
    for (;;) {
      std::size_t comma = rest.find(',');
      Result<std::string> key = TrustedKey(rest.substr(0, comma));
      if (!key) return Fail(key.error());
      trusted.push_back(*key);
      if (comma == std::string::npos) break;
      rest = rest.substr(comma + 1);
    }
  } else {
    Result<std::optional<crypto::Ed25519AuditSigner>> key = LoadPacketSigningKey(config);
    if (!key) return Fail(key.error());
    if (*key) trusted.push_back((*key)->PublicKeyHex());
  }
  Result<std::string> pdf = ReadFile(invocation.packet_file);
  if (!pdf) {
    std::fprintf(stderr, "openroi: %s\n", pdf.error().message.c_str());
    return kExitNoInput;
  }
  const std::string manifest_path = invocation.manifest_file.empty()
                                        ? invocation.packet_file + ".manifest.json"
                                        : invocation.manifest_file;
  Result<std::string> manifest = ReadFile(manifest_path);
  if (!manifest) {
    std::fprintf(stderr, "openroi: %s (the manifest; pass --manifest)\n",
                 manifest.error().message.c_str());
    return kExitNoInput;
  }
  crypto::SodiumPacketHasher hasher;
  crypto::Ed25519SignatureChecker checker;
  PacketVerification result = VerifyPacket(*manifest, *pdf, hasher, checker, trusted);
  if (result.problem) {
    std::fprintf(stderr, "openroi: packet %s is NOT authentic (%s): %s\n",
                 invocation.packet_file.c_str(),
                 std::string(PacketProblemName(*result.problem)).c_str(), result.message.c_str());
    return *result.problem == PacketProblem::kMalformedManifest ? kExitMalformed
                                                                : kExitNotAuthentic;
  }
  std::printf("%s: %s\n", invocation.packet_file.c_str(), result.message.c_str());
  return 0;
}

std::string DateOfMicros(std::int64_t micros) {
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(micros / 86'400'000'000)).ToString();
}

// packet rotate-key (rotate) and packet keys: the organizations' own signing keys.  A rotation
// records an audit event in its own transaction.
int RunOrganizationKeys(const cli::Invocation& invocation, const cli::Config& config, bool rotate) {
  Result<std::unique_ptr<Store>> store = OpenAndMigrate(config, /*quiet=*/true);
  if (!store) return Fail(store.error());
  Result<std::unique_ptr<crypto::SodiumContentCipher>> cipher = ConfiguredCipher(config);
  if (!cipher) return FailKeySetup(cipher.error());
  // Refuse to seal keys under a master key other than the one already in use.
  if (Status checked = CheckMasterKey(**store, **cipher); !checked) {
    return FailKeySetup(checked.error());
  }
  std::vector<Organization> organizations;
  Status listed = (*store)->InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) {
    if (!invocation.organization.empty()) {
      Result<Organization> one = tx.Organizations().FindBySlug(invocation.organization);
      if (!one) return Status(one.error());
      organizations.push_back(std::move(*one));
      return OkStatus();
    }
    Result<std::vector<Organization>> all = tx.Organizations().List();
    if (!all) return Status(all.error());
    organizations = std::move(*all);
    return OkStatus();
  });
  if (!listed) return Fail(listed.error());
  SystemClock clock;
  ContentVault vault(**cipher, clock);
  SecretBox box(**cipher, vault);
  crypto::Ed25519PacketKeyMaker maker;
  PacketKeyring keyring(box, maker, clock);
  crypto::SodiumAuditHasher audit_hasher;
  AuditTrail trail(clock, audit_hasher);
  const std::string actor = CommandLineActor();
  for (const Organization& organization : organizations) {
    std::vector<PacketSigningKey> keys;
    Status done = (*store)->InTransaction(
        organization.id, rotate ? TxMode::kWrite : TxMode::kRead, [&](Transaction& tx) {
          if (rotate) {
            Result<PacketSigningKey> made = RotatePacketKey(tx, keyring, trail, actor);
            if (!made) return Status(made.error());
          }
          Result<std::vector<PacketSigningKey>> all = keyring.List(tx);
          if (!all) return Status(all.error());
          keys = std::move(*all);
          return OkStatus();
        });
    if (!done) return Fail(done.error());
    if (rotate && !keys.empty()) {
      std::printf(
          "organization \"%s\": packets are now signed with key version %d, public key %s; "
          "older keys stay listed (openroi packet keys) so the packets they signed still verify\n",
          organization.slug.c_str(), keys.back().version, keys.back().public_key.c_str());
      continue;
    }
    if (keys.empty()) {
      std::printf("%s: no packet signing key yet (made on first use)\n", organization.slug.c_str());
    }
    for (const PacketSigningKey& key : keys) {
      std::printf("%s\t%d\t%s\t%s%s\n", organization.slug.c_str(), key.version,
                  key.public_key.c_str(), DateOfMicros(key.created_micros).c_str(),
                  &key == &keys.back() ? "\tcurrent" : "");
    }
  }
  return 0;
}

}  // namespace

Result<std::optional<crypto::Ed25519AuditSigner>> LoadPacketSigningKey(const cli::Config& config) {
  if (!config.packet.signing_key.empty()) {
    Result<crypto::Ed25519AuditSigner> signer =
        crypto::Ed25519AuditSigner::FromSeedHex(config.packet.signing_key);
    if (!signer) return InvalidArgumentError("packet.signing_key: " + signer.error().message);
    return std::optional<crypto::Ed25519AuditSigner>(*signer);
  }
  if (config.packet.signing_key_file.empty()) {
    return std::optional<crypto::Ed25519AuditSigner>();
  }
  Result<std::string> text = ReadFile(config.packet.signing_key_file);
  if (!text) {
    return NotFoundError("cannot read the packet signing key file " +
                         config.packet.signing_key_file + " (packet.signing_key_file)");
  }
  Result<crypto::Ed25519AuditSigner> signer = crypto::Ed25519AuditSigner::FromSeedHex(*text);
  if (!signer) {
    return InvalidArgumentError("packet signing key file " + config.packet.signing_key_file + ": " +
                                signer.error().message);
  }
  return std::optional<crypto::Ed25519AuditSigner>(*signer);
}

int RunPacket(const cli::Invocation& invocation, const cli::Config& config) {
  if (Status ready = crypto::Initialize(); !ready) return Fail(ready.error());
  if (invocation.command == cli::Command::kPacketKeygen) return RunKeygen(invocation);
  if (invocation.command == cli::Command::kPacketRotateKey) {
    return RunOrganizationKeys(invocation, config, /*rotate=*/true);
  }
  if (invocation.command == cli::Command::kPacketKeys) {
    return RunOrganizationKeys(invocation, config, /*rotate=*/false);
  }
  return RunVerify(invocation, config);
}

}  // namespace roi::bin
