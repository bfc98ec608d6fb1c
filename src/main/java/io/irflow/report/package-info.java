/** The post-incident report: an HTML and PDF document per incident, versioned and kept with its SHA-256. */
package io.irflow.report;
