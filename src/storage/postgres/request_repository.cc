// PostgreSQL RequesterRepository, DocumentRepository and RequestRepository: every statement
// passes the bound organization as $1 and filters by it.  The statements run as unnamed
// (PQexecParams) statements, so PostgreSQL plans each with its actual parameters: the work
// queue's optional filters ("$n IS NULL OR ...") fold away and the matching index is used.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

constexpr int kMaxListLimit = 1000;
constexpr std::string_view kNoDueKey = "9999-12-31";

std::string Id(std::int64_t value) { return std::to_string(value); }

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

std::optional<std::string> OptionalDate(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}

std::optional<std::int64_t> OptionalId(std::int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

std::optional<std::string> OptionalText(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// Reads an optional date column; false when the stored text is not a date.
bool ReadOptionalDate(const pqxx::field& field, std::optional<Date>& out) {
  out.reset();
  if (field.is_null()) return true;
  Result<Date> date = Date::Parse(field.as<std::string>());
  if (!date) return false;
  out = *date;
  return true;
}

template <typename T, typename Read>
Result<std::vector<T>> ReadAll(const pqxx::result& rows, Read read) {
  std::vector<T> out;
  for (const pqxx::row& row : rows) {
    Result<T> item = read(row);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return out;
}

constexpr std::string_view kRequesterSelect =
    "SELECT id, organization_id, role, name, organization, email, phone, address, npi, version"
    " FROM requesters WHERE organization_id = $1";

Result<Requester> ReadRequester(const pqxx::row& row) {
  return Requester{.id = RequesterId(row[0].as<std::int64_t>()),
                   .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                   .role = row[2].as<std::string>(),
                   .name = row[3].as<std::string>(),
                   .organization = row[4].as<std::string>(),
                   .email = row[5].as<std::string>(),
                   .phone = row[6].as<std::string>(),
                   .address = row[7].as<std::string>(),
                   .npi = row[8].as<std::string>(),
                   .version = row[9].as<std::int64_t>()};
}

constexpr std::string_view kDocumentSelect =
    "SELECT id, organization_id, patient_id, kind, to_char(service_date, 'YYYY-MM-DD'),"
    " encounter, author, pages, labels, part2, minor_consented, content, version"
    " FROM documents WHERE organization_id = $1";

Result<Document> ReadDocument(const pqxx::row& row) {
  Document document{.id = DocumentId(row[0].as<std::int64_t>()),
                    .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                    .patient_id = PatientId(row[2].as<std::int64_t>()),
                    .kind = row[3].as<std::string>(),
                    .service_date = std::nullopt,
                    .encounter = row[5].as<std::string>(),
                    .author = row[6].as<std::string>(),
                    .pages = row[7].as<std::int64_t>(),
                    .labels = SplitList(row[8].as<std::string>()),
                    .part2 = row[9].as<std::string>(),
                    .minor_consented = row[10].as<bool>(),
                    .content = row[11].as<std::string>(),
                    .version = row[12].as<std::int64_t>()};
  if (!ReadOptionalDate(row[4], document.service_date)) {
    return InternalError("stored service_date of document " + Id(document.id.value) +
                         " is not a date");
  }
  return document;
}

#define ROI_REQUEST_SELECT                                                                    \
  "SELECT r.id, r.organization_id, r.number, r.patient_id, r.requester_id, r.requester_role," \
  " r.facility_id, r.channel, r.priority, to_char(r.received_on, 'YYYY-MM-DD'),"              \
  " r.received_micros, r.facts, r.state, r.held_from, r.assignee_id, r.decision,"             \
  " r.decision_json, to_char(r.due_on, 'YYYY-MM-DD'), r.version FROM requests r"              \
  " WHERE r.organization_id = $1"

Result<ReleaseRequest> ReadRequest(const pqxx::row& row) {
  ReleaseRequest request;
  request.id = RequestId(row[0].as<std::int64_t>());
  request.organization_id = OrganizationId(row[1].as<std::int64_t>());
  request.number = row[2].as<std::string>();
  request.patient_id = PatientId(row[3].as<std::int64_t>());
  request.requester_id = RequesterId(row[4].as<std::int64_t>());
  request.requester_role = row[5].as<std::string>();
  request.facility_id = FacilityId(row[6].is_null() ? 0 : row[6].as<std::int64_t>());
  std::string bad = "stored request " + Id(request.id.value) + " has a bad ";
  Result<Channel> channel = ParseChannel(row[7].as<std::string>());
  Result<Priority> priority = ParsePriority(row[8].as<std::string>());
  Result<Date> received = Date::Parse(row[9].as<std::string>());
  Result<RequestFacts> facts = DecodeRequestFacts(row[11].as<std::string>());
  Result<RequestState> state = ParseRequestState(row[12].as<std::string>());
  Result<DecisionOutcome> decision = ParseDecisionOutcome(row[15].as<std::string>());
  if (!channel || !priority || !received || !facts || !state || !decision) {
    return InternalError(bad + "column");
  }
  request.channel = *channel;
  request.priority = *priority;
  request.received_on = *received;
  request.received_micros = row[10].as<std::int64_t>();
  request.facts = std::move(*facts);
  request.state = *state;
  if (!row[13].is_null()) {
    Result<RequestState> held = ParseRequestState(row[13].as<std::string>());
    if (!held) return InternalError(bad + "held_from");
    request.held_from = *held;
  }
  request.assignee = UserId(row[14].is_null() ? 0 : row[14].as<std::int64_t>());
  request.decision = *decision;
  request.decision_json = row[16].as<std::string>();
  if (!ReadOptionalDate(row[17], request.due_on)) return InternalError(bad + "due_on");
  request.version = row[18].as<std::int64_t>();
  return request;
}

// The work queue.  $2 state, $3 today (overdue only), $4 assignee, $5 role, $6 facility,
// $7 number (upper), $8 MRN, $9 family-name pattern, $10/$11 keyset, $12 limit.  A search ($7)
// has statements of its own (below), which start from the rows it matches (by number, or of the
// patients matched by MRN or family-name prefix, through their indexes) instead of walking the
// queue in due order ("$7 IS NULL OR ... IN (...)" would stay a filter tested on every row).
// Statements without a search still name $7..$9 so that every parameter has a type.
#define ROI_REQUEST_FILTERS                                          \
  " AND ($2::text IS NULL OR r.state = $2)"                          \
  " AND ($3::date IS NULL OR (r.due_key < $3"                        \
  " AND r.state NOT IN ('released','denied','closed','cancelled')))" \
  " AND ($4::bigint IS NULL OR r.assignee_id = $4)"                  \
  " AND ($5::text IS NULL OR r.requester_role = $5)"                 \
  " AND ($6::bigint IS NULL OR r.facility_id = $6)"
#define ROI_REQUEST_NO_SEARCH \
  " AND ($7::text IS NULL OR $8::text IS NULL OR $9::text IS NULL OR TRUE)"
#define ROI_REQUEST_BY_DUE                                                     \
  " AND ($11::bigint IS NULL OR (r.due_key, r.id) > ($10::date, $11::bigint))" \
  " ORDER BY r.due_key, r.id LIMIT $12"
#define ROI_REQUEST_BY_RECEIVED                                              \
  " AND ($10::date IS NULL OR TRUE) AND ($11::bigint IS NULL OR r.id > $11)" \
  " ORDER BY r.id LIMIT $12"

constexpr std::string_view kListByDue =
    ROI_REQUEST_SELECT ROI_REQUEST_FILTERS ROI_REQUEST_NO_SEARCH ROI_REQUEST_BY_DUE;
constexpr std::string_view kListByReceived =
    ROI_REQUEST_SELECT ROI_REQUEST_FILTERS ROI_REQUEST_NO_SEARCH ROI_REQUEST_BY_RECEIVED;

// Search: the page is chosen among the matches alone, from three branches, each with the queue's
// filters, keyset, order and limit: the request with that number; the requests of the patient
// with that MRN; the requests of the patients whose family name starts with the text.  The outer
// query merges the at most 3 x limit ids (IN drops a request two branches found) and reads only
// the page's rows.  How the name branch runs depends on how many patients the prefix matches
// (counted first, up to kBroadPrefixPatients + 1):
//  - a few (a full name, a long prefix): their requests are read through
//    requests_patient_queue_idx (migration 26, an index-only scan) and sorted.  The order is
//    written "due_key + 0" so that the planner cannot walk the due index instead: its estimate
//    for a LIKE prefix can be far too high, and a walk that finds only ten requests reads all
//    1M (seconds);
//  - many (a one- or two-letter prefix: 1 in 26 patients and more): the due order is walked and
//    each request's patient tested, stopping at the page's end (about 26 x limit rows).
#define ROI_REQUEST_SEARCH_BRANCHES(keyset, order)                                           \
  " AND r.id IN (SELECT id FROM ("                                                           \
  "(SELECT r.id FROM requests r WHERE r.organization_id = $1 AND r.number = "                \
  "$7::text" ROI_REQUEST_FILTERS keyset                                                      \
  ")"                                                                                        \
  " UNION ALL (SELECT r.id FROM requests r WHERE r.organization_id = $1 AND r.patient_id IN" \
  " (SELECT p.id FROM patients p WHERE p.organization_id = $1 AND p.mrn = "                  \
  "$8::text)" ROI_REQUEST_FILTERS keyset order                                               \
  ")"                                                                                        \
  " UNION ALL (SELECT r.id FROM requests r WHERE r.organization_id = $1 AND r.patient_id IN" \
  " (SELECT p.id FROM patients p WHERE p.organization_id = $1"                               \
  " AND p.family_name_fold LIKE $9::text)" ROI_REQUEST_FILTERS keyset order ")) hit)"
#define ROI_REQUEST_KEYSET_DUE \
  " AND ($11::bigint IS NULL OR (r.due_key, r.id) > ($10::date, $11::bigint))"
#define ROI_REQUEST_KEYSET_RECEIVED \
  " AND ($10::date IS NULL OR TRUE) AND ($11::bigint IS NULL OR r.id > $11)"

constexpr int kBroadPrefixPatients = 2000;
constexpr std::string_view kCountPrefixPatients =
    "SELECT count(*) FROM (SELECT 1 FROM patients p WHERE p.organization_id = $1"
    " AND p.family_name_fold LIKE $2::text LIMIT $3) m";
constexpr std::string_view kSearchByDue = ROI_REQUEST_SELECT ROI_REQUEST_SEARCH_BRANCHES(
    ROI_REQUEST_KEYSET_DUE, " ORDER BY r.due_key + 0, r.id LIMIT $12") ROI_REQUEST_BY_DUE;
constexpr std::string_view kSearchByReceived = ROI_REQUEST_SELECT ROI_REQUEST_SEARCH_BRANCHES(
    ROI_REQUEST_KEYSET_RECEIVED, " ORDER BY r.id + 0 LIMIT $12") ROI_REQUEST_BY_RECEIVED;
constexpr std::string_view kBroadSearchByDue = ROI_REQUEST_SELECT ROI_REQUEST_SEARCH_BRANCHES(
    ROI_REQUEST_KEYSET_DUE, " ORDER BY r.due_key, r.id LIMIT $12") ROI_REQUEST_BY_DUE;
constexpr std::string_view kBroadSearchByReceived = ROI_REQUEST_SELECT ROI_REQUEST_SEARCH_BRANCHES(
    ROI_REQUEST_KEYSET_RECEIVED, " ORDER BY r.id LIMIT $12") ROI_REQUEST_BY_RECEIVED;

Result<RequestTransition> ReadTransition(const pqxx::row& row) {
  Result<RequestAction> action = ParseRequestAction(row[1].as<std::string>());
  Result<RequestState> from = ParseRequestState(row[2].as<std::string>());
  Result<RequestState> to = ParseRequestState(row[3].as<std::string>());
  if (!action || !from || !to) return InternalError("stored transition has a bad column");
  return RequestTransition{.request_id = RequestId(row[0].as<std::int64_t>()),
                           .event = {.action = *action,
                                     .from = *from,
                                     .to = *to,
                                     .actor = UserId(row[4].as<std::int64_t>()),
                                     .at_micros = row[5].as<std::int64_t>(),
                                     .idempotency_key = row[6].as<std::string>()},
                           .note = row[7].as<std::string>()};
}

Result<Letter> ReadLetter(const pqxx::row& row) {
  Result<Date> date = Date::Parse(row[3].as<std::string>());
  Result<Fields> body = DecodeFields(row[5].as<std::string>());
  if (!date || !body) return InternalError("stored letter has a bad column");
  return Letter{.id = row[0].as<std::int64_t>(),
                .request_id = RequestId(row[1].as<std::int64_t>()),
                .kind = row[2].as<std::string>(),
                .date = *date,
                .recipient = row[4].as<std::string>(),
                .body = std::move(*body)};
}

}  // namespace

// Requesters.

Result<Requester> PgRequesterRepository::Insert(const Requester& requester) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateRequester(requester); !valid) return valid.error();
  return context_.Run("insert requester", [&]() -> Result<Requester> {
    pqxx::row inserted = context_.Transaction().exec_params1(
        "INSERT INTO requesters (organization_id, role, name, organization, email, phone,"
        " address, npi) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        organization_.value, requester.role, requester.name, requester.organization,
        requester.email, requester.phone, requester.address, requester.npi);
    Requester stored = requester;
    stored.id = RequesterId(inserted[0].as<std::int64_t>());
    stored.organization_id = organization_;
    stored.version = 1;
    return stored;
  });
}

