/** MITRE ATT&CK Enterprise: the shipped technique catalogue and the techniques mapped to each incident. */
package io.irflow.attack;
