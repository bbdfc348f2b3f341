// SQLite RequesterRepository, DocumentRepository and RequestRepository: every statement filters by
// the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
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

SqlParam OptionalDate(const std::optional<Date>& date, std::string& storage) {
  if (!date) return nullptr;
  storage = date->ToString();
  return std::string_view(storage);
}

SqlParam OptionalId(std::int64_t id) {
  if (id == 0) return nullptr;
  return id;
}

// Reads an optional date column; false when the stored text is not a date.
bool ReadOptionalDate(const Statement& row, int column, std::optional<Date>& out) {
  out.reset();
  if (row.IsNull(column)) return true;
  Result<Date> date = Date::Parse(row.Text(column));
  if (!date) return false;
  out = *date;
  return true;
}

// Runs `statement` and reads every row with `read`.
template <typename T, typename Read>
Result<std::vector<T>> Collect(Result<Statement> statement, Read read) {
  if (!statement) return statement.error();
  std::vector<T> out;
  for (;;) {
    Result<bool> row = statement->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<T> item = read(*statement);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
}

template <typename T, typename Read>
Result<T> One(Result<Statement> statement, Read read, const std::string& missing) {
  if (!statement) return statement.error();
  Result<bool> row = statement->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(missing);
  return read(*statement);
}

// Requesters.

constexpr std::string_view kRequesterSelect =
    "SELECT id, organization_id, role, name, organization, email, phone, address, npi, version"
    " FROM requesters WHERE organization_id = ?1";

Result<Requester> ReadRequester(const Statement& row) {
  return Requester{.id = RequesterId(row.Int64(0)),
                   .organization_id = OrganizationId(row.Int64(1)),
                   .role = row.Text(2),
                   .name = row.Text(3),
                   .organization = row.Text(4),
                   .email = row.Text(5),
                   .phone = row.Text(6),
                   .address = row.Text(7),
                   .npi = row.Text(8),
                   .version = row.Int64(9)};
}

// Documents.

constexpr std::string_view kDocumentSelect =
    "SELECT id, organization_id, patient_id, kind, service_date, encounter, author, pages, labels,"
    " part2, minor_consented, content, version FROM documents WHERE organization_id = ?1";

Result<Document> ReadDocument(const Statement& row) {
  Document document{.id = DocumentId(row.Int64(0)),
                    .organization_id = OrganizationId(row.Int64(1)),
                    .patient_id = PatientId(row.Int64(2)),
                    .kind = row.Text(3),
                    .service_date = std::nullopt,
                    .encounter = row.Text(5),
                    .author = row.Text(6),
                    .pages = row.Int64(7),
                    .labels = SplitList(row.Text(8)),
                    .part2 = row.Text(9),
                    .minor_consented = row.Int64(10) != 0,
                    .content = row.Text(11),
                    .version = row.Int64(12)};
  if (!ReadOptionalDate(row, 4, document.service_date)) {
    return InternalError("stored service_date of document " + Id(document.id.value) +
                         " is not a date");
  }
  return document;
}

// Requests.

constexpr std::string_view kRequestColumns =
    "r.id, r.organization_id, r.number, r.patient_id, r.requester_id, r.requester_role,"
    " r.facility_id, r.channel, r.priority, r.received_on, r.received_micros, r.facts, r.state,"
    " r.held_from, r.assignee_id, r.decision, r.decision_json, r.due_on, r.version";

std::string RequestSelect() {
  return "SELECT " + std::string(kRequestColumns) + " FROM requests r WHERE r.organization_id = ?1";
}

Result<ReleaseRequest> ReadRequest(const Statement& row) {
  ReleaseRequest request;
  request.id = RequestId(row.Int64(0));
  request.organization_id = OrganizationId(row.Int64(1));
  request.number = row.Text(2);
  request.patient_id = PatientId(row.Int64(3));
  request.requester_id = RequesterId(row.Int64(4));
  request.requester_role = row.Text(5);
  request.facility_id = FacilityId(row.IsNull(6) ? 0 : row.Int64(6));
  std::string bad = "stored request " + Id(request.id.value) + " has a bad ";
  Result<Channel> channel = ParseChannel(row.Text(7));
  Result<Priority> priority = ParsePriority(row.Text(8));
  Result<Date> received = Date::Parse(row.Text(9));
  Result<RequestFacts> facts = DecodeRequestFacts(row.Text(11));
  Result<RequestState> state = ParseRequestState(row.Text(12));
  Result<DecisionOutcome> decision = ParseDecisionOutcome(row.Text(15));
  if (!channel || !priority || !received || !facts || !state || !decision) {
    return InternalError(bad + "column");
  }
  request.channel = *channel;
  request.priority = *priority;
  request.received_on = *received;
  request.received_micros = row.Int64(10);
  request.facts = std::move(*facts);
  request.state = *state;
  if (!row.IsNull(13)) {
    Result<RequestState> held = ParseRequestState(row.Text(13));
    if (!held) return InternalError(bad + "held_from");
    request.held_from = *held;
  }
  request.assignee = UserId(row.IsNull(14) ? 0 : row.Int64(14));
  request.decision = *decision;
  request.decision_json = row.Text(16);
  if (!ReadOptionalDate(row, 17, request.due_on)) return InternalError(bad + "due_on");
  request.version = row.Int64(18);
  return request;
}

// A family-name prefix matching more patients than this is searched by walking the queue.
constexpr int kBroadPrefixPatients = 2000;

// The work-queue SQL for one combination of filters; each is its own cached statement.
// Parameters: ?1 organization, ?2 state, ?3 today, ?4 assignee, ?5 role, ?6 facility,
// ?7 search (upper), ?8 search, ?9 name pattern, ?10 after due key, ?11 after id, ?12 limit.
// `broad`: the search's family-name prefix matches over kBroadPrefixPatients patients.
std::string ListSql(const RequestQuery& query, bool broad) {
  std::string filters;
  if (query.state) filters += " AND r.state = ?2";
  if (query.overdue) {
    filters += " AND r.due_key < ?3 AND r.state NOT IN ('released','denied','closed','cancelled')";
  }
  if (query.assignee.IsSet()) filters += " AND r.assignee_id = ?4";
  if (!query.requester_role.empty()) filters += " AND r.requester_role = ?5";
  if (query.facility.IsSet()) filters += " AND r.facility_id = ?6";
  const bool by_due = query.sort == RequestSort::kDueOn;
  if (query.after_id.IsSet())
    filters += by_due ? " AND (r.due_key, r.id) > (?10, ?11)" : " AND r.id > ?11";
  if (query.search.empty()) {
    return RequestSelect() + filters +
           (by_due ? " ORDER BY r.due_key, r.id LIMIT ?12" : " ORDER BY r.id LIMIT ?12");
  }
  const std::string matches =
      " (SELECT p.id FROM patients p WHERE p.organization_id = ?1 AND (p.mrn = ?8 OR"
      " (p.family_name_fold LIKE ?9 ESCAPE '\\' AND p.family_name_fold >= lower(?8)"
      " AND p.family_name_fold < lower(?8) || char(1114111))))";
  if (broad) {
    // A broad prefix (a letter or two: 1 in 26 patients and more): walk the queue in its order
    // and test each request, stopping at the page's end (about 26 x limit rows), instead of
    // sorting tens of thousands of matches.  The matched patients are one ephemeral index.
    return "SELECT " + std::string(kRequestColumns) + " FROM requests r " +
           (by_due ? "INDEXED BY requests_due" : "NOT INDEXED") +
           " WHERE r.organization_id = ?1 AND (r.number = ?7 OR r.patient_id IN" + matches + ")" +
           filters + (by_due ? " ORDER BY r.due_key, r.id LIMIT ?12" : " ORDER BY r.id LIMIT ?12");
  }
  // Search, in two steps.  The inner query finds the page's (due_key, id) among the matches
  // alone: the request with that number, and the requests of the patients matched by MRN or
  // family-name prefix (CROSS JOIN keeps patients first), each branch with the queue's filters
  // and keyset, through requests_patient_queue (migration 26), which holds every column the
  // filters and the order read, so a broad prefix (1 in 26 patients, tens of thousands of
  // requests) reads only that index.  Only then are the page's rows read, by id.  The
  // family-name range next to the LIKE lets the prefix use patients_family_name_fold.
  const std::string keys = by_due ? "r.due_key, r.id" : "r.id";
  return "SELECT " + std::string(kRequestColumns) + " FROM (SELECT " + keys +
         " FROM requests r WHERE r.organization_id = ?1 AND r.number = ?7" + filters +
         " UNION SELECT " + keys +
         " FROM patients p CROSS JOIN requests r ON r.organization_id = ?1 AND r.patient_id = p.id"
         " WHERE p.organization_id = ?1 AND (p.mrn = ?8 OR (p.family_name_fold LIKE ?9 ESCAPE '\\'"
         " AND p.family_name_fold >= lower(?8) AND p.family_name_fold < lower(?8) || "
         "char(1114111)))" +
         filters + (by_due ? " ORDER BY 1, 2" : " ORDER BY 1") +
         " LIMIT ?12) hit CROSS JOIN requests r ON r.id = hit.id WHERE r.organization_id = ?1" +
         (by_due ? " ORDER BY hit.due_key, hit.id" : " ORDER BY hit.id");
}

Result<RequestTransition> ReadTransition(const Statement& row) {
  Result<RequestAction> action = ParseRequestAction(row.Text(1));
  Result<RequestState> from = ParseRequestState(row.Text(2));
  Result<RequestState> to = ParseRequestState(row.Text(3));
  if (!action || !from || !to) return InternalError("stored transition has a bad column");
  return RequestTransition{.request_id = RequestId(row.Int64(0)),
                           .event = {.action = *action,
                                     .from = *from,
                                     .to = *to,
                                     .actor = UserId(row.Int64(4)),
                                     .at_micros = row.Int64(5),
                                     .idempotency_key = row.Text(6)},
                           .note = row.Text(7)};
}

Result<Letter> ReadLetter(const Statement& row) {
  Result<Date> date = Date::Parse(row.Text(3));
  Result<Fields> body = DecodeFields(row.Text(5));
  if (!date || !body) return InternalError("stored letter has a bad column");
  return Letter{.id = row.Int64(0),
                .request_id = RequestId(row.Int64(1)),
                .kind = row.Text(2),
                .date = *date,
                .recipient = row.Text(4),
                .body = std::move(*body)};
}

}  // namespace

