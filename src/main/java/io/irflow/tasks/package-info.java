/** Rules for completing user tasks: required outputs, allowed values, four eyes. Tasklist checks only in the browser. */
package io.irflow.tasks;
