/** Observables (IOCs) of an incident: normalised per type, counted per sighting, linked across incidents, exported as STIX 2.1 and MISP. */
package io.irflow.observable;
