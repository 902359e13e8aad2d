// UpsertSurveyAnswers: creates or replaces directed ONA answers, one relationship per
// respondent, alter and question. Rows naming an unknown person are skipped (callers check).
// Parameters: $rows [{respondent, alter, question, score int, answeredAt datetime}]
UNWIND $rows AS row
MATCH (a:Person {id: row.respondent})
MATCH (b:Person {id: row.alter})
MERGE (a)-[r:ANSWERED {question: row.question}]->(b)
SET r.score = row.score, r.answeredAt = row.answeredAt
