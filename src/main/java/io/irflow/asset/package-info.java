/** The assets an incident touches (hosts, accounts, databases, buckets, services), their owners and their recovery state. */
package io.irflow.asset;
