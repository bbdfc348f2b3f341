// The packet manifest codec (canonical signed bytes, the manifest file round trip, strict
// decoding) and signing and verification with the real Ed25519 and SHA-256 adapters.
#include "app/packet_manifest.h"

#include <gtest/gtest.h>

#include "crypto/audit_crypto.h"
#include "crypto/packet_crypto.h"
#include "crypto/sodium.h"

namespace roi {
namespace {

class PacketManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Initialize());
    Result<crypto::Ed25519AuditSigner> signer =
        crypto::Ed25519AuditSigner::FromSeedHex(std::string(64, '1'));
    ASSERT_TRUE(signer);
    signer_.emplace(*signer);
    pdf_ = "%PDF-1.7 synthetic packet bytes";
    manifest_ = PacketManifest{
        .request_number = "R-2026-000001",
        .organization = "Example \"Quoted\" Clinic\\",
        .recipient = "Testpatient Alpha",
        .issued_at = "2026-01-05T09:00:00Z",
        .documents = {{.id = 12,
                       .title = "Progress note of 2024-05-01 (document 12)\n\tline\x01",
                       .media_type = "application/pdf",
                       .sha256 = std::string(64, 'c'),
                       .pages = 2},
                      {.id = 13,
                       .title = "Lab result \xC3\xA9",
                       .media_type = "text/plain",
                       .sha256 = std::string(64, 'd'),
                       .pages = 1}},
        .redactions = {},
        .rule_ids = {"HIPAA_ACCESS_RIGHT", "CA_HSC_123110"},
        .packet_sha256 = hasher_.Sha256Hex(pdf_),
        .packet_pages = 4,
        .signer = {
            .scope = "organization", .key_version = 3, .public_key = signer_->PublicKeyHex()}};
  }
  std::vector<std::string> Trusted() const { return {signer_->PublicKeyHex()}; }

  crypto::SodiumPacketHasher hasher_;
  crypto::Ed25519SignatureChecker checker_;
  std::optional<crypto::Ed25519AuditSigner> signer_;
  std::string pdf_;
  PacketManifest manifest_;
};

