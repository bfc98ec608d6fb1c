/** The incident's work log: immutable, timestamped Markdown notes by responders and managers, rendered safely. */
package io.irflow.worklog;
