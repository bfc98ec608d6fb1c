/** Preparation: the readiness program of exercises, drills and reviews. */
package io.irflow.readiness;
