// Release packets end to end over a real server on SQLite and (when ROI_TEST_POSTGRES_URL is set)
// PostgreSQL: a patient-access request with a stored PDF, a text document and an out-of-scope
// billing record; the packet is built, stored and downloaded through the routes, checked with
// `qpdf --check` and `pdftotext` (cover letter, stamps on every page, the released text, never
// the withheld note), verified offline with `openroi packet verify`, and found again by the public
// POST /api/v1/verify; then one flipped byte, an altered manifest, another key and a broken
// manifest each fail verification saying why.  A request with a redacted text span and a redacted
// PDF page gets a packet with both burned in and listed in the signed manifest; packets signed
// with the organization's own key verify under that key only, and still after it is rotated.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/content_vault.h"
#include "app/document_store.h"
#include "app/packet_keyring.h"
#include "app/packet_service.h"
#include "app/secret_box.h"
#include "crypto/audit_crypto.h"
#include "crypto/content_cipher.h"
#include "crypto/packet_crypto.h"
#include "crypto/sodium.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"
#include "integration/lifecycle_fixture.h"
#include "render/cairo_renderer.h"
#include "render/qpdf_assembler.h"
#include "render/qpdf_page_replacer.h"
#include "testing/synthetic_files.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

class StringSource final : public ContentSource {
 public:
  explicit StringSource(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    std::size_t n = std::min(capacity, bytes_.size() - at_);
    std::copy_n(bytes_.data() + at_, n, buffer);
    at_ += n;
    return n;
  }

 private:
  std::string bytes_;
  std::size_t at_ = 0;
};

struct CommandRun {
  int exit_code = -1;
  std::string output;  // Standard output and error.
};

