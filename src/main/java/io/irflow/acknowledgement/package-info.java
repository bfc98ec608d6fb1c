/** Customers acknowledge the notices sent to them: signed links, the confirmation page, reminders and escalation. */
package io.irflow.acknowledgement;
