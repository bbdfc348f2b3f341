// ReleaseRequest: one request to release a patient's records, as received and worked by the ROI
// desk: who asks, for whom, on what legal basis, for what, the authorization presented, where it
// stands in the workflow and the policy decision stored with it; plus the records kept beside it
// (transitions, letters).  Pure values: no I/O, no clock reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"
#include "domain/field_text.h"
#include "domain/request_workflow.h"

namespace roi {

// How the request arrived.
enum class Channel { kPortal, kMail, kFax, kEmail, kWalkIn, kApi };
std::string_view ChannelName(Channel channel);  // "walk_in"
Result<Channel> ParseChannel(std::string_view name);

enum class Priority { kRoutine, kUrgent };
std::string_view PriorityName(Priority priority);
Result<Priority> ParsePriority(std::string_view name);

std::string_view DecisionOutcomeName(DecisionOutcome outcome);  // "none", "release", ...
Result<DecisionOutcome> ParseDecisionOutcome(std::string_view name);

// What a request (or an order or subpoena) describes.  Kinds use the policy vocabulary.  An
// empty scope describes nothing.
struct RequestScope {
  bool all_records = false;
  std::vector<std::string> kinds;
  std::optional<Date> from;
  std::optional<Date> to;
  std::vector<std::string> encounters;
  bool operator==(const RequestScope&) const = default;
};

// The elements of a §164.508 authorization or 42 CFR 2.31 consent, as spec/decision.md's case
// names them.  Value type.
struct AuthorizationElements {
  bool is_signed = false;
  std::optional<Date> signed_on;
  std::string signer = "patient";  // "patient", "personal_representative", "minor_patient".
  bool representative_authority_described = false;
  std::optional<Date> expires_on;
  std::string expiration_event;  // Empty when none.
  bool expiration_event_occurred = false;
  bool describes_information = false;
  bool names_discloser = false;
  bool names_recipient = false;
  bool states_purpose = false;
  bool revocation_statement = false;
  bool conditioning_statement = false;
  bool redisclosure_statement = false;
  std::vector<std::string> covers;  // "all_records", "psychotherapy_notes", ...
  bool compound_combined = false;
  bool compound_includes_psychotherapy_notes = false;
  bool compound_conditions_treatment = false;
  bool witnessed = false;
  std::optional<Date> revoked_on;
  bool revocation_written = false;
  bool part2_consent = false;
  bool proceedings_consent = false;
  std::vector<std::string> state_forms;  // "NY-HIV", ...
  std::string scanned_file;              // Placeholder reference into the document store.
  bool operator==(const AuthorizationElements&) const = default;
};

// Court order or subpoena facts.  Value type.
struct LegalFacts {
  bool judge_signed = false;
  bool assurance_of_notice = false;
  bool qualified_protective_order = false;
  bool proof_of_notice_to_patient = false;
  bool part2_court_order = false;
  bool against_patient = false;
  bool representations_on_face = false;
  RequestScope scope;
  bool operator==(const LegalFacts&) const = default;
};

// A granted extension of the response deadline: the written notice was given on `notice_on`,
// with its reason and the new due date.  Set only by the service when it grants the one
// extension (RequestAction::kGrantExtension); a change of facts keeps it.  Value type.
struct ExtensionNotice {
  Date notice_on;
  Date new_due_on;
  std::string reason;  // 1..2000 bytes.
  bool operator==(const ExtensionNotice&) const = default;
};

// The facts of a request that the policy decision depends on.  Strings use the policy
// vocabulary (spec/decision.md); the application checks the spelling.  Value type.
struct RequestFacts {
  std::string basis;    // "access", "authorization", "subpoena", ...
  std::string purpose;  // "personal", "litigation", ...
  std::string format = "electronic";
  std::string medium;  // Delivery medium; may be empty.
  bool written = false;
  bool is_signed = false;
  bool recipient_named = false;
  bool destination_named = false;
  bool identity_verified = false;
  bool authority_documented = false;
  bool covered_entity = false;
  bool abuse_concern = false;
  RequestScope scope;
  std::optional<AuthorizationElements> authorization;
  std::optional<LegalFacts> legal;
  std::optional<ExtensionNotice> extension;
  bool operator==(const RequestFacts&) const = default;
};

// Returns InvalidArgument naming the first bad field: basis/purpose/format empty, a scope date
// window that ends before it starts, an extension whose reason is empty or over 2000 bytes or whose
// new due date is before its notice, an encounter that is not a plain identifier, a kind, cover
// or state form that is empty or holds ',' or '=', an authorization revoked before it was signed.
Status ValidateRequestFacts(const RequestFacts& facts);

// The facts as FieldText, and back.  DecodeRequestFacts returns InvalidArgument for text that
// EncodeRequestFacts did not produce.
std::string EncodeRequestFacts(const RequestFacts& facts);
Result<RequestFacts> DecodeRequestFacts(std::string_view text);

// Value type.  `version` is the optimistic-concurrency counter kept by storage (1 after insert).
struct ReleaseRequest {
  RequestId id;
  OrganizationId organization_id;
  std::string number;  // "R-2026-000123": unique in the organization.
  PatientId patient_id;
  RequesterId requester_id;
  std::string requester_role;  // Copied from the requester at intake, for the work queue.
  FacilityId facility_id;      // Unset when the request is for the organization as a whole.
  Channel channel = Channel::kPortal;
  Priority priority = Priority::kRoutine;
  Date received_on;
  std::int64_t received_micros = 0;
  RequestFacts facts;
  RequestState state = RequestState::kReceived;
  std::optional<RequestState> held_from;  // Set only while on hold.
  UserId assignee;                        // Unset when unassigned.
  DecisionOutcome decision = DecisionOutcome::kNone;
  std::string decision_json;   // The stored openroi.decision/1 document ("" before the first).
  std::optional<Date> due_on;  // From the decision; null where no law sets a deadline.
  std::int64_t version = 0;

  bool operator==(const ReleaseRequest&) const = default;
};

// Returns InvalidArgument naming the first bad field: number empty or over 32 bytes, patient or
// requester unset, requester_role empty, received_micros negative, facts invalid, held_from set
// while not on hold (or missing while on hold), decision_json over 1 MiB.
Status ValidateReleaseRequest(const ReleaseRequest& request);

// "R-<year>-<sequence>", the sequence zero-padded to six digits: FormatRequestNumber(2026, 123)
// is "R-2026-000123".
std::string FormatRequestNumber(int year, std::int64_t sequence);

// Open: not finished (released, denied, closed or cancelled requests are finished).
bool IsOpenState(RequestState state);

// One recorded transition of a request, with the caller's note.  Value type.
struct RequestTransition {
  RequestId request_id;
  WorkflowEvent event;
  std::string note;  // At most 2000 bytes.
  bool operator==(const RequestTransition&) const = default;
};

// A letter produced for a request, kept as data (a renderer turns it into a PDF later).
struct Letter {
  std::int64_t id = 0;  // Assigned by storage.
  RequestId request_id;
  std::string kind;  // "acknowledgment", ...
  Date date;
  std::string recipient;  // Name of the addressee.
  Fields body;            // Named fields the template fills in, in order.
  bool operator==(const Letter&) const = default;
};

// Returns InvalidArgument for an unset request, an empty kind or recipient, or a body field with
// an empty key or a key holding '=' or a newline.
Status ValidateLetter(const Letter& letter);

}  // namespace roi