// Requesters.

Result<Requester> SqliteRequesterRepository::Insert(const Requester& requester) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateRequester(requester); !valid) return valid.error();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO requesters (organization_id, role, name, organization, email, phone, address,"
      " npi) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      {organization_.value, requester.role, requester.name, requester.organization, requester.email,
       requester.phone, requester.address, requester.npi},
      "insert requester");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Requester stored = requester;
  stored.id = RequesterId(connection_.LastInsertId());
  stored.organization_id = organization_;
  stored.version = 1;
  return stored;
}

Result<Requester> SqliteRequesterRepository::Find(RequesterId id) {
  static const std::string sql = std::string(kRequesterSelect) + " AND id = ?2";
  return One<Requester>(connection_.Query(sql, {organization_.value, id.value}, "find requester"),
                        ReadRequester, "requester " + Id(id.value) + " not found");
}

// Documents.

Result<Document> SqliteDocumentRepository::Insert(const Document& document) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateDocument(document); !valid) return valid.error();
  Result<Statement> patient =
      connection_.Query("SELECT 1 FROM patients WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, document.patient_id.value}, "check patient");
  if (!patient) return patient.error();
  Result<bool> found = patient->Step();
  if (!found) return found.error();
  if (!*found) return NotFoundError("patient " + Id(document.patient_id.value) + " not found");
  std::string service_date;
  std::string labels = JoinList(document.labels);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO documents (organization_id, patient_id, kind, service_date, encounter, author,"
      " pages, labels, part2, minor_consented, content)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
      {organization_.value, document.patient_id.value, document.kind,
       OptionalDate(document.service_date, service_date), document.encounter, document.author,
       document.pages, labels, document.part2, std::int64_t{document.minor_consented ? 1 : 0},
       document.content},
      "insert document");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Document stored = document;
  stored.id = DocumentId(connection_.LastInsertId());
  stored.organization_id = organization_;
  stored.version = 1;
  return stored;
}