Result<Requester> PgRequesterRepository::Find(RequesterId id) {
  return context_.Run("find requester", [&]() -> Result<Requester> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kRequesterSelect) + " AND id = $2", organization_.value, id.value);
    if (rows.empty()) return NotFoundError("requester " + Id(id.value) + " not found");
    return ReadRequester(rows[0]);
  });
}

// Documents.

Result<Document> PgDocumentRepository::Insert(const Document& document) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateDocument(document); !valid) return valid.error();
  return context_.Run("insert document", [&]() -> Result<Document> {
    pqxx::dbtransaction& tx = context_.Transaction();
    pqxx::result patient =
        tx.exec_params("SELECT 1 FROM patients WHERE organization_id = $1 AND id = $2",
                       organization_.value, document.patient_id.value);
    if (patient.empty()) {
      return NotFoundError("patient " + Id(document.patient_id.value) + " not found");
    }
    pqxx::row inserted = tx.exec_params1(
        "INSERT INTO documents (organization_id, patient_id, kind, service_date, encounter,"
        " author, pages, labels, part2, minor_consented, content)"
        " VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        organization_.value, document.patient_id.value, document.kind,
        OptionalDate(document.service_date), document.encounter, document.author, document.pages,
        JoinList(document.labels), document.part2, document.minor_consented, document.content);
    Document stored = document;
    stored.id = DocumentId(inserted[0].as<std::int64_t>());
    stored.organization_id = organization_;
    stored.version = 1;
    return stored;
  });
}

