/** What responders, managers and auditors see in Tasklist: the filters and their columns. */
package io.irflow.worklist;
