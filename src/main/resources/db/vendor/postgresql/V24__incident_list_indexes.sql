-- The incident list and the response metrics at 100,000 incidents (docs/performance.md, "History: 100,000 closed
-- incidents"): each order of GET /api/incidents is read from an index, so a page, and the page after a cursor, costs
-- what its 20 rows cost instead of a sort of every incident. H2 has its own V24 (db/vendor/h2): no expression indexes.

-- sort=newest (reported_at desc, id desc: this index backwards), the cursor's "reported_at <= ?", and the report-time
-- ranges of /api/metrics/response (reported_at, id).
create index ir_security_incident_newest on ir_security_incident (reported_at, id);

-- sort=deadline: the next SLA deadline as IncidentQueries computes it (the expression must stay the same), incidents
-- without one last, then newest first and the number.
create index ir_security_incident_deadline on ir_security_incident (
    (case when status = 'closed' then null
          when acknowledged_at is null then acknowledge_due_at
          when contained_at is null then contain_due_at
          else null end) nulls last,
    reported_at desc, id);

-- sort=legal-deadline: the nearest deadline of a pending notification obligation, the same way.
create index ir_security_incident_legal_deadline on ir_security_incident (next_legal_deadline nulls last, reported_at desc, id);

-- The severity filter (status and severity together, the usual query of the history): its count and its pages from
-- this index, instead of reading every incident.
create index ir_security_incident_severity on ir_security_incident (severity, reported_at);
