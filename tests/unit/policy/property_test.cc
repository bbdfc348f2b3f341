// Properties of Decide() over many generated cases (a fixed-seed generator, so deterministic):
// the invariants of the contract hold whatever the facts.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>
#include <vector>

#include "policy/engine.h"
#include "test_cases.h"

namespace roi::policy {
namespace {

using testing::D;
using testing::RepoRules;

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  Case Next() {
    Case c = testing::BaseCase();
    static const char* kJurisdictions[] = {"US",    "US-CA", "US-TX", "US-NY",
                                           "US-FL", "US-IL", "US-WY"};
    c.jurisdiction = kJurisdictions[Pick(7)];
    c.entity.type = static_cast<EntityType>(Pick(kEntityTypeNames.size()));
    c.entity.part2_program = Flip();
    c.as_of = c.received_on.AddDays(static_cast<std::int32_t>(Pick(40)));
    c.patient.birth_date = D(Flip() ? "2012-05-05" : "1970-05-05");
    if (Pick(5) == 0) c.patient.deceased_on = D(Flip() ? "1960-01-01" : "2025-01-01");
    c.requester = {static_cast<Role>(Pick(kRoleNames.size())), Flip(), Flip(), Flip(),
                   Pick(6) == 0};
    c.basis = static_cast<Basis>(Pick(kBasisNames.size()));
    c.purpose = static_cast<Purpose>(Pick(kPurposeNames.size()));
    c.request.format = Flip() ? Format::kElectronic : Format::kPaper;
    c.request.written = Flip();
    c.request.recipient_named = Flip();
    if (Flip()) c.authorization = RandomAuthorization();
    if (Flip())
      c.legal = Legal{Flip(), Flip(),       Flip(), Flip(),
                      Flip(), Pick(4) == 0, Flip(), {true, {}, {}, {}, {}}};
    if (Pick(4) == 0)
      c.extension = Extension{c.received_on.AddDays(static_cast<std::int32_t>(Pick(35))), Flip(),
                              c.received_on.AddDays(static_cast<std::int32_t>(30 + Pick(40))),
                              static_cast<std::int64_t>(Pick(2))};
    c.cost = {static_cast<std::int64_t>(Pick(120)), 2400, static_cast<std::int64_t>(Pick(500)),
              static_cast<std::int64_t>(Pick(300))};
    c.documents.clear();
    std::size_t n = Pick(8);
    for (std::size_t i = 0; i < n; ++i) c.documents.push_back(RandomDocument(i));
    return c;
  }

 private:
  std::size_t Pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  bool Flip() { return Pick(2) == 0; }

  Authorization RandomAuthorization() {
    Authorization a = testing::CompleteAuthorization();
    if (Pick(4) == 0) a.names_recipient = false;
    if (Pick(6) == 0) a.expires_on = D("2026-03-01");
    a.signer = static_cast<Signer>(Pick(3));
    for (std::size_t i = 0; i < kCoverNames.size(); ++i) {
      if (Pick(3) == 0) a.covers.Insert(static_cast<Cover>(i));
    }
    a.part2_consent = Flip();
    a.witnessed = Flip();
    if (Flip()) a.state_forms.push_back(Flip() ? "NY-HIV" : "IL-THERAPIST-CONSENT");
    if (Pick(8) == 0) a.revoked_on = D("2026-03-01");
    a.revocation_written = Flip();
    return a;
  }

  Document RandomDocument(std::size_t i) {
    Document d = testing::Doc(std::string("d").append(std::to_string(i)),
                              static_cast<DocKind>(Pick(kDocKindNames.size())));
    for (std::size_t l = 0; l < kLabelNames.size(); ++l) {
      if (Pick(4) == 0) d.labels.Insert(static_cast<Label>(l));
    }
    d.part2 = static_cast<Part2>(Pick(6) < 3 ? 0 : Pick(4));
    d.minor_consented = Pick(4) == 0;
    d.harm_determination = Pick(8) == 0;
    d.relevant_to_involvement = Flip();
    d.electronic = Pick(5) != 0;
    d.pages = static_cast<std::int64_t>(Pick(600));
    return d;
  }

