// Package importer loads Ecograph's CSV import files (organizations.csv, teams.csv,
// people.csv, ties.csv, then the evidence files survey.csv and interactions.csv, in that
// dependency order) into a Sink: it reads each file as a stream, validates every row, rejects
// bad rows with their line, column and reason, and writes the valid rows in batches. After
// the files it has the Sink recompute, in one call, the trust of every pair of people whose
// evidence it wrote. Writing is pipelined with reading: while one batch is written (one
// transaction, at most one in flight), the next is parsed and its references checked; on
// 10k people / 180k ties this took the tie rate from about 20k to 24k-32k rows/s.
//
// It imports only the domain and the standard library. Database writes go through the Sink
// the caller provides (cypher.Store in the binary), so the package has no I/O of its own
// beyond reading the files.
//
// # Rules
//
//   - Files are UTF-8 (a leading byte-order mark is dropped) with a header row. Header names
//     are matched case-insensitively after trimming; columns may come in any order and extra
//     columns are ignored. Every column the contract names for a file is required.
//   - Values are trimmed of surrounding white space. Kinds and roles are matched
//     case-insensitively. Empty entries in the ;-separated roles, teams and participants
//     lists are skipped and repeated entries collapse into one.
//   - A malformed file (unreadable, no header row, a required column missing or repeated,
//     broken quoting, invalid UTF-8) stops the import with an EINVALID *ecograph.Error naming
//     the file, line and problem. Nothing of that file is written, because every file is
//     checked in a first pass before its second pass writes; the files before it stay
//     imported (their writes are valid and idempotent) and the files after it are not read.
//   - A bad row (empty id or name, unknown kind or role, trust that is not a number in
//     [0, 1], a self-tie, a duplicate id, a reference to an organisation, team or person
//     that is neither written earlier in this import nor in the database) is rejected: it is
//     not written and the FileSummary records its line, column and reason.
//   - organizations.csv and people.csv may have a topics column (;-separated names: an
//     institution's areas of interest, a person's expertise). Names are stored trimmed, with
//     their spelling; names equal ignoring case collapse into the first; each is at most
//     ecograph.MaxTopicLength bytes and a row lists at most ecograph.MaxTopics. A row of a
//     file with the column replaces the stored topics (an empty cell clears them); a file
//     without the column leaves them as they are (Topics nil for the Sink).
//   - survey.csv (respondent_id, alter_id, question, score, answered_at): answers are
//     directed (p-1 about p-2 is not p-2 about p-1). The question is stored trimmed and in
//     lower case ("Trust " is trust), at most 100 bytes; the score is an integer from 1 to 5;
//     respondent and alter differ and are people.
//   - interactions.csv (id, kind, at, participants, organization_id, sentiment, and
//     optionally notes): the kind is stored in upper case (meeting is MEETING), at most 50
//     bytes; participants are at least two and at most ecograph.MaxInteractionParticipants
//     distinct people, stored sorted (a repeated id is one participant, not an error);
//     sentiment is a number in [-1, 1] or empty for none; organization_id is empty or an
//     organisation; notes are at most 1000 bytes. An account_id column is not read yet: it
//     is an extra column, ignored, until accounts can be checked like organisations.
//   - Times (answered_at, at) are RFC 3339 (2025-03-01T09:30:00Z, with a Z or an offset;
//     fractions of a second allowed) and are stored as the same instant in UTC. A time more
//     than MaxFutureSkew (a day) after Options.Now, read once per run, is rejected.
//   - Duplicates: the last row for a key decides. For organisations, teams and people a row
//     whose id a later row of the same file repeats is rejected ("duplicate id"), because
//     ids are meant to be unique and the file is probably wrong. For ties, as the contract
//     says, a later row for the same pair (in either order) replaces the earlier one; the
//     earlier row counts as Replaced, not Rejected. So it is, as the contract says, for
//     survey answers (key: respondent, alter and normalised question) and interactions (key:
//     id). If the deciding row is itself bad, it is rejected and nothing is written for its
//     key. Re-importing an interaction id replaces the stored interaction (the Sink does).
//   - Trust: the pairs touched are each survey answer's respondent and alter, and the pairs
//     Sink.UpsertInteractions reports (every pair of participants, and those an interaction
//     no longer has). They are deduplicated and passed to Sink.RetrustPairs once, sorted,
//     after the last file, also when rows were rejected or a file was malformed (evidence that
//     was written must count); not after a Sink or context failure, which leaves the run to
//     be repeated. Summary.Retrusted counts them. Ties imported from ties.csv are not in the
//     set: their trust is the Sink's business when it writes them.
//   - Import returns the Summary and, when any row was rejected, an EINVALID *ecograph.Error
//     saying how many, so that the command exits non-zero; the valid rows are written all
//     the same.
package importer
