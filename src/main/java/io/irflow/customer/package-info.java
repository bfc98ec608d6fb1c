/** Customer security contacts: their binding to one customer, and what they read and acknowledge of it. */
package io.irflow.customer;