CommandRun Execute(const std::string& command) {
  CommandRun run;
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    run.output.append(buffer, n);
  }
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A PDF with one page per word, each showing its word in Helvetica (pdftotext reads it back).
std::string TextPdf(const std::vector<std::string>& words) {
  std::vector<std::string> objects;
  std::string kids;
  const int n = static_cast<int>(words.size());
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  for (int i = 0; i < n; ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int i = 0; i < n; ++i) {
    std::string content =
        "BT /F1 24 Tf 72 700 Td (" + words[static_cast<std::size_t>(i)] + ") Tj ET";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(5 + 2 * i) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  return roi::testing::PdfFromObjects(objects);
}

template <typename Factory>
class PacketTest : public roi::testing::LifecycleFixture {
 protected:
  PacketTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Packet Test Clinic",
                          .slug = "packets",
                          .patient_mrn = "PK-0001",
                          .password = "packet-password-long-enough",
                          .users = {{.name = "specialist", .display_name = "Testclerk Beta"}}}) {}
  void Configure(ApiDependencies& dependencies) override {
    ASSERT_TRUE(crypto::Initialize());
    principal_ = principals_["specialist"];
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                            std::vector<crypto::MasterKey>{});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    documents_ = std::make_unique<DocumentStore>(*store_, *vault_, *cipher_, spooler_, pdf_pages_,
                                                 clock_, audit_);
    Result<crypto::Ed25519AuditSigner> signer =
        crypto::Ed25519AuditSigner::FromSeedHex(std::string(32, '5') + std::string(32, 'a'));
    ASSERT_TRUE(signer) << signer.error().ToString();
    signer_ = std::make_unique<crypto::Ed25519AuditSigner>(*signer);
    packets_ = std::make_unique<PacketService>(*store_, *vault_, renderer_, assembler_, replacer_,
                                               hasher256_, signer_.get(), nullptr, clock_, audit_);
    box_ = std::make_unique<SecretBox>(*cipher_, *vault_);
    keyring_ = std::make_unique<PacketKeyring>(*box_, key_maker_, clock_);
    org_packets_ =
        std::make_unique<PacketService>(*store_, *vault_, renderer_, assembler_, replacer_,
                                        hasher256_, nullptr, keyring_.get(), clock_, audit_);
    dependencies.renderer = &renderer_;
    dependencies.documents = documents_.get();
    dependencies.packets = packets_.get();
    dependencies.verify_attempts_per_minute = 5;
  }
  void SetUp() override {
    LifecycleFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("packet_test_" + std::to_string(::getpid()) + "_" + std::string(store_->Kind()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    LifecycleFixture::TearDown();
  }

  std::pair<long, json> Call(const std::string& method, const std::string& path,
                             const json& body = nullptr) {
    return CallAs("specialist", method, path, body);
  }
  ClientResponse Raw(const std::string& method, const std::string& path) {
    return RawAs("specialist", method, path);
  }
  std::pair<long, json> Act(std::int64_t id, const std::string& action, const std::string& key) {
    return Call("POST", "/api/v1/requests/" + std::to_string(id) + "/transitions",
                {{"action", action}, {"idempotency_key", key}, {"note", "synthetic"}});
  }
  // Uploads `bytes` as a document of the patient; returns its id.
  std::int64_t Upload(const std::string& kind, const std::string& bytes) {
    StringSource source(bytes);
    Result<StoredDocument> stored =
        documents_->Upload(principal_,
                           UploadCommand{.document = {.patient_id = patient_,
                                                      .kind = kind,
                                                      .service_date = *Date::FromYmd(2024, 5, 1)},
                                         .declared_type = ""},
                           source);
    EXPECT_TRUE(stored) << stored.error().ToString();
    return stored ? stored->document.id.value : 0;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  // A new patient-access request for `scope`, taken to ready_to_release; returns its id and
  // number.  `key` makes the transitions' idempotency keys unique.
  std::pair<std::int64_t, std::string> ReadyRequest(const json& scope, const std::string& key) {
    auto [requester_status, requester] =
        Call("POST", "/api/v1/requesters", {{"role", "patient"}, {"name", "Testpatient Alpha"}});
    EXPECT_EQ(requester_status, 201) << requester.dump();
    auto [status, created] = Call("POST", "/api/v1/requests",
                                  {{"patient_mrn", "PK-0001"},
                                   {"requester_id", requester["id"]},
                                   {"channel", "portal"},
                                   {"basis", "access"},
                                   {"purpose", "personal"},
                                   {"written", true},
                                   {"signed", true},
                                   {"identity_verified", true},
                                   {"medium", "portal"},
                                   {"scope", scope}});
    EXPECT_EQ(status, 201) << created.dump();
    if (status != 201) return {0, ""};
    const std::int64_t id = created["id"];
    for (const char* action : {"start_verification", "start_retrieval", "finish_retrieval"}) {
      auto [code, body] = Act(id, action, key + action);
      EXPECT_EQ(code, 200) << action << ": " << body.dump();
    }
    const std::string number = created["number"];
    return {id, number};
  }
  // Packet `record`'s PDF and manifest written to files named `name` and `name`.manifest.json.
  std::string SavePacket(PacketService& packets, const PacketRecord& record,
                         const std::string& name) {
    Result<PacketDownload> pdf =
        packets.DownloadPdf(principal_, record.request_id, record.sequence);
    Result<PacketDownload> manifest =
        packets.DownloadManifest(principal_, record.request_id, record.sequence);
    EXPECT_TRUE(pdf && manifest);
    if (!pdf || !manifest) return "";
    const std::string file = Path(name);
    WriteFile(file, pdf->bytes);
    WriteFile(file + ".manifest.json", manifest->bytes);
    return file;
  }
  // Runs `openroi packet verify`.
  CommandRun Verify(const std::string& pdf, const std::string& extra = "") {
    return Execute(std::string(OPENROI_BINARY) + " packet verify " + pdf + " " + extra);
  }

  Principal principal_;
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  docstore::FileSpooler spooler_;
  docstore::QpdfPageCounter pdf_pages_;
  std::unique_ptr<DocumentStore> documents_;
  render::CairoRenderer renderer_;
  render::QpdfAssembler assembler_;
  render::QpdfPageReplacer replacer_;
  crypto::SodiumPacketHasher hasher256_;
  std::unique_ptr<crypto::Ed25519AuditSigner> signer_;
  std::unique_ptr<PacketService> packets_;
  crypto::Ed25519PacketKeyMaker key_maker_;
  std::unique_ptr<SecretBox> box_;
  std::unique_ptr<PacketKeyring> keyring_;
  std::unique_ptr<PacketService> org_packets_;  // Signs with the organization's own key.
  std::filesystem::path dir_;
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(PacketTest, Backends, contract::ImplementationNames);

TYPED_TEST(PacketTest, PacketIsBuiltStoredCheckedAndVerified) {
  std::int64_t pdf_doc = this->Upload("progress_note", roi::testing::SyntheticPdf(2));
  std::int64_t text_doc =
      this->Upload("lab_result", "Synthetic lab result: potassium 4.1 mmol/L (PACKET-TEXT-MARK)\n");
  auto [note_status, note] = this->Call("POST", "/api/v1/documents",
                                        {{"patient_id", this->patient_.value},
                                         {"kind", "billing"},
                                         {"service_date", "2024-05-02"},
                                         {"pages", 1},
                                         {"content", "WITHHELD-NOTE-MARK synthetic session."}});
  ASSERT_EQ(note_status, 201) << note.dump();
  auto [requester_status, requester] = this->Call(
      "POST", "/api/v1/requesters", {{"role", "patient"}, {"name", "Testpatient Alpha"}});
  ASSERT_EQ(requester_status, 201) << requester.dump();
  auto [status, created] = this->Call("POST", "/api/v1/requests",
                                      {{"patient_mrn", "PK-0001"},
                                       {"requester_id", requester["id"]},
                                       {"channel", "portal"},
                                       {"basis", "access"},
                                       {"purpose", "personal"},
                                       {"written", true},
                                       {"signed", true},
                                       {"identity_verified", true},
                                       {"medium", "portal"},
                                       {"scope", {{"kinds", {"progress_note", "lab_result"}}}}});
  ASSERT_EQ(status, 201) << created.dump();
  std::int64_t id = created["id"];
  const std::string number = created["number"];
  const std::string base = "/api/v1/requests/" + std::to_string(id);

  // Not yet ready: no packet.
  EXPECT_EQ(this->Call("POST", base + "/packet").first, 409);
  for (auto [action, key] :
       {std::pair{"start_verification", "k1"}, std::pair{"start_retrieval", "k2"},
        std::pair{"finish_retrieval", "k3"}}) {
    auto [code, body] = this->Act(id, action, key);
    ASSERT_EQ(code, 200) << action << ": " << body.dump();
  }
  auto [ready_status, ready] = this->Call("GET", base);
  ASSERT_EQ(ready_status, 200) << ready.dump();
  ASSERT_EQ(ready["state"], "ready_to_release") << ready.dump();
  const std::int64_t note_id = note["id"];
  bool withheld = false;
  for (const json& document : ready["decision"]["documents"]) {
    if (document["id"] == std::to_string(note_id)) {
      withheld = document["action"] == "withhold";
    }
  }
  ASSERT_TRUE(withheld) << ready["decision"].dump();

  // Built before release (the cover letter written from the stored decision), then after.
  auto [built_status, built] = this->Call("POST", base + "/packet");
  ASSERT_EQ(built_status, 201) << built.dump();
  EXPECT_EQ(built["sequence"], 1);
  auto [released_status, released] = this->Act(id, "release", "k4");
  ASSERT_EQ(released_status, 200) << released.dump();
  auto [again_status, again] = this->Call("POST", base + "/packet");
  ASSERT_EQ(again_status, 201) << again.dump();
  auto [list_status, list] = this->Call("GET", base + "/packets");
  ASSERT_EQ(list_status, 200) << list.dump();
  ASSERT_GE(list["packets"].size(), 1u);
  const json& last = list["packets"].back();
  const int sequence = last["sequence"];

  ClientResponse pdf = this->Raw("GET", base + "/packets/" + std::to_string(sequence) + ".pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  ClientResponse manifest =
      this->Raw("GET", base + "/packets/" + std::to_string(sequence) + ".manifest.json");
  ASSERT_EQ(manifest.status, 200) << manifest.body;
  EXPECT_EQ(this->hasher256_.Sha256Hex(pdf.body), last["sha256"]);
  json parsed = json::parse(manifest.body);
  EXPECT_EQ(parsed["manifest"]["request_number"], number);
  EXPECT_EQ(parsed["manifest"]["organization"], "Packet Test Clinic");
  EXPECT_TRUE(parsed["manifest"]["redactions"].is_array());
  EXPECT_TRUE(parsed["manifest"]["redactions"].empty());
  EXPECT_FALSE(parsed["manifest"]["rule_ids"].empty());
  ASSERT_EQ(parsed["manifest"]["documents"].size(), 2u);
  EXPECT_EQ(parsed["manifest"]["documents"][0]["id"], pdf_doc);
  EXPECT_EQ(parsed["manifest"]["documents"][0]["pages"], 2);
  EXPECT_EQ(parsed["manifest"]["documents"][1]["id"], text_doc);
  EXPECT_EQ(parsed["signature"]["key_id"], this->signer_->PublicKeyHex());

  const std::string file = this->Path("packet.pdf");
  WriteFile(file, pdf.body);
  WriteFile(file + ".manifest.json", manifest.body);
  CommandRun check = Execute("qpdf --check " + file);
  EXPECT_EQ(check.exit_code, 0) << check.output;
  CommandRun text = Execute("pdftotext -layout " + file + " -");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  const int pages = parsed["manifest"]["packet"]["pages"];
  EXPECT_GE(pages, 4);  // Cover letter, two PDF pages, the text document.
  EXPECT_NE(text.output.find("Release of records"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("PACKET-TEXT-MARK"), std::string::npos) << text.output;
  EXPECT_EQ(text.output.find("WITHHELD-NOTE-MARK"), std::string::npos) << text.output;
  for (int page = 1; page <= pages; ++page) {
    std::string stamp = "page " + std::to_string(page) + " of " + std::to_string(pages);
    EXPECT_NE(text.output.find(stamp), std::string::npos) << stamp << "\n" << text.output;
  }
  EXPECT_NE(text.output.find("Request " + number), std::string::npos);

  // Offline verification with the trusted public key.
  const std::string key = this->signer_->PublicKeyHex();
  CommandRun verified = this->Verify(file, "--public-key " + key);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("authentic"), std::string::npos) << verified.output;
  EXPECT_NE(verified.output.find(number), std::string::npos) << verified.output;

  // The public lookup knows it, by bytes and by digest.
  ClientResponse by_bytes = Fetch(this->server_->Port(), "POST", "/api/v1/verify", pdf.body,
                                  {"Content-Type: application/pdf"});
  ASSERT_EQ(by_bytes.status, 200) << by_bytes.body;
  json issued = json::parse(by_bytes.body);
  EXPECT_EQ(issued["issued"], true);
  EXPECT_EQ(issued["request_number"], number);
  EXPECT_EQ(issued["organization"], "Packet Test Clinic");
  EXPECT_FALSE(issued.contains("patient"));

  // One flipped byte: the PDF is not the one signed.
  std::string flipped = pdf.body;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
  const std::string altered = this->Path("altered.pdf");
  WriteFile(altered, flipped);
  CommandRun bad_pdf =
      this->Verify(altered, "--manifest " + file + ".manifest.json --public-key " + key);
  EXPECT_EQ(bad_pdf.exit_code, 1) << bad_pdf.output;
  EXPECT_NE(bad_pdf.output.find("altered_pdf"), std::string::npos) << bad_pdf.output;
  ClientResponse unknown = Fetch(this->server_->Port(), "POST", "/api/v1/verify", flipped,
                                 {"Content-Type: application/pdf"});
  ASSERT_EQ(unknown.status, 200) << unknown.body;
  EXPECT_EQ(json::parse(unknown.body)["issued"], false);

  // An altered manifest: the signature no longer matches.
  std::string changed = manifest.body;
  changed.replace(changed.find(number), number.size(), "R-1999-999999");
  const std::string changed_file = this->Path("changed.manifest.json");
  WriteFile(changed_file, changed);
  CommandRun bad_signature =
      this->Verify(file, "--manifest " + changed_file + " --public-key " + key);
  EXPECT_EQ(bad_signature.exit_code, 1) << bad_signature.output;
  EXPECT_NE(bad_signature.output.find("bad_signature"), std::string::npos) << bad_signature.output;

  // Another key: not trusted.
  Result<crypto::Ed25519AuditSigner> other =
      crypto::Ed25519AuditSigner::FromSeedHex(std::string(64, '7'));
  ASSERT_TRUE(other);
  CommandRun unknown_key = this->Verify(file, "--public-key " + other->PublicKeyHex());
  EXPECT_EQ(unknown_key.exit_code, 1) << unknown_key.output;
  EXPECT_NE(unknown_key.output.find("unknown_key"), std::string::npos) << unknown_key.output;

  // A manifest that is not one.
  const std::string broken = this->Path("broken.manifest.json");
  WriteFile(broken, "{\"manifest\": 42}");
  CommandRun malformed = this->Verify(file, "--manifest " + broken + " --public-key " + key);
  EXPECT_EQ(malformed.exit_code, 2) << malformed.output;
  EXPECT_NE(malformed.output.find("malformed_manifest"), std::string::npos) << malformed.output;

  // The public lookup is limited per client address.
  long last_status = 0;
  for (int i = 0; i < 6; ++i) {
    last_status =
        Fetch(this->server_->Port(), "POST", "/api/v1/verify",
              R"({"sha256":")" + std::string(64, 'b') + "\"}", {"Content-Type: application/json"})
            .status;
  }
  EXPECT_EQ(last_status, 429);
}

TYPED_TEST(PacketTest, BuildingIsDeterministicAndNeedsAKey) {
  std::int64_t document = this->Upload("progress_note", roi::testing::SyntheticPdf(1));
  auto [requester_status, requester] = this->Call(
      "POST", "/api/v1/requesters", {{"role", "patient"}, {"name", "Testpatient Alpha"}});
  ASSERT_EQ(requester_status, 201);
  auto [status, created] = this->Call("POST", "/api/v1/requests",
                                      {{"patient_mrn", "PK-0001"},
                                       {"requester_id", requester["id"]},
                                       {"channel", "portal"},
                                       {"basis", "access"},
                                       {"purpose", "personal"},
                                       {"written", true},
                                       {"signed", true},
                                       {"identity_verified", true},
                                       {"medium", "portal"},
                                       {"scope", {{"all_records", true}}}});
  ASSERT_EQ(status, 201) << created.dump();
  const std::int64_t raw_id = created["id"];
  RequestId id(raw_id);
  for (auto [action, key] :
       {std::pair{"start_verification", "d1"}, std::pair{"start_retrieval", "d2"},
        std::pair{"finish_retrieval", "d3"}, std::pair{"release", "d4"}}) {
    ASSERT_EQ(this->Act(id.value, action, key).first, 200) << action;
  }
  Result<PacketRecord> first = this->packets_->Build(this->principal_, id);
  ASSERT_TRUE(first) << first.error().ToString();
  this->clock_.AdvanceMicros(7'200'000'000);
  Result<PacketRecord> second = this->packets_->Build(this->principal_, id);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->digest, first->digest);  // Same inputs, same bytes: the stored packet.
  EXPECT_EQ(second->sequence, first->sequence);
  Result<std::vector<PacketRecord>> listed = this->packets_->List(this->principal_, id);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);

  PacketService unsigned_packets(*this->store_, *this->vault_, this->renderer_, this->assembler_,
                                 this->replacer_, this->hasher256_, nullptr, nullptr, this->clock_,
                                 this->audit_);
  Result<PacketRecord> refused = unsigned_packets.Build(this->principal_, id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("signing key"), std::string::npos);

  // A redaction changes the packet: a new one is stored, with the page withheld.
  ASSERT_TRUE(
      this->store_->InTransaction(this->organization_, TxMode::kWrite, [&](Transaction& tx) {
        Result<Redaction> marked =
            tx.Redactions().Insert(Redaction{.request_id = id,
                                             .document_id = DocumentId(document),
                                             .page = 1,
                                             .reason = RedactionReason::kThirdParty,
                                             .marked_by = this->principal_.user.id,
                                             .marked_micros = this->clock_.NowMicros()});
        return marked ? OkStatus() : Status(marked.error());
      }));
  Result<PacketRecord> redacted = this->packets_->Build(this->principal_, id);
  ASSERT_TRUE(redacted) << redacted.error().ToString();
  EXPECT_NE(redacted->digest, first->digest);
  EXPECT_EQ(redacted->sequence, first->sequence + 1);
  Result<PacketDownload> manifest =
      this->packets_->DownloadManifest(this->principal_, id, redacted->sequence);
  ASSERT_TRUE(manifest);
  Result<SignedManifest> decoded = DecodeSignedManifest(manifest->bytes);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  ASSERT_EQ(decoded->manifest.redactions.size(), 1u);
  EXPECT_EQ(decoded->manifest.redactions[0].page, 1);
  EXPECT_EQ(decoded->manifest.redactions[0].reason, "third_party");
}

TYPED_TEST(PacketTest, RedactedSpanAndPageAreBurnedIntoTheStoredPacket) {
  const std::string chart = TextPdf({"ALPHAPAGE", "SECRETBRAVO", "CHARLIEPAGE"});
  const std::int64_t chart_id = this->Upload("progress_note", chart);
  ASSERT_GT(chart_id, 0);
  const std::string note_text =
      "Synthetic lab note. Visitor QUINNFREY-SECRET was present. KEPT-TEXT-MARK stays.";
  auto [note_status, note] = this->Call("POST", "/api/v1/documents",
                                        {{"patient_id", this->patient_.value},
                                         {"kind", "lab_result"},
                                         {"service_date", "2024-05-02"},
                                         {"pages", 1},
                                         {"content", note_text}});
  ASSERT_EQ(note_status, 201) << note.dump();
  const std::int64_t note_id = note["id"];
  auto [id, number] = this->ReadyRequest({{"kinds", {"progress_note", "lab_result"}}}, "redacted-");
  ASSERT_GT(id, 0);
  const std::string base = "/api/v1/requests/" + std::to_string(id);
  const auto begin = static_cast<std::int64_t>(note_text.find("QUINNFREY-SECRET"));
  const std::int64_t end = begin + 16;
  auto [marked_status, marked] =
      this->Call("POST", base + "/redactions",
                 {{"redactions",
                   {{{"document_id", note_id},
                     {"span", {{"begin", begin}, {"end", end}}},
                     {"reason", "third_party"}},
                    {{"document_id", chart_id}, {"page", 2}, {"reason", "psychotherapy_notes"}}}}});
  ASSERT_EQ(marked_status, 201) << marked.dump();

  auto [built_status, built] = this->Call("POST", base + "/packet");
  ASSERT_EQ(built_status, 201) << built.dump();
  const int sequence = built["sequence"];
  const std::string at = base + "/packets/" + std::to_string(sequence);
  ClientResponse pdf = this->Raw("GET", at + ".pdf");
  ASSERT_EQ(pdf.status, 200);
  ClientResponse manifest = this->Raw("GET", at + ".manifest.json");
  ASSERT_EQ(manifest.status, 200) << manifest.body;
  const std::string file = this->Path("redacted.pdf");
  WriteFile(file, pdf.body);
  WriteFile(file + ".manifest.json", manifest.body);

  CommandRun check = Execute("qpdf --check " + file);
  EXPECT_EQ(check.exit_code, 0) << check.output;
  CommandRun text = Execute("pdftotext -layout " + file + " -");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* gone : {"QUINNFREY", "SECRETBRAVO"}) {
    EXPECT_EQ(text.output.find(gone), std::string::npos) << gone << " in\n" << text.output;
  }
  CommandRun qdf = Execute("qpdf --qdf --object-streams=disable " + file + " -");
  EXPECT_EQ(qdf.output.find("SECRETBRAVO"), std::string::npos);
  EXPECT_EQ(qdf.output.find("QUINNFREY"), std::string::npos);
  for (const char* kept :
       {"ALPHAPAGE", "CHARLIEPAGE", "KEPT-TEXT-MARK", "Synthetic lab note",
        "Page 2 withheld \xE2\x80\x94 psychotherapy notes", "[REDACTED", "Redactions"}) {
    EXPECT_NE(text.output.find(kept), std::string::npos) << kept << " not in\n" << text.output;
  }
  json parsed = json::parse(manifest.body);
  const int pages = parsed["manifest"]["packet"]["pages"];
  for (int page = 1; page <= pages; ++page) {
    std::string stamp = "page " + std::to_string(page) + " of " + std::to_string(pages);
    EXPECT_NE(text.output.find(stamp), std::string::npos) << stamp << "\n" << text.output;
  }

  // The signed manifest records both redactions: document, span or page, reason, who, when.
  EXPECT_EQ(parsed["manifest"]["format"], "openroi.packet-manifest/2");
  const json& redactions = parsed["manifest"]["redactions"];
  ASSERT_EQ(redactions.size(), 2u) << parsed.dump();
  EXPECT_EQ(redactions[0]["document_id"], note_id);
  EXPECT_EQ(redactions[0]["span_begin"], begin);
  EXPECT_EQ(redactions[0]["span_end"], end);
  EXPECT_EQ(redactions[0]["page"], 0);
  EXPECT_EQ(redactions[0]["reason"], "third_party");
  EXPECT_EQ(redactions[0]["marked_by"], this->principal_.user.id.value);
  EXPECT_EQ(redactions[0]["marked_by_name"], "Testclerk Beta");
  EXPECT_EQ(redactions[1]["document_id"], chart_id);
  EXPECT_EQ(redactions[1]["page"], 2);
  EXPECT_EQ(redactions[1]["reason"], "psychotherapy_notes");
  EXPECT_EQ(redactions[1]["reason_text"], "psychotherapy notes");
  EXPECT_EQ(parsed["manifest"]["signer"]["scope"], "deployment");
  EXPECT_EQ(parsed["manifest"]["signer"]["public_key"], this->signer_->PublicKeyHex());
  for (const json& document : parsed["manifest"]["documents"]) {
    // The digest is of what was released: the chart with its page replaced.
    if (document["id"] == chart_id) {
      EXPECT_NE(document["sha256"], this->hasher256_.Sha256Hex(chart));
      EXPECT_EQ(document["pages"], 3);
    }
  }
  EXPECT_EQ(manifest.body.find("QUINNFREY"), std::string::npos);

  const std::string key = this->signer_->PublicKeyHex();
  CommandRun verified = this->Verify(file, "--public-key " + key);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("2 redactions"), std::string::npos) << verified.output;
  std::string flipped = pdf.body;
  flipped[flipped.size() / 3] = static_cast<char>(flipped[flipped.size() / 3] ^ 0x01);
  const std::string altered = this->Path("redacted-altered.pdf");
  WriteFile(altered, flipped);
  CommandRun bad =
      this->Verify(altered, "--manifest " + file + ".manifest.json --public-key " + key);
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("altered_pdf"), std::string::npos) << bad.output;

  // Same inputs, same bytes: building again gives the stored packet back.
  this->clock_.AdvanceMicros(60'000'000);  // A later issue time (within the session).
  auto [again_status, again] = this->Call("POST", base + "/packet");
  ASSERT_EQ(again_status, 201) << again.dump();
  EXPECT_EQ(again["sequence"], sequence);
  EXPECT_EQ(again["sha256"], built["sha256"]);
  EXPECT_EQ(this->Call("GET", base + "/packets").second["packets"].size(), 1u);
}

