-- The post-incident report: every generated version of an incident's report, kept as rendered, with the SHA-256 of
-- each rendering so an auditor can check a copy against the record. Versions are never changed, only added.
-- Portable SQL: text and bytea are native on PostgreSQL; H2 reads "text" as CHARACTER LARGE OBJECT and "bytea" as
-- BINARY VARYING (up to 1 GB), so the PDF's bytes are stored as they are, on both.
create table ir_incident_report (
    incident_id           varchar(32)   not null references ir_security_incident (id),
    version               integer       not null,
    generated_at          timestamp with time zone not null,
    generated_by          varchar(64)   not null,
    reason                varchar(32)   not null,              -- post-mortem-published | requested
    html                  text          not null,
    html_sha256           varchar(64)   not null,              -- lower-case hex
    pdf                   bytea         not null,
    pdf_sha256            varchar(64)   not null,
    primary key (incident_id, version)
);