Result<Document> SqliteDocumentRepository::Find(DocumentId id) {
  static const std::string sql = std::string(kDocumentSelect) + " AND id = ?2";
  return One<Document>(connection_.Query(sql, {organization_.value, id.value}, "find document"),
                       ReadDocument, "document " + Id(id.value) + " not found");
}

Result<std::vector<Document>> SqliteDocumentRepository::ListForPatient(PatientId patient) {
  static const std::string sql = std::string(kDocumentSelect) + " AND patient_id = ?2 ORDER BY id";
  return Collect<Document>(
      connection_.Query(sql, {organization_.value, patient.value}, "list documents"), ReadDocument);
}

// Requests.

Result<std::int64_t> SqliteRequestRepository::NextSequence(int year) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  Result<Statement> next = connection_.Query(
      "INSERT INTO request_sequences (organization_id, year, last) VALUES (?1, ?2, 1)"
      " ON CONFLICT (organization_id, year) DO UPDATE SET last = last + 1 RETURNING last",
      {organization_.value, std::int64_t{year}}, "next request number");
  if (!next) return next.error();
  Result<bool> row = next->Step();
  if (!row) return row.error();
  if (!*row) return InternalError("next request number: no row");
  std::int64_t last = next->Int64(0);
  if (Result<bool> done = next->Step(); !done) return done.error();
  return last;
}

