-- The incident list's orders from an index, as on PostgreSQL (db/vendor/postgresql/V24), without the deadline's
-- expression index, which H2 cannot make: sort=deadline sorts on H2, the embedded demo database.
create index ir_security_incident_newest on ir_security_incident (reported_at, id);
create index ir_security_incident_legal_deadline on ir_security_incident (next_legal_deadline nulls last, reported_at desc, id);
create index ir_security_incident_severity on ir_security_incident (severity, reported_at);
