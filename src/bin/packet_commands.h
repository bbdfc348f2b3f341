// The release packet side of the composition root: the packet signing key (packet.signing_key or
// packet.signing_key_file, kept like the audit seal key) and the `openroi packet ...` commands.
#pragma once

#include <optional>

#include "cli/command_line.h"
#include "cli/config.h"
#include "crypto/audit_crypto.h"

namespace roi::bin {

// The packet signing key from packet.signing_key or packet.signing_key_file; nullopt when
// neither is set.  Returns InvalidArgument for a malformed key, NotFound for an unreadable file.
Result<std::optional<crypto::Ed25519AuditSigner>> LoadPacketSigningKey(const cli::Config& config);

// Runs packet verify / keygen / rotate-key / keys.  verify exits 0 and prints one line when the
// packet is authentic, else prints what failed and exits 1 (2 for a malformed manifest, 66 for a
// file it cannot read); --public-key may list several keys separated by commas.  rotate-key makes
// an organization's next signing key (app/packet_keyring.h) and prints its public key; keys lists
// every organization key (version, public key, creation date) for publishing to recipients.
int RunPacket(const cli::Invocation& invocation, const cli::Config& config);

}  // namespace roi::bin
