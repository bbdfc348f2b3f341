#include "app/secret_box.h"

#include <charconv>
#include <memory>

#include "domain/audit.h"

namespace roi {
namespace {

constexpr std::string_view kPrefix = "enc1:";

std::string Associated(OrganizationId organization, std::string_view purpose) {
  return "openroi/secret/v1 organization=" + std::to_string(organization.value) + " " +
         std::string(purpose);
}

Error Malformed() { return DataLossError("stored secret is not a sealed value"); }

}  // namespace

bool SecretBox::IsSealed(std::string_view stored) { return stored.starts_with(kPrefix); }

Result<std::string> SecretBox::Seal(Transaction& tx, std::string_view plaintext,
                                    std::string_view purpose) const {
  Result<WrappedDataKey> key = vault_.ActiveKey(tx);
  if (!key) return key.error();
  Result<std::unique_ptr<ContentSealer>> sealer =
      cipher_.Sealer(*key, Associated(tx.Organization(), purpose));
  if (!sealer) return sealer.error();
  Result<std::string> ciphertext = (*sealer)->Push(plaintext, ChunkPosition::kLast);
  if (!ciphertext) return ciphertext.error();
  return std::string(kPrefix) + std::to_string(key->version) + ":" +
         HexEncode((*sealer)->Header()) + ":" + HexEncode(*ciphertext);
}

Result<std::string> SecretBox::Open(Transaction& tx, std::string_view sealed,
                                    std::string_view purpose) const {
  if (!IsSealed(sealed)) return Malformed();
  std::string_view rest = sealed.substr(kPrefix.size());
  std::size_t first = rest.find(':');
  if (first == std::string_view::npos) return Malformed();
  std::size_t second = rest.find(':', first + 1);
  if (second == std::string_view::npos) return Malformed();
  int version = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + first, version);
  if (ec != std::errc() || end != rest.data() + first || version < 1) return Malformed();
  Result<std::string> header = HexDecode(rest.substr(first + 1, second - first - 1));
  Result<std::string> ciphertext = HexDecode(rest.substr(second + 1));
  if (!header || !ciphertext) return Malformed();
  Result<DataKeyRecord> record = tx.DataKeys().Find(version);
  if (!record) {
    if (record.error().code != ErrorCode::kNotFound) return record.error();
    return DataLossError("the data key version " + std::to_string(version) +
                         " of a stored secret is missing");
  }
  if (!cipher_.Accepts(record->master_key_id)) {
    return MasterKeyMismatch(record->master_key_id, cipher_.MasterKeyId());
  }
  WrappedDataKey key{.organization = tx.Organization(),
                     .version = record->version,
                     .wrapped_key = record->wrapped_key,
                     .master_key_id = record->master_key_id};
  Result<std::unique_ptr<ContentOpener>> opener =
      cipher_.Opener(key, *header, Associated(tx.Organization(), purpose));
  if (!opener) return opener.error();
  Result<OpenedChunk> chunk = (*opener)->Pull(*ciphertext);
  if (!chunk) return chunk.error();
  if (chunk->position != ChunkPosition::kLast) return Malformed();
  return std::move(chunk->plaintext);
}

}  // namespace roi