  std::mt19937 rng_;
};

// "case N: <decision JSON>" (built by appending: GCC 12 -O3 warns on "literal" + string).
std::string Trace(int i, const Decision& d) {
  std::string out = "case ";
  out += std::to_string(i);
  out += ": ";
  out += SerializeDecision(d);
  return out;
}

bool HasForm(const Case& c, const std::string& form) {
  if (!c.authorization) return false;
  const auto& forms = c.authorization->state_forms;
  return std::find(forms.begin(), forms.end(), form) != forms.end();
}

// Per document: one decision per document, same order; withheld exactly when a reason is
// given; never released against a category rule or an access exclusion.
std::size_t CheckDocuments(const Case& c, const Decision& d) {
  std::size_t released = 0;
  for (std::size_t i = 0; i < c.documents.size(); ++i) {
    const DocumentDecision& doc = d.documents[i];
    const Document& in = c.documents[i];
    EXPECT_EQ(doc.id, in.id);
    EXPECT_EQ(doc.action == Action::kRelease, doc.reasons.empty());
    if (doc.action == Action::kRelease) ++released;
    for (Code r : doc.reasons) EXPECT_TRUE(IsWithholdingReason(r)) << CodeName(r);
    if (doc.action != Action::kRelease) continue;
    bool third_party = c.basis == Basis::kAuthorization || c.basis == Basis::kDirective;
    EXPECT_FALSE(c.jurisdiction == "US-NY" && in.labels.Has(Label::kHiv) && third_party &&
                 !HasForm(c, "NY-HIV"))
        << "NY HIV released without the NY-HIV form";
    EXPECT_FALSE(c.basis == Basis::kAccess && in.kind == DocKind::kPsychotherapyNote &&
                 !d.HasRule("DECEDENT_50_YEARS"))
        << "psychotherapy notes released on access";
    bool consented_part2 = c.basis == Basis::kAuthorization && in.part2 == Part2::kOwnProgram;
    if (consented_part2) {
      EXPECT_TRUE(std::count(d.notices.begin(), d.notices.end(), Code::kPart2Redisclosure))
          << "Part 2 record released without the 2.32 notice";
    }
  }
  return released;
}

// The outcome agrees with the document actions and the deficiencies.
void CheckOutcome(const Case& c, const Decision& d, std::size_t released) {
  EXPECT_EQ(d.deficiencies.empty(), d.outcome != Outcome::kPend);
  if (d.outcome == Outcome::kPend || d.outcome == Outcome::kDeny) {
    EXPECT_EQ(released, 0u);
  }
  if (d.outcome == Outcome::kPartial) {
    EXPECT_GT(released, 0u);
    EXPECT_LT(released, c.documents.size());
  }
  if (d.outcome == Outcome::kRelease && c.basis != Basis::kAccounting) {
    EXPECT_EQ(released, c.documents.size());
  }
  if (d.outcome == Outcome::kDeny) {
    EXPECT_EQ(d.fee.max_cents, 0);
  }
}

// Every code is of its kind; dates, fee and rules are well formed.
void CheckShape(const Case& c, const Decision& d) {
  for (Code code : d.deficiencies) EXPECT_TRUE(IsDeficiency(code));
  for (Code code : d.notices) EXPECT_TRUE(IsNotice(code));
  EXPECT_TRUE(IsFeeBasis(d.fee.basis));
  EXPECT_GE(d.fee.max_cents, 0);
  if (d.latest_due_on) {
    EXPECT_GT(*d.latest_due_on, *d.due_on);
  }
  EXPECT_EQ(d.extension_valid.has_value(), c.extension.has_value());
  for (const RuleHit& rule : d.rules) {
    EXPECT_FALSE(rule.code.empty());
    EXPECT_FALSE(rule.cite.empty()) << rule.code;
  }
}

void CheckInvariants(const Case& c, const Decision& d) {
  ASSERT_EQ(d.documents.size(), c.documents.size());
  CheckOutcome(c, d, CheckDocuments(c, d));
  CheckShape(c, d);
}

TEST(DecidePropertyTest, InvariantsHoldForGeneratedCases) {
  Generator generator(20260302);
  for (int i = 0; i < 5000; ++i) {
    Case c = generator.Next();
    Decision d = Decide(c, RepoRules());
    SCOPED_TRACE(Trace(i, d));
    CheckInvariants(c, d);
    if (::testing::Test::HasFailure()) return;
    EXPECT_EQ(d, Decide(c, RepoRules()));  // Deterministic.
  }
}

TEST(DecidePropertyTest, SwitchesOnStillKeepInvariants) {
  Result<RuleSet> rules =
      LoadRuleSet(OPENROI_RULES_DIR, {{{"US.access_15_day_proposal", true},
                                       {"US-CA.hiv_specific_authorization", true},
                                       {"US-IL.minor_12_17_restrictions", true},
                                       {"US-NY.benefits_no_charge", true},
                                       {"US.part2_deceased_consent_by_representative", true},
                                       {"US-CA.reproductive_segmentation", true}}});
  ASSERT_TRUE(rules);
  Generator generator(7);
  for (int i = 0; i < 2000; ++i) {
    Case c = generator.Next();
    Decision d = Decide(c, *rules);
    SCOPED_TRACE(Trace(i, d));
    CheckInvariants(c, d);
    if (::testing::Test::HasFailure()) return;
  }
}

// One RuleSet shared read-only by several threads gives each the same decisions.
TEST(DecidePropertyTest, SharedRuleSetIsThreadSafe) {
  std::vector<Case> cases;
  Generator generator(99);
  for (int i = 0; i < 300; ++i) cases.push_back(generator.Next());
  std::vector<Decision> expected;
  for (const Case& c : cases) expected.push_back(Decide(c, RepoRules()));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (std::size_t i = 0; i < cases.size(); ++i) {
          if (!(Decide(cases[i], RepoRules()) == expected[i]))
            ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace roi::policy
