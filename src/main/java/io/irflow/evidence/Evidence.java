package io.irflow.evidence;

import java.time.OffsetDateTime;

/** One evidence item as stored; {@code supersededBy} is the item that corrects it, when there is one. */
public record Evidence(String id, String incidentId, String name, String contentType, long size, String sha256,
    String description, String uploadedBy, OffsetDateTime uploadedAt, String custodian, String supersedes,
    String supersededBy, String storageKey) {}
