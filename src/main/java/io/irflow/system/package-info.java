/** Cross-cutting wiring: engine hardening, error responses, web settings. */
package io.irflow.system;
