// Redaction and the billing and accounting PDFs over a real server on a free port: a reviewer
// marks a span of a text note, a page of an uploaded PDF and a scan's highlights; bad spans and
// pages are refused; the packet built from the marks through the burn-in holds none of the
// redacted words but the placeholder and the Redactions page, and passes `qpdf --check`; the
// invoice, a receipt and the accounting of disclosures come out as PDF with a Unicode name and
// their downloads are audited.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/auth_service.h"
#include "app/letters.h"
#include "app/packet_builder.h"
#include "app/redaction_burn_in.h"
#include "app/user_service.h"
#include "crypto/content_cipher.h"
#include "crypto/sodium.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"
#include "http/api.h"
#include "http/server.h"
#include "integration/http_client.h"
#include "policy/engine.h"
#include "render/cairo_renderer.h"
#include "render/qpdf_assembler.h"
#include "render/qpdf_page_replacer.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

constexpr const char* kPassword = "redaction-password-long";
// "Zoë" and "Ångström-Ñúñez": a synthetic patient.
constexpr const char* kGiven = "Zo\xC3\xAB";
constexpr const char* kFamily =
    "\xC3\x85ngstr\xC3\xB6m-\xC3\x91\xC3\xBA\xC3\xB1"
    "ez";

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("openroi_redaction_it_" + std::to_string(::getpid()) + "_" +
              std::to_string(++counter) + ".pdf"))
                .string();
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::pair<int, std::string> RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  return {::pclose(pipe), output};
}

