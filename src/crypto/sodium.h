// libsodium wrappers: random tokens, BLAKE2b hashes and Argon2id password hashes.  Everything here
// is a thin, checked call into libsodium; no primitive is implemented by hand.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roi::crypto {

// Initialises libsodium.  Safe to call many times and from several threads.  Returns Internal if
// the library cannot start (no entropy source).
Status Initialize();

// `bytes` random bytes (1..1024) from the operating system, encoded as unpadded base64url: for
// session ids, API tokens and download links.  Returns InvalidArgument for a bad size.
Result<std::string> RandomToken(std::size_t bytes);

// The BLAKE2b hash of `data` with a digest of `digest_bytes` (16..64), as lower-case hex.
// Returns InvalidArgument for a bad digest size.
Result<std::string> Blake2bHex(std::string_view data, std::size_t digest_bytes = 32);

// Hashes a password with Argon2id (libsodium's interactive limits), returning the self-describing
// encoded string ("$argon2id$v=19$m=...").  Returns InvalidArgument for an empty password or one
// over 1024 bytes, ResourceExhausted if memory for the hash cannot be had.
Result<std::string> HashPassword(std::string_view password);

// True iff `password` matches `encoded`, in constant time.  A malformed `encoded` never matches.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// Compares two strings in constant time for equal lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace roi::crypto
