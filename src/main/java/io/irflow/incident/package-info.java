/** The security incident: its record, number, phases, SLA deadlines and the securityIncident process. */
package io.irflow.incident;