Result<Document> PgDocumentRepository::Find(DocumentId id) {
  return context_.Run("find document", [&]() -> Result<Document> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kDocumentSelect) + " AND id = $2", organization_.value, id.value);
    if (rows.empty()) return NotFoundError("document " + Id(id.value) + " not found");
    return ReadDocument(rows[0]);
  });
}

Result<std::vector<Document>> PgDocumentRepository::ListForPatient(PatientId patient) {
  return context_.Run("list documents", [&]() -> Result<std::vector<Document>> {
    return ReadAll<Document>(context_.Transaction().exec_params(
                                 std::string(kDocumentSelect) + " AND patient_id = $2 ORDER BY id",
                                 organization_.value, patient.value),
                             ReadDocument);
  });
}

// Requests.

Result<std::int64_t> PgRequestRepository::NextSequence(int year) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  return context_.Run("next request number", [&]() -> Result<std::int64_t> {
    return context_.Transaction()
        .exec_params1(
            "INSERT INTO request_sequences (organization_id, year, last) VALUES ($1, $2, 1)"
            " ON CONFLICT (organization_id, year) DO UPDATE"
            " SET last = request_sequences.last + 1 RETURNING last",
            organization_.value, year)[0]
        .as<std::int64_t>();
  });
}

Result<ReleaseRequest> PgRequestRepository::Insert(const ReleaseRequest& request) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateReleaseRequest(request); !valid) return valid.error();
  return context_.Run("insert request", [&]() -> Result<ReleaseRequest> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_params("SELECT 1 FROM patients WHERE organization_id = $1 AND id = $2",
                       organization_.value, request.patient_id.value)
            .empty()) {
      return NotFoundError("patient " + Id(request.patient_id.value) + " not found");
    }
    if (tx.exec_params("SELECT 1 FROM requesters WHERE organization_id = $1 AND id = $2",
                       organization_.value, request.requester_id.value)
            .empty()) {
      return NotFoundError("requester " + Id(request.requester_id.value) + " not found");
    }
    // ON CONFLICT DO NOTHING keeps the transaction usable after a taken number.
    pqxx::result inserted = tx.exec_params(
        "INSERT INTO requests (organization_id, number, patient_id, requester_id, requester_role,"
        " facility_id, channel, priority, received_on, received_micros, facts, state, held_from,"
        " assignee_id, decision, decision_json, due_on, due_key)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, $12, $13, $14, $15, $16,"
        " $17::date, $18::date) ON CONFLICT DO NOTHING RETURNING id",
        organization_.value, request.number, request.patient_id.value, request.requester_id.value,
        request.requester_role, OptionalId(request.facility_id.value),
        std::string(ChannelName(request.channel)), std::string(PriorityName(request.priority)),
        request.received_on.ToString(), request.received_micros, EncodeRequestFacts(request.facts),
        std::string(RequestStateName(request.state)),
        request.held_from ? std::optional<std::string>(RequestStateName(*request.held_from))
                          : std::nullopt,
        OptionalId(request.assignee.value), std::string(DecisionOutcomeName(request.decision)),
        request.decision_json, OptionalDate(request.due_on),
        request.due_on ? request.due_on->ToString() : std::string(kNoDueKey));
    if (inserted.empty()) {
      return AlreadyExistsError("request number is already in use in organization " +
                                Id(organization_.value));
    }
    ReleaseRequest stored = request;
    stored.id = RequestId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    stored.version = 1;
    return stored;
  });
}

