// Case: the facts of one release-of-information request, as the openroi.case/1 contract states
// them (spec/decision.md).  Pure value types; the JSON codec lives in case_codec.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "policy/enum_set.h"

namespace roi::policy {

enum class EntityType : std::uint8_t {
  kHospital,
  kPhysicianPractice,
  kBehavioralHealth,
  kHealthPlan,
  kOther
};
inline constexpr std::array<std::string_view, 5> kEntityTypeNames = {
    "hospital", "physician_practice", "behavioral_health", "health_plan", "other"};

enum class Role : std::uint8_t {
  kPatient,
  kPersonalRepresentative,
  kParent,
  kGuardian,
  kExecutor,
  kFamilyInvolvedInCare,
  kHeir,
  kProvider,
  kHealthPlan,
  kInsurer,
  kAttorney,
  kCourt,
  kLawEnforcement,
  kPublicHealthAuthority,
  kWorkersCompCarrier,
  kResearcher,
  kEmployer,
  kGovernmentAgency,
  kOther
};
inline constexpr std::array<std::string_view, 19> kRoleNames = {"patient",
                                                                "personal_representative",
                                                                "parent",
                                                                "guardian",
                                                                "executor",
                                                                "family_involved_in_care",
                                                                "heir",
                                                                "provider",
                                                                "health_plan",
                                                                "insurer",
                                                                "attorney",
                                                                "court",
                                                                "law_enforcement",
                                                                "public_health_authority",
                                                                "workers_comp_carrier",
                                                                "researcher",
                                                                "employer",
                                                                "government_agency",
                                                                "other"};

enum class Basis : std::uint8_t {
  kAccess,
  kDirective,
  kAuthorization,
  kCourtOrder,
  kSubpoena,
  kGrandJurySubpoena,
  kAdministrativeRequest,
  kLawEnforcementInformal,
  kPublicHealth,
  kWorkersComp,
  kTreatment,
  kPayment,
  kOperations,
  kFamilyInvolvement,
  kAccounting
};
inline constexpr std::array<std::string_view, 15> kBasisNames = {"access",
                                                                 "directive",
                                                                 "authorization",
                                                                 "court_order",
                                                                 "subpoena",
                                                                 "grand_jury_subpoena",
                                                                 "administrative_request",
                                                                 "law_enforcement_informal",
                                                                 "public_health",
                                                                 "workers_comp",
                                                                 "treatment",
                                                                 "payment",
                                                                 "operations",
                                                                 "family_involvement",
                                                                 "accounting"};

enum class Purpose : std::uint8_t {
  kPersonal,
  kContinuingCare,
  kLitigation,
  kInsurance,
  kDisabilityBenefits,
  kPublicBenefitsAppeal,
  kPayment,
  kOperations,
  kPublicHealth,
  kLawEnforcement,
  kWorkersComp,
  kResearch,
  kOther
};
inline constexpr std::array<std::string_view, 13> kPurposeNames = {"personal",
                                                                   "continuing_care",
                                                                   "litigation",
                                                                   "insurance",
                                                                   "disability_benefits",
                                                                   "public_benefits_appeal",
                                                                   "payment",
                                                                   "operations",
                                                                   "public_health",
                                                                   "law_enforcement",
                                                                   "workers_comp",
                                                                   "research",
                                                                   "other"};

enum class Format : std::uint8_t { kElectronic, kPaper };
inline constexpr std::array<std::string_view, 2> kFormatNames = {"electronic", "paper"};

enum class Medium : std::uint8_t {
  kPortal,
  kSecureEmail,
  kEmail,
  kMail,
  kFax,
  kPickup,
  kPortableMedia
};
inline constexpr std::array<std::string_view, 7> kMediumNames = {
    "portal", "secure_email", "email", "mail", "fax", "pickup", "portable_media"};

enum class Signer : std::uint8_t { kPatient, kPersonalRepresentative, kMinorPatient };
inline constexpr std::array<std::string_view, 3> kSignerNames = {
    "patient", "personal_representative", "minor_patient"};

// Categories an authorization names explicitly.
enum class Cover : std::uint8_t {
  kAllRecords,
  kPsychotherapyNotes,
  kSudCounselingNotes,
  kSudRecords,
  kHiv,
  kMentalHealth,
  kReproductive,
  kGenetic
};
inline constexpr std::array<std::string_view, 8> kCoverNames = {
    "all_records", "psychotherapy_notes", "sud_counseling_notes", "sud_records",
    "hiv",         "mental_health",       "reproductive",         "genetic"};

enum class DocKind : std::uint8_t {
  kProgressNote,
  kPsychotherapyNote,
  kSudCounselingNote,
  kLabResult,
  kImaging,
  kDischargeSummary,
  kMedicationList,
  kBilling,
  kCorrespondence,
  kLitigationMaterial,
  kEmergency,
  kOther
};
inline constexpr std::array<std::string_view, 12> kDocKindNames = {
    "progress_note",  "psychotherapy_note",  "sud_counseling_note", "lab_result",
    "imaging",        "discharge_summary",   "medication_list",     "billing",
    "correspondence", "litigation_material", "emergency",           "other"};

// Sensitivity labels on a document.
enum class Label : std::uint8_t { kMentalHealth, kHiv, kSud, kReproductive, kGenetic, kStd };
inline constexpr std::array<std::string_view, 6> kLabelNames = {"mental_health", "hiv",     "sud",
                                                                "reproductive",  "genetic", "std"};

// Where a document stands under 42 CFR Part 2.
enum class Part2 : std::uint8_t { kNone, kOwnProgram, kReceivedTpoConsent, kReceivedOtherConsent };
inline constexpr std::array<std::string_view, 4> kPart2Names = {
    "none", "own_program", "received_tpo_consent", "received_other_consent"};

enum class PatientFee : std::uint8_t { kFlat, kActual };
inline constexpr std::array<std::string_view, 2> kPatientFeeNames = {"flat", "actual"};

using KindSet = EnumSet<DocKind>;
using LabelSet = EnumSet<Label>;
using CoverSet = EnumSet<Cover>;
using BasisSet = EnumSet<Basis>;
using RoleSet = EnumSet<Role>;
using PurposeSet = EnumSet<Purpose>;
using EntitySet = EnumSet<EntityType>;
using FormatSet = EnumSet<Format>;

// What a request, order or subpoena describes.  An empty scope describes nothing.
struct Scope {
  bool all_records = false;
  KindSet kinds;
  std::optional<Date> from;
  std::optional<Date> to;
  std::vector<std::string> encounters;
};

struct Entity {
  EntityType type = EntityType::kOther;
  bool part2_program = false;
};

struct Patient {
  Date birth_date;
  std::optional<Date> deceased_on;
  bool emancipated = false;
};

struct Requester {
  Role role = Role::kOther;
  bool identity_verified = false;
  bool authority_documented = false;
  bool covered_entity = false;
  bool abuse_concern = false;
};

struct Request {
  bool written = false;
  bool is_signed = false;  // "signed" in JSON.
  bool recipient_named = false;
  bool destination_named = false;
  Format format = Format::kElectronic;
  std::optional<Medium> medium;
  Scope scope;
};

struct Compound {
  bool combined = false;
  bool includes_psychotherapy_notes = false;
  bool conditions_treatment = false;
};

// A §164.508 authorization or 42 CFR 2.31 consent as presented.
struct Authorization {
  bool is_signed = false;  // "signed" in JSON.
  std::optional<Date> signed_on;
  Signer signer = Signer::kPatient;
  bool representative_authority_described = false;
  std::optional<Date> expires_on;
  std::optional<std::string> expiration_event;
  bool expiration_event_occurred = false;
  bool describes_information = false;
  bool names_discloser = false;
  bool names_recipient = false;
  bool states_purpose = false;
  bool revocation_statement = false;
  bool conditioning_statement = false;
  bool redisclosure_statement = false;
  CoverSet covers;
  Compound compound;
  bool witnessed = false;
  std::optional<Date> revoked_on;
  bool revocation_written = false;
  bool part2_consent = false;
  bool proceedings_consent = false;
  std::vector<std::string> state_forms;
};

// Court order or subpoena facts.
struct Legal {
  bool judge_signed = false;
  bool assurance_of_notice = false;
  bool qualified_protective_order = false;
  bool proof_of_notice_to_patient = false;
  bool part2_court_order = false;
  bool against_patient = false;
  bool representations_on_face = false;
  Scope scope;
};

struct Extension {
  std::optional<Date> notice_on;
  bool written = false;
  std::optional<Date> new_due_on;
  std::int64_t prior_extensions = 0;
};

// Actual costs, for cost-based fees.
struct Cost {
  std::int64_t labor_minutes = 0;
  std::int64_t labor_rate_cents_per_hour = 0;
  std::int64_t supplies_cents = 0;
  std::int64_t postage_cents = 0;
};

struct FeePolicy {
  PatientFee patient_electronic = PatientFee::kFlat;
  std::int64_t flat_cents = 650;
};

struct Document {
  std::string id;
  DocKind kind = DocKind::kOther;
  std::optional<Date> service_date;
  std::int64_t pages = 0;
  LabelSet labels;
  Part2 part2 = Part2::kNone;
  bool minor_consented = false;
  std::optional<std::string> encounter;
  bool relevant_to_involvement = false;
  bool harm_determination = false;
  bool electronic = true;
};

// Value type: one openroi.case/1 document, validated by ParseCase().
struct Case {
  std::string jurisdiction = "US";
  Entity entity;
  Date received_on;
  std::optional<Date> payment_received_on;
  Date as_of;
  Patient patient;
  Requester requester;
  Basis basis = Basis::kAccess;
  Purpose purpose = Purpose::kOther;
  Request request;
  std::optional<Authorization> authorization;
  std::optional<Legal> legal;
  std::optional<Extension> extension;
  Cost cost;
  FeePolicy fee_policy;
  std::int64_t prior_accountings_12m = 0;
  std::vector<Document> documents;
};

}  // namespace roi::policy