Result<ReleaseRequest> SqliteRequestRepository::Insert(const ReleaseRequest& request) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateReleaseRequest(request); !valid) return valid.error();
  for (auto [table, id] : {std::pair{"patients", request.patient_id.value},
                           std::pair{"requesters", request.requester_id.value}}) {
    std::string sql =
        std::string("SELECT 1 FROM ") + table + " WHERE organization_id = ?1 AND id = ?2";
    Result<Statement> check = connection_.Query(sql, {organization_.value, id}, "check reference");
    if (!check) return check.error();
    Result<bool> found = check->Step();
    if (!found) return found.error();
    if (!*found) {
      return NotFoundError(
          std::string(table == std::string_view("patients") ? "patient " : "requester ") + Id(id) +
          " not found");
    }
  }
  std::string received = request.received_on.ToString();
  std::string facts = EncodeRequestFacts(request.facts);
  std::string due;
  std::string due_key = request.due_on ? request.due_on->ToString() : std::string(kNoDueKey);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO requests (organization_id, number, patient_id, requester_id, requester_role,"
      " facility_id, channel, priority, received_on, received_micros, facts, state, held_from,"
      " assignee_id, decision, decision_json, due_on, due_key)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
      {organization_.value, request.number, request.patient_id.value, request.requester_id.value,
       request.requester_role, OptionalId(request.facility_id.value), ChannelName(request.channel),
       PriorityName(request.priority), received, request.received_micros, facts,
       RequestStateName(request.state),
       request.held_from ? SqlParam(RequestStateName(*request.held_from)) : SqlParam(nullptr),
       OptionalId(request.assignee.value), DecisionOutcomeName(request.decision),
       request.decision_json, OptionalDate(request.due_on, due), due_key},
      "insert request");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("request number is already in use in organization " +
                                Id(organization_.value));
    }
    return done.error();
  }
  ReleaseRequest stored = request;
  stored.id = RequestId(connection_.LastInsertId());
  stored.organization_id = organization_;
  stored.version = 1;
  return stored;
}

Result<ReleaseRequest> SqliteRequestRepository::Find(RequestId id) {
  static const std::string sql = RequestSelect() + " AND r.id = ?2";
  return One<ReleaseRequest>(
      connection_.Query(sql, {organization_.value, id.value}, "find request"), ReadRequest,
      "request " + Id(id.value) + " not found");
}

Result<ReleaseRequest> SqliteRequestRepository::Update(const ReleaseRequest& request) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateReleaseRequest(request); !valid) return valid.error();
  Result<ReleaseRequest> current = Find(request.id);
  if (!current) return current.error();
  if (current->version != request.version) {
    return AbortedError("request " + Id(request.id.value) +
                        " was changed concurrently (stale version)");
  }
  std::string facts = EncodeRequestFacts(request.facts);
  std::string due;
  std::string due_key = request.due_on ? request.due_on->ToString() : std::string(kNoDueKey);
  Result<Statement> update = connection_.Query(
      "UPDATE requests SET facility_id = ?3, channel = ?4, priority = ?5, facts = ?6, state = ?7,"
      " held_from = ?8, assignee_id = ?9, decision = ?10, decision_json = ?11, due_on = ?12,"
      " due_key = ?13, version = version + 1"
      " WHERE organization_id = ?1 AND id = ?2 AND version = ?14",
      {organization_.value, request.id.value, OptionalId(request.facility_id.value),
       ChannelName(request.channel), PriorityName(request.priority), facts,
       RequestStateName(request.state),
       request.held_from ? SqlParam(RequestStateName(*request.held_from)) : SqlParam(nullptr),
       OptionalId(request.assignee.value), DecisionOutcomeName(request.decision),
       request.decision_json, OptionalDate(request.due_on, due), due_key, request.version},
      "update request");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  if (connection_.Changes() == 0) {
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
}

Result<std::vector<ReleaseRequest>> SqliteRequestRepository::ListForPair(PatientId patient,
                                                                         RequesterId requester,
                                                                         Date since) {
  static const std::string sql = RequestSelect() +
                                 " AND r.patient_id = ?2 AND r.requester_id = ?3"
                                 " AND r.received_on >= ?4 ORDER BY r.id";
  std::string from = since.ToString();
  return Collect<ReleaseRequest>(
      connection_.Query(sql, {organization_.value, patient.value, requester.value, from},
                        "list requests for patient and requester"),
      ReadRequest);
}