Result<ReleaseRequest> PgRequestRepository::Find(RequestId id) {
  return context_.Run("find request", [&]() -> Result<ReleaseRequest> {
    pqxx::result rows = context_.Transaction().exec_params(ROI_REQUEST_SELECT " AND r.id = $2",
                                                           organization_.value, id.value);
    if (rows.empty()) return NotFoundError("request " + Id(id.value) + " not found");
    return ReadRequest(rows[0]);
  });
}

Result<ReleaseRequest> PgRequestRepository::Update(const ReleaseRequest& request) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateReleaseRequest(request); !valid) return valid.error();
  Result<ReleaseRequest> current = Find(request.id);
  if (!current) return current.error();
  if (current->version != request.version) {
    return AbortedError("request " + Id(request.id.value) +
                        " was changed concurrently (stale version)");
  }
  return context_.Run("update request", [&]() -> Result<ReleaseRequest> {
    pqxx::result updated = context_.Transaction().exec_params(
        "UPDATE requests SET facility_id = $3, channel = $4, priority = $5, facts = $6,"
        " state = $7, held_from = $8, assignee_id = $9, decision = $10, decision_json = $11,"
        " due_on = $12::date, due_key = $13::date, version = version + 1"
        " WHERE organization_id = $1 AND id = $2 AND version = $14",
        organization_.value, request.id.value, OptionalId(request.facility_id.value),
        std::string(ChannelName(request.channel)), std::string(PriorityName(request.priority)),
        EncodeRequestFacts(request.facts), std::string(RequestStateName(request.state)),
        request.held_from ? std::optional<std::string>(RequestStateName(*request.held_from))
                          : std::nullopt,
        OptionalId(request.assignee.value), std::string(DecisionOutcomeName(request.decision)),
        request.decision_json, OptionalDate(request.due_on),
        request.due_on ? request.due_on->ToString() : std::string(kNoDueKey), request.version);
    if (updated.affected_rows() == 0) {
      return AbortedError("request " + Id(request.id.value) +
                          " was changed concurrently (stale version)");
    }
    ReleaseRequest stored = *current;
    stored.facility_id = request.facility_id;
    stored.channel = request.channel;
    stored.priority = request.priority;
    stored.facts = request.facts;
    stored.state = request.state;
    stored.held_from = request.held_from;
    stored.assignee = request.assignee;
    stored.decision = request.decision;
    stored.decision_json = request.decision_json;
    stored.due_on = request.due_on;
    stored.version = request.version + 1;
    return stored;
  });
}

