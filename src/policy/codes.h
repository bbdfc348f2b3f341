// Codes: the UPPER_SNAKE vocabulary of a decision (deficiencies, withholding reasons, fee bases,
// notices) and the federal rules the engine can cite.  Names are the contract spellings of
// spec/decision.md; citations of federal rules live in rules/federal.toml, not here.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace roi::policy {

// Output codes, grouped: deficiencies, then withholding reasons, then fee bases, then notices.
enum class Code : std::uint8_t {
  // Deficiencies: what must be cured before anything may go.
  kAuthMissing,
  kAuthUnsigned,
  kAuthUndated,
  kAuthRepresentativeAuthorityMissing,
  kAuthNoDescription,
  kAuthNoDiscloser,
  kAuthNoRecipient,
  kAuthNoPurpose,
  kAuthNoExpiration,
  kAuthNoRevocationStatement,
  kAuthNoConditioningStatement,
  kAuthNoRedisclosureStatement,
  kAuthCompoundPsychotherapy,
  kAuthCompoundConditioned,
  kAuthConditioned,
  kAuthNotWitnessed,
  kIdentityNotVerified,
  kAuthorityNotDocumented,
  kDirectiveNotSigned,
  kDirectiveNotWritten,
  kDirectiveNoRecipient,
  kSubpoenaNoAssurance,
  kSubpoenaNoNoticeToPatient,
  kRevocationNotWritten,
  kTherapistConsentRequired,
  kAdminRequestNoRepresentations,
  // Withholding reasons (per document).
  kPsychotherapyNotes,
  kSudCounselingNotes,
  kPart2ConsentRequired,
  kPart2CourtOrderRequired,
  kPart2ProceedingAgainstPatient,
  kHivSpecificReleaseRequired,
  kMinorConsentedCare,
  kOutOfScope,
  kMinimumNecessary,
  kLitigationMaterial,
  kHarmDetermination,
  kNotRelevantToInvolvement,
  kLawEnforcementExcludedData,
  kAuthorizationDoesNotCover,
  kMentalHealthConsentRequired,
  kDirectiveEhrOnly,
  kCliaLabExclusion,
  kReproductiveSpecificReleaseRequired,
  kPending,
  kAuthExpired,
  kAuthRevoked,
  kNoLegalBasis,
  kNotPersonalRepresentative,
  // Fee bases.
  kFeeNone,
  kHipaaFlatElectronic,
  kHipaaCostBased,
  kStateCap,
  kStateSchedule,
  kFreeBenefitsAppeal,
  kFirstAccountingFree,
  kAccountingCostBased,
  // Notices.
  kPart2Redisclosure,
  kCopyOfConsent,
  kNyHivRedisclosure,
  kDenialNotice,
  kReviewRights,
  kComplaintRights,
  kExtensionNotice,
  kAdvanceFeeNotice,
  kNotifyProvider,
  kCount
};

inline constexpr Code kFirstDeficiency = Code::kAuthMissing;
inline constexpr Code kFirstReason = Code::kPsychotherapyNotes;
inline constexpr Code kFirstFeeBasis = Code::kFeeNone;
inline constexpr Code kFirstNotice = Code::kPart2Redisclosure;

// "AUTH_MISSING" for Code::kAuthMissing.
std::string_view CodeName(Code code);
std::optional<Code> CodeFromName(std::string_view name);
bool IsDeficiency(Code code);
bool IsWithholdingReason(Code code);
bool IsFeeBasis(Code code);
bool IsNotice(Code code);

// Federal rules the engine's logic can fire.  Each needs a citation in rules/federal.toml.
enum class Rule : std::uint8_t {
  kJurisdictionFallback,
  kNoLegalBasis,
  kNotPersonalRepresentative,
  kPrAbuseConcern,
  kPrAdult,
  kPrMinor,
  kPrDecedent,
  kIdentityVerification,
  kDecedent50Years,
  kAccess30Days,
  kAccess15DaysProposed,
  kAccessExtensionValid,
  kAccessExtensionInvalid,
  kAccountingExtensionValid,
  kAccountingExtensionInvalid,
  kExtensionNotAvailable,
  kExtensionBeyondStateDeadline,
  kAccessExcludesPsychotherapyNotes,
  kAccessExcludesLitigation,
  kAccessCliaLabExclusion,
  kAccessExcludesSudCounselingNotes,
  kAccessDenialReviewable,
  kAccessDenialUnreviewable,
  kDenialNoticeContents,
  kDirectiveRequirements,
  kDirectiveEhrOnly,
  kDirectiveFeeNotPatientRate,
  kFeeFlatElectronic,
  kFeeCostBased,
  kFeeAdvanceNotice,
  kFeeThirdPartyCostBased,
  kAuthRequired,
  kAuthValid,
  kAuthSignature,
  kAuthCoreElements,
  kAuthRequiredStatements,
  kAuthCompound,
  kAuthExpired,
  kAuthRevoked,
  kRevocationMustBeWritten,
  kAuthScope,
  kPsychotherapySeparateAuthorization,
  kPsychotherapyRequiredByLaw,
  kMinimumNecessaryApplies,
  kMinimumNecessaryExempt,
  kMinimumNecessaryWholeRecord,
  kMinimumNecessaryReliance,
  kAccountable,
  kNotAccountable,
  kAccounting60Days,
  kAccountingFirstFree,
  kAccountingCostBasedFee,
  kCourtOrder,
  kCourtOrderNotSigned,
  kSubpoenaSignedByJudge,
  kSubpoenaAssurance,
  kRequestScope,
  kLawEnforcementProcess,
  kLawEnforcementAdministrativeRequest,
  kLawEnforcementIdentification,
  kLawEnforcementExcludedData,
  kPublicHealth,
  kWorkersCompensation,
  kTreatmentPaymentOperations,
  kFamilyInvolvement,
  kMinorConsentedCare,
  kMinorProfessionalDiscretion,
  kPart2ConsentRequired,
  kPart2TpoRedisclosure,
  kPart2CourtOrderRequired,
  kPart2OrderWithSubpoena,
  kPart2ProceedingAgainstPatient,
  kPart2RedisclosureNotice,
  kPart2CopyOfConsent,
  kPart2PatientAccess,
  kPart2ProgramRecord,
  kSudCounselingNotesSeparateConsent,
  kAuthConditioning,
  kAuthConditioningPermitted,
  kPart2MinorConsent,
  kPart2DeceasedConsent,
  kCount
};

// "ACCESS_30_DAYS" for Rule::kAccess30Days.
std::string_view RuleName(Rule rule);
std::optional<Rule> RuleFromName(std::string_view name);

}  // namespace roi::policy