std::string PdfText(const std::string& pdf) {
  TempFile file(pdf);
  std::string text = RunCommand("pdftotext -enc UTF-8 " + file.path() + " -").second;
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\f' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

bool QpdfChecks(const std::string& pdf) {
  TempFile file(pdf);
  auto [status, output] = RunCommand("qpdf --check " + file.path());
  return status == 0 && output.find("No syntax or stream encoding errors") != std::string::npos;
}

std::string Qdf(const std::string& pdf) {
  TempFile file(pdf);
  return RunCommand("qpdf --qdf --object-streams=disable " + file.path() + " -").second;
}

// A PDF whose page N shows words[N-1] as a literal Helvetica string, xref included.
std::string TextPdf(const std::vector<std::string>& words) {
  std::vector<std::string> objects;
  std::string kids;
  int n = static_cast<int>(words.size());
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
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

class RedactionIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Example Community Clinic", .slug = "redact", .state = "NY"});
      if (!org) return Status(org.error());
      organization_ = org->id;
      return OkStatus();
    }));
    for (auto [name, role] :
         {std::pair{"specialist", Role::kRoiSpecialist}, std::pair{"clinician", Role::kClinician},
          std::pair{"billing", Role::kBilling}}) {
      Result<User> user =
          users_.AddUser({.organization = "redact",
                          .email = std::string(name) + "@example.test",
                          .display_name = std::string("Synthetic ") + name,
                          .role = role},
                         kPassword, {.id = {}, .label = "setup", .remote_address = ""});
      ASSERT_TRUE(user) << user.error().ToString();
      user_ids_[name] = user->id;
    }
    ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "RD-0001",
                                                             .given_name = kGiven,
                                                             .family_name = kFamily,
                                                             .birth_date = Day(1980, 1, 1)});
      if (!patient) return Status(patient.error());
      patient_ = patient->id;
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "patient",
                                           .name = std::string(kGiven) + " " + kFamily,
                                           .address = "1 Synthetic Way\nTestville, NY 10001"});
      if (!requester) return Status(requester.error());
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = "R-2025-000001",
                         .patient_id = patient->id,
                         .requester_id = requester->id,
                         .requester_role = "patient",
                         .received_on = Day(2025, 1, 6),
                         .received_micros = clock_.NowMicros(),
                         .facts = RequestFacts{.basis = "authorization", .purpose = "legal"}});
      if (!request) return Status(request.error());
      request_ = request->id;
      Result<Document> note = tx.Documents().Insert(Document{
          .patient_id = patient->id, .kind = "progress_note", .pages = 1, .content = Note()});
      if (!note) return Status(note.error());
      note_ = note->id;
      return OkStatus();
    }));
    ASSERT_TRUE(crypto::Initialize());
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                            std::vector<crypto::MasterKey>{});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    documents_ = std::make_unique<DocumentStore>(store_, *vault_, *cipher_, spooler_, pdf_pages_,
                                                 clock_, audit_);
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .rules = rules_.get(),
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .audit = &audit_,
                                                 .renderer = &renderer_,
                                                 .documents = documents_.get()});
    Result<std::unique_ptr<Server>> started =
        Server::Start({.port = 0, .threads = 2}, api_->Routes(), api_->Metrics(), nullptr);
    ASSERT_TRUE(started) << started.error().ToString();
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->Run(); });
    for (const char* name : {"specialist", "clinician", "billing"}) {
      ClientResponse login = Fetch(server_->Port(), "POST", "/api/v1/auth/login",
                                   json{{"organization", "redact"},
                                        {"email", std::string(name) + "@example.test"},
                                        {"password", kPassword}}
                                       .dump());
      ASSERT_EQ(login.status, 200) << login.body;
      std::string cookie = login.headers["set-cookie"];
      headers_[name] = {"Cookie: " + cookie.substr(0, cookie.find(';')),
                        "X-CSRF-Token: " + json::parse(login.body)["csrf_token"].get<std::string>(),
                        "Content-Type: application/json"};
    }
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    server_->Shutdown();
    thread_.join();
  }

  static std::string Note() {
    return std::string("Visit with ") + kGiven + " " + kFamily +
           ". Neighbour Quinnfrey Zoltanova reported the fall. Plan: rest.";
  }
  static std::pair<std::int64_t, std::int64_t> SpanOf(const std::string& word) {
    std::size_t at = Note().find(word);
    return {static_cast<std::int64_t>(at), static_cast<std::int64_t>(at + word.size())};
  }

  std::pair<long, json> Call(const std::string& who, const std::string& method,
                             const std::string& path, const json& body = nullptr) {
    ClientResponse response =
        Fetch(server_->Port(), method, path, body.is_null() ? "" : body.dump(), headers_[who]);
    return {response.status, json::parse(response.body, nullptr, false)};
  }
  ClientResponse Get(const std::string& who, const std::string& path) {
    return Fetch(server_->Port(), "GET", path, "", headers_[who]);
  }
  std::string Redactions() const {
    return "/api/v1/requests/" + std::to_string(request_.value) + "/redactions";
  }
  // Uploads `pdf` as a document of the patient and returns its id.
  std::int64_t UploadPdf(const std::string& pdf) {
    std::vector<std::string> headers = {headers_["specialist"][0], headers_["specialist"][1],
                                        "Content-Type: application/pdf"};
    ClientResponse uploaded = Fetch(server_->Port(), "POST",
                                    "/api/v1/patients/" + std::to_string(patient_.value) +
                                        "/documents/content?kind=progress_note",
                                    pdf, headers);
    EXPECT_EQ(uploaded.status, 201) << uploaded.body;
    json body = json::parse(uploaded.body, nullptr, false);
    if (body.contains("document") && body["document"].contains("id")) {
      return body["document"]["id"].get<std::int64_t>();
    }
    return body.value("id", std::int64_t{0});
  }
  std::vector<AuditEvent> Downloads() {
    std::vector<AuditEvent> out;
    EXPECT_TRUE(store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> events =
          tx.Audit().Query({.action = AuditAction::kDownload, .limit = 100});
      if (!events) return Status(events.error());
      out = std::move(*events);
      return OkStatus();
    }));
    return out;
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  docstore::FileSpooler spooler_;
  docstore::QpdfPageCounter pdf_pages_;
  std::unique_ptr<DocumentStore> documents_;
  std::unique_ptr<policy::RuleSet> rules_;
  render::CairoRenderer renderer_;
  render::QpdfAssembler assembler_;
  render::QpdfPageReplacer replacer_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::map<std::string, std::vector<std::string>> headers_;
  std::map<std::string, UserId> user_ids_;
  OrganizationId organization_;
  PatientId patient_;
  RequestId request_;
  DocumentId note_;
};