TEST_F(PacketManifestTest, Sha256IsTheStandardDigest) {
  EXPECT_EQ(hasher_.Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(PacketManifestTest, SignedBytesAreCanonical) {
  std::string bytes = ManifestSignedBytes(manifest_);
  EXPECT_EQ(
      bytes.rfind(R"({"format":"openroi.packet-manifest/2","request_number":"R-2026-000001")", 0),
      0u)
      << bytes;
  EXPECT_NE(bytes.find(R"("organization":"Example \"Quoted\" Clinic\\")"), std::string::npos);
  EXPECT_NE(bytes.find(R"(\n\tline\u0001)"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find(R"("redactions":[])"), std::string::npos);
  EXPECT_NE(
      bytes.find(
          R"("issued_at":"2026-01-05T09:00:00Z","signer":{"scope":"organization","key_version":3,"public_key":")" +
          signer_->PublicKeyHex() + "\"},\"documents\""),
      std::string::npos)
      << bytes;
  EXPECT_EQ(bytes.find("\": "), std::string::npos);  // No padding.
  EXPECT_EQ(ManifestSignedBytes(manifest_), bytes);
}

TEST_F(PacketManifestTest, FileRoundTripsAndReencodesToTheSameBytes) {
  SignedManifest signed_manifest = SignManifest(manifest_, *signer_);
  manifest_.redactions.push_back({.document_id = 12, .page = 1, .reason = "third_party"});
  manifest_.redactions.push_back({.document_id = 13,
                                  .page = 0,
                                  .reason = "other",
                                  .span_begin = 4,
                                  .span_end = 19,
                                  .reason_text = "synthetic \"court\" order",
                                  .marked_by = 7,
                                  .marked_by_name = "Testclerk Beta",
                                  .marked_at = "2026-01-04T08:00:00Z"});
  signed_manifest = SignManifest(manifest_, *signer_);
  std::string file = EncodeSignedManifest(signed_manifest);
  Result<SignedManifest> decoded = DecodeSignedManifest(file);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(*decoded, signed_manifest);
  EXPECT_EQ(EncodeSignedManifest(*decoded), file);
  EXPECT_EQ(decoded->key_id, signer_->PublicKeyHex());
}

TEST_F(PacketManifestTest, MalformedManifestsAreRefusedNamingTheField) {
  std::string good = EncodeSignedManifest(SignManifest(manifest_, *signer_));
  struct Case {
    std::string text;
    std::string names;
  };
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  for (const Case& bad : {
           Case{"not json", "malformed manifest"},
           Case{"[]", "malformed manifest"},
           Case{replaced("openroi.packet-manifest/2", "other/9"), "manifest/format"},
           Case{replaced(R"("scope":"organization")", R"("scope":"nobody")"),
                "manifest/signer/scope"},
           Case{replaced(R"(,"signer":{)", R"(,"signed":{)"), "unknown field"},
           Case{replaced(R"("pages":2)", R"("pages":"2")"), "manifest/documents/pages"},
           Case{replaced(std::string(64, 'c'), "cafe"), "manifest/documents/sha256"},
           Case{replaced(R"("redactions":[])", R"("redactions":{})"), "manifest/redactions"},
           Case{replaced(R"("algorithm":"ed25519")", R"("algorithm":"rsa")"),
                "signature/algorithm"},
           Case{replaced(R"("recipient")", R"("extra":1,"recipient")"), "unknown field"},
           Case{R"({"manifest":{}})", "manifest/format"},
       }) {
    Result<SignedManifest> decoded = DecodeSignedManifest(bad.text);
    ASSERT_FALSE(decoded) << bad.text;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(decoded.error().message.find(bad.names), std::string::npos)
        << decoded.error().message;
  }
}

TEST_F(PacketManifestTest, VerificationNamesWhatFailed) {
  std::string file = EncodeSignedManifest(SignManifest(manifest_, *signer_));
  PacketVerification ok = VerifyPacket(file, pdf_, hasher_, checker_, Trusted());
  EXPECT_FALSE(ok.problem) << ok.message;
  EXPECT_NE(ok.message.find("R-2026-000001"), std::string::npos);

  std::string altered_pdf = pdf_;
  altered_pdf[3] = static_cast<char>(altered_pdf[3] ^ 0x01);
  PacketVerification pdf = VerifyPacket(file, altered_pdf, hasher_, checker_, Trusted());
  ASSERT_TRUE(pdf.problem);
  EXPECT_EQ(*pdf.problem, PacketProblem::kAlteredPdf);

  std::string altered = file;
  altered.replace(altered.find("R-2026-000001"), 13, "R-2026-000002");
  PacketVerification signature = VerifyPacket(altered, pdf_, hasher_, checker_, Trusted());
  ASSERT_TRUE(signature.problem);
  EXPECT_EQ(*signature.problem, PacketProblem::kBadSignature);

  PacketVerification unknown = VerifyPacket(file, pdf_, hasher_, checker_, {std::string(64, 'e')});
  ASSERT_TRUE(unknown.problem);
  EXPECT_EQ(*unknown.problem, PacketProblem::kUnknownKey);
  PacketVerification untrusted = VerifyPacket(file, pdf_, hasher_, checker_, {});
  ASSERT_TRUE(untrusted.problem);
  EXPECT_EQ(*untrusted.problem, PacketProblem::kUnknownKey);

  PacketVerification malformed = VerifyPacket("{", pdf_, hasher_, checker_, Trusted());
  ASSERT_TRUE(malformed.problem);
  EXPECT_EQ(*malformed.problem, PacketProblem::kMalformedManifest);
  EXPECT_EQ(PacketProblemName(PacketProblem::kAlteredPdf), "altered_pdf");
}

TEST_F(PacketManifestTest, VersionOneManifestsStillDecodeAndVerify) {
  manifest_.version = 1;
  manifest_.signer = {};
  manifest_.redactions.push_back({.document_id = 12, .page = 1, .reason = "THIRD_PARTY"});
  std::string file = EncodeSignedManifest(SignManifest(manifest_, *signer_));
  EXPECT_NE(file.find(R"("format":"openroi.packet-manifest/1")"), std::string::npos);
  EXPECT_EQ(file.find("signer"), std::string::npos);
  EXPECT_NE(file.find(R"({"document_id":12,"page":1,"reason":"THIRD_PARTY"})"), std::string::npos)
      << file;
  Result<SignedManifest> decoded = DecodeSignedManifest(file);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->manifest.version, 1);
  EXPECT_EQ(EncodeSignedManifest(*decoded), file);
  PacketVerification ok = VerifyPacket(file, pdf_, hasher_, checker_, Trusted());
  EXPECT_FALSE(ok.problem) << ok.message;
  // Version 2 fields are not part of version 1.
  std::string extended = file;
  extended.replace(extended.find(R"("reason":"THIRD_PARTY")"), 22,
                   R"("reason":"THIRD_PARTY","marked_by":1)");
  EXPECT_FALSE(DecodeSignedManifest(extended));
}

TEST_F(PacketManifestTest, TheSignerNamedMustBeTheSigningKey) {
  PacketVerification ok = VerifyPacket(EncodeSignedManifest(SignManifest(manifest_, *signer_)),
                                       pdf_, hasher_, checker_, Trusted());
  EXPECT_FALSE(ok.problem) << ok.message;
  EXPECT_NE(ok.message.find("key version 3"), std::string::npos) << ok.message;
  // Signed by a trusted key, but naming another key as the signer.
  manifest_.signer.public_key = std::string(64, 'f');
  PacketVerification mismatch = VerifyPacket(
      EncodeSignedManifest(SignManifest(manifest_, *signer_)), pdf_, hasher_, checker_, Trusted());
  ASSERT_TRUE(mismatch.problem);
  EXPECT_EQ(*mismatch.problem, PacketProblem::kBadSignature);
  EXPECT_NE(mismatch.message.find("names signer key"), std::string::npos) << mismatch.message;
}

}  // namespace
}  // namespace roi
