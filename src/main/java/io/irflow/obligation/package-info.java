/** Notification obligations: findings, the regulatory and contractual clocks they start, and the duties that meet them. */
package io.irflow.obligation;
