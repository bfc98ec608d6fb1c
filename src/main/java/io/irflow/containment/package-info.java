/** Containment actions and the connectors that carry them out. */
package io.irflow.containment;
