/** Who may do what: groups, demo and administrator users, Camunda authorizations, HTTP authentication. */
package io.irflow.identity;
