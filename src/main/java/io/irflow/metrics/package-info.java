/** Response metrics computed from the incident record and the engine history, and the Prometheus gauges. */
package io.irflow.metrics;