TYPED_TEST(PacketTest, OrganizationKeysSignAndRotationKeepsOldPacketsVerifiable) {
  ASSERT_GT(this->Upload("progress_note", roi::testing::SyntheticPdf(1)), 0);
  auto [first_id, first_number] = this->ReadyRequest({{"all_records", true}}, "org-key-1-");
  ASSERT_GT(first_id, 0);
  Result<PacketRecord> first = this->org_packets_->Build(this->principal_, RequestId(first_id));
  ASSERT_TRUE(first) << first.error().ToString();
  const std::string first_file = this->SavePacket(*this->org_packets_, *first, "first.pdf");
  ASSERT_FALSE(first_file.empty());

  std::vector<PacketSigningKey> keys;
  auto list_keys = [&](OrganizationId organization) {
    keys.clear();
    return this->store_->InTransaction(organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<PacketSigningKey>> listed = this->keyring_->List(tx);
      if (!listed) return Status(listed.error());
      keys = std::move(*listed);
      return OkStatus();
    });
  };
  ASSERT_TRUE(list_keys(this->organization_));
  ASSERT_EQ(keys.size(), 1u);
  const std::string key_v1 = keys[0].public_key;
  EXPECT_EQ(first->signing_key_id, key_v1);
  EXPECT_NE(key_v1, this->signer_->PublicKeyHex());
  Result<PacketDownload> manifest =
      this->org_packets_->DownloadManifest(this->principal_, first->request_id, first->sequence);
  ASSERT_TRUE(manifest);
  json parsed = json::parse(manifest->bytes);
  EXPECT_EQ(parsed["manifest"]["signer"]["scope"], "organization");
  EXPECT_EQ(parsed["manifest"]["signer"]["key_version"], 1);
  EXPECT_EQ(parsed["manifest"]["signer"]["public_key"], key_v1);

  CommandRun verified = this->Verify(first_file, "--public-key " + key_v1);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("key version 1"), std::string::npos) << verified.output;

  // Another organization's key does not verify this organization's packet.
  OrganizationId other;
  ASSERT_TRUE(this->store_->InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
    Result<Organization> org = tx.Organizations().Insert(
        Organization{.name = "Other Test Clinic", .slug = "other-packets", .state = "NY"});
    if (!org) return Status(org.error());
    other = org->id;
    return OkStatus();
  }));
  std::string key_other;
  ASSERT_TRUE(this->store_->InTransaction(other, TxMode::kWrite, [&](Transaction& tx) {
    Result<OrganizationSigner> signer = this->keyring_->Current(tx);
    if (!signer) return Status(signer.error());
    key_other = signer->key.public_key;
    return OkStatus();
  }));
  EXPECT_NE(key_other, key_v1);
  CommandRun foreign = this->Verify(first_file, "--public-key " + key_other);
  EXPECT_EQ(foreign.exit_code, 1) << foreign.output;
  EXPECT_NE(foreign.output.find("unknown_key"), std::string::npos) << foreign.output;

  // Rotation: the next packet is signed with version 2; the first still verifies with version 1.
  ASSERT_TRUE(
      this->store_->InTransaction(this->organization_, TxMode::kWrite, [&](Transaction& tx) {
        Result<PacketSigningKey> rotated = this->keyring_->Rotate(tx);
        return rotated ? OkStatus() : Status(rotated.error());
      }));
  ASSERT_TRUE(list_keys(this->organization_));
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].public_key, key_v1);
  const std::string key_v2 = keys[1].public_key;
  auto [second_id, second_number] = this->ReadyRequest({{"all_records", true}}, "org-key-2-");
  ASSERT_GT(second_id, 0);
  Result<PacketRecord> second = this->org_packets_->Build(this->principal_, RequestId(second_id));
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->signing_key_id, key_v2);
  const std::string second_file = this->SavePacket(*this->org_packets_, *second, "second.pdf");
  CommandRun second_ok = this->Verify(second_file, "--public-key " + key_v2);
  EXPECT_EQ(second_ok.exit_code, 0) << second_ok.output;
  CommandRun second_old = this->Verify(second_file, "--public-key " + key_v1);
  EXPECT_EQ(second_old.exit_code, 1) << second_old.output;
  CommandRun first_ok = this->Verify(first_file, "--public-key " + key_v1);
  EXPECT_EQ(first_ok.exit_code, 0) << first_ok.output;
  // The first request's packet, built again, is the stored one, signed with version 1.
  Result<PacketRecord> rebuilt = this->org_packets_->Build(this->principal_, RequestId(first_id));
  ASSERT_TRUE(rebuilt) << rebuilt.error().ToString();
  EXPECT_EQ(rebuilt->sequence, first->sequence);
  EXPECT_EQ(rebuilt->signing_key_id, key_v1);

  // The public lookup names the key that signed.
  Result<std::optional<PacketIssue>> issue = this->org_packets_->Lookup(first->digest);
  ASSERT_TRUE(issue && *issue);
  EXPECT_EQ((*issue)->key_id, key_v1);
  EXPECT_EQ((*issue)->key_version, 1);
  ClientResponse looked =
      Fetch(this->server_->Port(), "POST", "/api/v1/verify",
            R"({"sha256":")" + second->digest + "\"}", {"Content-Type: application/json"});
  ASSERT_EQ(looked.status, 200) << looked.body;
  json answer = json::parse(looked.body);
  EXPECT_EQ(answer["key_id"], key_v2);
  EXPECT_EQ(answer["key_version"], 2);
  EXPECT_EQ(answer["signed_by"], "Packet Test Clinic (organization key version 2)");
}

}  // namespace
}  // namespace roi::http
