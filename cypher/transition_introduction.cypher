// TransitionIntroduction: moves an introduction to $status (stamping when it was decided, or
// done or cancelled), keeps the reason and the evidence's interaction, and records the event.
// Callers check the step in the same transaction (introduction_for_update).
// Parameters: $id string, $status string, $at datetime, $reason string|null,
//             $interaction string|null, $event {id, at, by, action, reason}
MATCH (x:Introduction {id: $id})
SET x.status = $status, x.updatedAt = $at,
    x.decidedAt = CASE WHEN $status IN ['ACCEPTED', 'DECLINED'] THEN $at ELSE x.decidedAt END,
    x.doneAt = CASE WHEN $status IN ['DONE', 'CANCELLED'] THEN $at ELSE x.doneAt END,
    x.reason = coalesce($reason, x.reason),
    x.interactionId = coalesce($interaction, x.interactionId)
MERGE (e:IntroductionEvent {id: $event.id})
SET e += $event, e.introductionId = $id
MERGE (e)-[:OF]->(x)
RETURN x {.*} AS introduction