TEST_F(RedactionIntegrationTest, MarkedSpansAndPagesAreBurnedIntoThePacket) {
  std::string chart = TextPdf({"ALPHAPAGE", "SECRETBRAVO", "CHARLIEPAGE"});
  std::int64_t chart_id = UploadPdf(chart);
  ASSERT_GT(chart_id, 0);
  auto [begin, end] = SpanOf("Quinnfrey Zoltanova");
  auto [status, marked] =
      Call("clinician", "POST", Redactions(),
           {{"redactions",
             {{{"document_id", note_.value},
               {"span", {{"begin", begin}, {"end", end}}},
               {"reason", "third_party"}},
              {{"document_id", chart_id}, {"page", 2}, {"reason", "psychotherapy_notes"}}}}});
  ASSERT_EQ(status, 201) << marked.dump();
  ASSERT_EQ(marked["redactions"].size(), 2u);
  EXPECT_EQ(marked["redactions"][0]["span"]["begin"], begin);
  EXPECT_EQ(marked["redactions"][1]["page"], 2);
  EXPECT_EQ(marked["redactions"][1]["marked_by"], user_ids_["clinician"].value);

  // Highlights as the scan route returns them, accepted in one POST under one reason.
  auto [plan_begin, plan_end] = SpanOf("rest");
  auto [accepted, highlights] =
      Call("specialist", "POST", Redactions(),
           {{"document_id", note_.value},
            {"reason", "other"},
            {"reason_text", "synthetic court order"},
            {"spans",
             {{{"begin", plan_begin}, {"end", plan_end}, {"category", "x"}, {"label", "y"}},
              {{"begin", plan_begin}, {"end", plan_end - 1}, {"category", "x"}, {"label", "y"}}}}});
  ASSERT_EQ(accepted, 201) << highlights.dump();
  ASSERT_EQ(highlights["redactions"].size(), 2u);
  // Remove the second highlight again.
  std::int64_t extra = highlights["redactions"][1]["id"].get<std::int64_t>();
  EXPECT_EQ(Call("clinician", "DELETE", Redactions() + "/" + std::to_string(extra)).first, 204);
  EXPECT_EQ(Call("clinician", "DELETE", Redactions() + "/" + std::to_string(extra)).first, 404);

  auto [listed_status, listed] = Call("clinician", "GET", Redactions());
  ASSERT_EQ(listed_status, 200);
  ASSERT_EQ(listed["redactions"].size(), 3u);

  // The packet, built from the stored redactions through the burn-in.
  std::vector<Redaction> stored;
  ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<Redaction>> found = tx.Redactions().ListForRequest(request_);
    if (!found) return Status(found.error());
    stored = std::move(*found);
    return OkStatus();
  }));
  std::map<DocumentId, std::string> titles = {{note_, "Progress note 2025-01-02"},
                                              {DocumentId(chart_id), "Scanned chart"}};
  std::vector<RedactionRecord> records = RedactionRecords(stored, titles);
  Result<PacketDocument> note = BurnIn(
      note_, {titles[note_], "text/plain", Note(), Day(2025, 1, 2)}, records, renderer_, replacer_);
  ASSERT_TRUE(note) << note.error().message;
  Result<PacketDocument> scanned =
      BurnIn(DocumentId(chart_id), {"Scanned chart", "application/pdf", chart, Day(2025, 1, 2)},
             records, renderer_, replacer_);
  ASSERT_TRUE(scanned) << scanned.error().message;
  Letter cover{.request_id = request_,
               .kind = std::string(kReleaseCoverLetter),
               .date = Day(2025, 1, 10),
               .recipient = std::string(kGiven) + " " + kFamily,
               .body = {{"organization_name", "Example Community Clinic"},
                        {"request_number", "R-2025-000001"}}};
  PacketBuilder builder(renderer_, assembler_);
  Result<AssembledPdf> packet = builder.Build({.cover_letter = cover,
                                               .documents = {*note, *scanned},
                                               .stamp = {.request_number = "R-2025-000001"},
                                               .redactions = records});
  ASSERT_TRUE(packet) << packet.error().message;
  EXPECT_TRUE(QpdfChecks(packet->bytes));
  std::string text = PdfText(packet->bytes);
  for (const char* gone : {"Quinnfrey", "Zoltanova", "SECRETBRAVO", "rest."}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone << " in " << text;
  }
  EXPECT_EQ(Qdf(packet->bytes).find("SECRETBRAVO"), std::string::npos);
  EXPECT_NE(text.find("ALPHAPAGE"), std::string::npos);
  EXPECT_NE(text.find("Page 2 withheld \xE2\x80\x94 psychotherapy notes"), std::string::npos)
      << text;
  EXPECT_NE(text.find("[REDACTED \xE2\x80\x94 information about another person]"),
            std::string::npos);
  EXPECT_NE(text.find("[REDACTED \xE2\x80\x94 synthetic court order]"), std::string::npos);
  EXPECT_NE(text.find("Redactions"), std::string::npos);
  EXPECT_NE(text.find("Scanned chart, page 2: psychotherapy notes."), std::string::npos) << text;
  EXPECT_NE(text.find(std::string(kGiven) + " " + kFamily), std::string::npos) << text;
}

