/** The tamper-evident audit trail: every event of an incident, hash-chained, signed, exported and verified offline. */
package io.irflow.audit;