Result<std::vector<ReleaseRequest>> PgRequestRepository::ListForPair(PatientId patient,
                                                                     RequesterId requester,
                                                                     Date since) {
  return context_.Run(
      "list requests for patient and requester", [&]() -> Result<std::vector<ReleaseRequest>> {
        return ReadAll<ReleaseRequest>(
            context_.Transaction().exec_params(
                ROI_REQUEST_SELECT " AND r.patient_id = $2 AND r.requester_id = $3"
                                   " AND r.received_on >= $4::date ORDER BY r.id",
                organization_.value, patient.value, requester.value, since.ToString()),
            ReadRequest);
      });
}

Result<std::vector<ReleaseRequest>> PgRequestRepository::List(const RequestQuery& query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return InvalidArgumentError("request list limit must be 1 to 1000");
  }
  return context_.Run("list requests", [&]() -> Result<std::vector<ReleaseRequest>> {
    bool searching = !query.search.empty();
    std::optional<std::string> state;
    if (query.state) state = std::string(RequestStateName(*query.state));
    std::optional<std::string> today;
    if (query.overdue) today = query.today.ToString();
    std::optional<std::string> after_due;
    if (query.after_id.IsSet()) {
      after_due = query.after_due_on ? query.after_due_on->ToString() : std::string(kNoDueKey);
    }
    const bool by_due = query.sort == RequestSort::kDueOn;
    bool broad = false;
    if (searching) {
      broad = context_.Transaction()
                  .exec_params1(std::string(kCountPrefixPatients), organization_.value,
                                LikePrefix(AsciiLower(query.search)), kBroadPrefixPatients + 1)[0]
                  .as<std::int64_t>() > kBroadPrefixPatients;
    }
    const std::string_view sql =
        searching ? (broad ? (by_due ? kBroadSearchByDue : kBroadSearchByReceived)
                           : (by_due ? kSearchByDue : kSearchByReceived))
                  : (by_due ? kListByDue : kListByReceived);
    return ReadAll<ReleaseRequest>(
        context_.Transaction().exec_params(
            std::string(sql), organization_.value, state, today, OptionalId(query.assignee.value),
            OptionalText(query.requester_role), OptionalId(query.facility.value),
            searching ? std::optional<std::string>(Upper(query.search)) : std::nullopt,
            query.search, LikePrefix(AsciiLower(query.search)), after_due,
            OptionalId(query.after_id.value), query.limit),
        ReadRequest);
  });
}