Result<std::vector<ReleaseRequest>> SqliteRequestRepository::List(const RequestQuery& query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return InvalidArgumentError("request list limit must be 1 to 1000");
  }
  bool broad = false;
  if (!query.search.empty()) {
    // How many patients the family-name prefix matches, up to kBroadPrefixPatients + 1.
    const std::string prefix = LikePrefix(AsciiLower(query.search));
    Result<Statement> count = connection_.Query(
        "SELECT COUNT(*) FROM (SELECT 1 FROM patients p WHERE p.organization_id = ?1"
        " AND p.family_name_fold LIKE ?2 ESCAPE '\\' AND p.family_name_fold >= lower(?3)"
        " AND p.family_name_fold < lower(?3) || char(1114111) LIMIT ?4)",
        {organization_.value, prefix, query.search, std::int64_t{kBroadPrefixPatients + 1}},
        "count search matches");
    if (!count) return count.error();
    Result<bool> row = count->Step();
    if (!row) return row.error();
    broad = *row && count->Int64(0) > kBroadPrefixPatients;
  }
  std::string sql = ListSql(query, broad);
  std::string today = query.today.ToString();
  std::string state = query.state ? std::string(RequestStateName(*query.state)) : std::string();
  std::string upper = Upper(query.search);
  std::string pattern = LikePrefix(AsciiLower(query.search));
  std::string after_due =
      query.after_due_on ? query.after_due_on->ToString() : std::string(kNoDueKey);
  return Collect<ReleaseRequest>(
      connection_.Query(sql,
                        {organization_.value, state, today, query.assignee.value,
                         query.requester_role, query.facility.value, upper, query.search, pattern,
                         after_due, query.after_id.value, std::int64_t{query.limit}},
                        "list requests"),
      ReadRequest);
}

Status SqliteRequestRepository::AddTransition(const RequestTransition& transition) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  const WorkflowEvent& event = transition.event;
  if (event.idempotency_key.empty() || event.idempotency_key.size() > 200) {
    return InvalidArgumentError("idempotency_key must be 1 to 200 bytes");
  }
  if (transition.note.size() > 2000) return InvalidArgumentError("note is over 2000 bytes");
  if (Result<ReleaseRequest> request = Find(transition.request_id); !request) {
    return request.error();
  }
  Result<Statement> insert = connection_.Query(
      "INSERT INTO request_transitions (organization_id, request_id, action, from_state, to_state,"
      " actor_id, at_micros, idempotency_key, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      {organization_.value, transition.request_id.value, RequestActionName(event.action),
       RequestStateName(event.from), RequestStateName(event.to), event.actor.value, event.at_micros,
       event.idempotency_key, transition.note},
      "insert transition");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("idempotency key already used on request " +
                                Id(transition.request_id.value));
    }
    return done;
  }
  return OkStatus();
}

Result<std::vector<RequestTransition>> SqliteRequestRepository::Transitions(RequestId request) {
  return Collect<RequestTransition>(
      connection_.Query(
          "SELECT request_id, action, from_state, to_state, actor_id, at_micros, idempotency_key,"
          " note FROM request_transitions WHERE organization_id = ?1 AND request_id = ?2"
          " ORDER BY seq",
          {organization_.value, request.value}, "list transitions"),
      ReadTransition);
}

Result<Letter> SqliteRequestRepository::AddLetter(const Letter& letter) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateLetter(letter); !valid) return valid.error();
  if (Result<ReleaseRequest> request = Find(letter.request_id); !request) {
    return request.error();
  }
  std::string date = letter.date.ToString();
  std::string body = EncodeFields(letter.body);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO request_letters (organization_id, request_id, kind, date, recipient, body)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {organization_.value, letter.request_id.value, letter.kind, date, letter.recipient, body},
      "insert letter");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Letter stored = letter;
  stored.id = connection_.LastInsertId();
  return stored;
}

Result<std::vector<Letter>> SqliteRequestRepository::Letters(RequestId request) {
  return Collect<Letter>(
      connection_.Query("SELECT id, request_id, kind, date, recipient, body FROM request_letters"
                        " WHERE organization_id = ?1 AND request_id = ?2 ORDER BY id",
                        {organization_.value, request.value}, "list letters"),
      ReadLetter);
}

}  // namespace roi::sqlite
