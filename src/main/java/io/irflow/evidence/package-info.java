/** Evidence of a security incident: files kept unchanged with their SHA-256, and the chain of custody of each. */
package io.irflow.evidence;