Status PgRequestRepository::AddTransition(const RequestTransition& transition) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  const WorkflowEvent& event = transition.event;
  if (event.idempotency_key.empty() || event.idempotency_key.size() > 200) {
    return InvalidArgumentError("idempotency_key must be 1 to 200 bytes");
  }
  if (transition.note.size() > 2000) return InvalidArgumentError("note is over 2000 bytes");
  if (Result<ReleaseRequest> request = Find(transition.request_id); !request) {
    return request.error();
  }
  Result<bool> inserted = context_.Run("insert transition", [&]() -> Result<bool> {
    pqxx::result rows = context_.Transaction().exec_params(
        "INSERT INTO request_transitions (organization_id, request_id, action, from_state,"
        " to_state, actor_id, at_micros, idempotency_key, note)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING seq",
        organization_.value, transition.request_id.value,
        std::string(RequestActionName(event.action)), std::string(RequestStateName(event.from)),
        std::string(RequestStateName(event.to)), event.actor.value, event.at_micros,
        event.idempotency_key, transition.note);
    return !rows.empty();
  });
  if (!inserted) return inserted.error();
  if (!*inserted) {
    return AlreadyExistsError("idempotency key already used on request " +
                              Id(transition.request_id.value));
  }
  return OkStatus();
}

Result<std::vector<RequestTransition>> PgRequestRepository::Transitions(RequestId request) {
  return context_.Run("list transitions", [&]() -> Result<std::vector<RequestTransition>> {
    return ReadAll<RequestTransition>(
        context_.Transaction().exec_params(
            "SELECT request_id, action, from_state, to_state, actor_id, at_micros,"
            " idempotency_key, note FROM request_transitions"
            " WHERE organization_id = $1 AND request_id = $2 ORDER BY seq",
            organization_.value, request.value),
        ReadTransition);
  });
}

Result<Letter> PgRequestRepository::AddLetter(const Letter& letter) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateLetter(letter); !valid) return valid.error();
  if (Result<ReleaseRequest> request = Find(letter.request_id); !request) {
    return request.error();
  }
  return context_.Run("insert letter", [&]() -> Result<Letter> {
    pqxx::row inserted = context_.Transaction().exec_params1(
        "INSERT INTO request_letters (organization_id, request_id, kind, date, recipient, body)"
        " VALUES ($1, $2, $3, $4::date, $5, $6) RETURNING id",
        organization_.value, letter.request_id.value, letter.kind, letter.date.ToString(),
        letter.recipient, EncodeFields(letter.body));
    Letter stored = letter;
    stored.id = inserted[0].as<std::int64_t>();
    return stored;
  });
}

Result<std::vector<Letter>> PgRequestRepository::Letters(RequestId request) {
  return context_.Run("list letters", [&]() -> Result<std::vector<Letter>> {
    return ReadAll<Letter>(
        context_.Transaction().exec_params(
            "SELECT id, request_id, kind, to_char(date, 'YYYY-MM-DD'), recipient, body"
            " FROM request_letters WHERE organization_id = $1 AND request_id = $2 ORDER BY id",
            organization_.value, request.value),
        ReadLetter);
  });
}

}  // namespace roi::postgres
