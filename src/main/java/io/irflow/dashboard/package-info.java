/** Dashboards for managers and auditors: the Cockpit plugins (static, under the webapp) and the Grafana files in ops/. */
package io.irflow.dashboard;
