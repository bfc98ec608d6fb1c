package io.irflow.incident;

import java.time.OffsetDateTime;

/** One entry of an incident's own log: phase changes, escalations, actions, messages. */
public record IncidentEvent(OffsetDateTime occurredAt, String kind, String actor, String summary) {}
