-- Notification obligations: what the provider must tell whom by when, decided by the notificationObligations
-- decision from the incident's facts, the provider's profile and each customer's attributes.

-- Each customer's attributes the rules read.
alter table ir_customer add column jurisdictions varchar(200);     -- comma-separated, e.g. EU,US,IN
alter table ir_customer add column sector varchar(16) default 'other' not null;  -- financial | health | banking | other
alter table ir_customer add column notice_window varchar(16);      -- ISO-8601 duration; empty: the provider's default

-- What responders and managers found, at any phase, in the order they found it.
create table ir_finding (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    recorded_at           timestamp with time zone not null,
    recorded_by           varchar(64)   not null,
    summary               varchar(1000) not null,
    facts                 varchar(4000) not null               -- JSON object: the facts this finding set
);

create index ir_finding_incident on ir_finding (incident_id, recorded_at);

-- The incident's facts, each with the moment it first became known (the legal trigger).
create table ir_incident_fact (
    incident_id           varchar(32)   not null references ir_security_incident (id),
    fact                  varchar(64)   not null,              -- personal-data, significant, customer:acme, ...
    fact_value            varchar(200)  not null,
    known_at              timestamp with time zone not null,
    recorded_by           varchar(64)   not null,
    primary key (incident_id, fact)
);

-- One row per obligation and phase. A duty is the piece of work that fulfils one or more obligations: one customer
-- notice (all of that customer's obligations it covers) or one filing.
create table ir_obligation (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    regime                varchar(32)   not null,
    audience              varchar(32)   not null,              -- customer | supervisory-authority | csirt | ...
    recipient             varchar(64)   not null,              -- customer id, or the authority's name
    phase                 varchar(32)   not null,
    article               varchar(120)  not null,
    trigger_fact          varchar(64)   not null,
    known_at              timestamp with time zone,
    due_at                timestamp with time zone,
    warn_at               timestamp with time zone,
    state                 varchar(16)   not null,              -- pending | met | missed | waived | not-applicable
    state_reason          varchar(1000),
    state_by              varchar(64),
    state_at              timestamp with time zone,
    duty_id               varchar(36),
    process_instance_id   varchar(64),
    template              varchar(64),
    drill                 boolean       default false not null,
    evidence_channel      varchar(64),
    evidence_reference    varchar(200),
    evidence_by           varchar(64),
    evidence_at           timestamp with time zone,
    extended_until        timestamp with time zone,
    extension_reason      varchar(1000),
    updated_at            timestamp with time zone not null,
    constraint ir_obligation_unique unique (incident_id, regime, audience, recipient, phase)
);

create index ir_obligation_due on ir_obligation (state, due_at);
create index ir_obligation_duty on ir_obligation (duty_id);

-- The rule that allows extending an obligation's deadline, where the decision names one (SEC: the Attorney General's
-- national-security delay).
alter table ir_obligation add column extension_rule varchar(200);

-- The nearest open legal deadline of each incident, kept by the obligations, so lists sort by it.
alter table ir_security_incident add column next_legal_deadline timestamp with time zone;