TEST_F(RedactionIntegrationTest, BadSpansPagesAndCallersAreRefused) {
  std::int64_t chart_id = UploadPdf(TextPdf({"ONE", "TWO"}));
  auto [begin, end] = SpanOf(kGiven);  // "Zoë": cut inside the "ë".
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"document_id", note_.value},
                  {"span", {{"begin", begin}, {"end", end - 1}}},
                  {"reason", "harm"}})
                .first,
            400);
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"document_id", note_.value},
                  {"span", {{"begin", 0}, {"end", 100000}}},
                  {"reason", "harm"}})
                .first,
            400);
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"document_id", chart_id}, {"page", 3}, {"reason", "harm"}})
                .first,
            400);
  // A page of a text document, an unknown reason, "other" without its text.
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"document_id", note_.value}, {"page", 1}, {"reason", "harm"}})
                .first,
            400);
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"document_id", chart_id}, {"page", 1}, {"reason", "because"}})
                .first,
            400);
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"document_id", chart_id}, {"page", 1}, {"reason", "other"}})
                .first,
            400);
  // All or nothing: one bad item stores none.
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"redactions",
                   {{{"document_id", chart_id}, {"page", 1}, {"reason", "harm"}},
                    {{"document_id", chart_id}, {"page", 9}, {"reason", "harm"}}}}})
                .first,
            400);
  EXPECT_EQ(Call("clinician", "GET", Redactions()).second["redactions"].size(), 0u);
  // Billing staff may not review records.
  EXPECT_EQ(Call("billing", "POST", Redactions(),
                 {{"document_id", chart_id}, {"page", 1}, {"reason", "harm"}})
                .first,
            403);
  // Once released, redactions no longer change.
  auto [marked, body] = Call("clinician", "POST", Redactions(),
                             {{"document_id", chart_id}, {"page", 1}, {"reason", "harm"}});
  ASSERT_EQ(marked, 201) << body.dump();
  ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
    Result<ReleaseRequest> request = tx.Requests().Find(request_);
    if (!request) return Status(request.error());
    request->state = RequestState::kReleased;
    Result<ReleaseRequest> updated = tx.Requests().Update(*request);
    return updated ? OkStatus() : Status(updated.error());
  }));
  std::int64_t id = body["redactions"][0]["id"].get<std::int64_t>();
  EXPECT_EQ(Call("clinician", "DELETE", Redactions() + "/" + std::to_string(id)).first, 409);
  EXPECT_EQ(Call("clinician", "POST", Redactions(),
                 {{"document_id", chart_id}, {"page", 2}, {"reason", "harm"}})
                .first,
            409);
  EXPECT_EQ(Call("clinician", "GET", Redactions()).second["redactions"].size(), 1u);
}

