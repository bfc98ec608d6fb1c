/**
 * The task contract and its enforcement on every entry point: what each user task accepts, who may
 * claim, assign and complete it, and which engine operations people may use at all. Features declare
 * their tasks' contracts beside their own code.
 */
package io.irflow.tasks;