TEST_F(RedactionIntegrationTest, InvoiceReceiptAndAccountingAsPdfWithAUnicodeName) {
  std::int64_t payment = 0;
  ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
    Result<Invoice> invoice = tx.Billing().InsertInvoice(
        Invoice{.request_id = request_,
                .lines = {{.description = "Electronic copy", .quantity = 1, .unit_cents = 650},
                          {.description = "Postage", .quantity = 2, .unit_cents = 125}},
                .total_cents = 900,
                .max_cents = 1000,
                .fee_basis = "STATE_PAGE_RATE",
                .issued_on = Day(2025, 1, 6),
                .issued_by = user_ids_["billing"],
                .created_micros = clock_.NowMicros()});
    if (!invoice) return Status(invoice.error());
    Result<InvoiceCredit> paid = tx.Billing().AddCredit({.invoice_id = invoice->id,
                                                         .kind = CreditKind::kPayment,
                                                         .method = PaymentMethod::kCash,
                                                         .amount_cents = 500,
                                                         .recorded_by = user_ids_["billing"],
                                                         .received_on = Day(2025, 1, 6),
                                                         .created_micros = clock_.NowMicros()});
    if (!paid) return Status(paid.error());
    payment = paid->id;
    Result<DisclosureEntry> disclosed = tx.Disclosures().Insert(
        DisclosureEntry{.patient_id = patient_,
                        .disclosed_on = Day(2024, 11, 4),
                        .recipient_name = "Synthetic County Health Department",
                        .description = "Immunization record",
                        .purpose = "Public health reporting",
                        .released_by = user_ids_["specialist"],
                        .basis = DisclosureBasis::kPublicHealth});
    return disclosed ? OkStatus() : Status(disclosed.error());
  }));
  std::string request_path = "/api/v1/requests/" + std::to_string(request_.value);
  ClientResponse invoice = Get("billing", request_path + "/invoice.pdf");
  ASSERT_EQ(invoice.status, 200) << invoice.body;
  EXPECT_EQ(invoice.headers["content-type"], "application/pdf");
  EXPECT_TRUE(QpdfChecks(invoice.body));
  std::string text = PdfText(invoice.body);
  EXPECT_NE(text.find(std::string(kGiven) + " " + kFamily), std::string::npos) << text;
  EXPECT_NE(text.find("1. Electronic copy: 1 x $6.50 = $6.50"), std::string::npos) << text;
  EXPECT_NE(text.find("2. Postage: 2 x $1.25 = $2.50"), std::string::npos) << text;
  EXPECT_NE(text.find("Total: $9.00. Paid: $5.00. Waived: $0.00."), std::string::npos) << text;
  EXPECT_NE(text.find("Balance due: $4.00"), std::string::npos) << text;

  ClientResponse receipt =
      Get("billing", request_path + "/payments/" + std::to_string(payment) + "/receipt.pdf");
  ASSERT_EQ(receipt.status, 200) << receipt.body;
  text = PdfText(receipt.body);
  EXPECT_NE(text.find(std::string(kGiven) + " " + kFamily), std::string::npos) << text;
  EXPECT_NE(text.find("$5.00 by cash on 2025-01-06"), std::string::npos) << text;
  EXPECT_NE(text.find("Balance after this payment: $4.00."), std::string::npos) << text;
  EXPECT_EQ(Get("billing", request_path + "/payments/999999/receipt.pdf").status, 404);
  EXPECT_EQ(Get("clinician", request_path + "/invoice.pdf").status, 403);

  std::string accounting_path = "/api/v1/patients/" + std::to_string(patient_.value) +
                                "/accounting.pdf?from=2024-01-01&to=2025-01-06";
  ClientResponse accounting = Get("specialist", accounting_path);
  ASSERT_EQ(accounting.status, 200) << accounting.body;
  EXPECT_TRUE(QpdfChecks(accounting.body));
  text = PdfText(accounting.body);
  EXPECT_NE(text.find(std::string(kGiven) + " " + kFamily), std::string::npos) << text;
  EXPECT_NE(text.find("Accounting of disclosures"), std::string::npos) << text;
  EXPECT_NE(text.find("1. 2024-11-04. To: Synthetic County Health Department. What: "
                      "Immunization record. Why: Public health reporting."),
            std::string::npos)
      << text;
  EXPECT_EQ(Get("specialist", "/api/v1/patients/" + std::to_string(patient_.value) +
                                  "/accounting.pdf?from=someday")
                .status,
            400);
  EXPECT_EQ(Get("specialist", "/api/v1/patients/999999/accounting.pdf").status, 404);

  // Three downloads, each audited with the patient.
  std::vector<AuditEvent> downloads = Downloads();
  ASSERT_EQ(downloads.size(), 3u);
  for (const AuditEvent& event : downloads) EXPECT_EQ(event.patient_id, patient_);
}

}  // namespace
}  // namespace roi::http
