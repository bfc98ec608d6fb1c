-- The product's own record of security incidents, kept in the same transaction as the engine.
-- Portable SQL: runs on PostgreSQL (production) and H2 (embedded default).

create sequence ir_incident_number_seq start with 1 increment by 1;

create table ir_security_incident (
    id                    varchar(32)   not null primary key,  -- the incident number, e.g. SIR-2026-00042
    title                 varchar(200)  not null,
    description           varchar(4000),
    category              varchar(32)   not null,
    severity              varchar(16)   not null,
    phase                 varchar(16)   not null,
    status                varchar(16)   not null,              -- open | closed
    drill                 boolean       not null default false,
    data_classification   varchar(32),
    customer_data_impact  varchar(16),                         -- none | lost | altered | disclosed
    responsibility        varchar(16),                         -- provider | customer | shared
    response_track        varchar(32),
    attacker_active       boolean,
    correlation_key       varchar(128),
    reported_by           varchar(64)   not null,
    process_instance_id   varchar(64),
    detected_at           timestamp with time zone,
    reported_at           timestamp with time zone not null,
    acknowledged_at       timestamp with time zone,
    contained_at          timestamp with time zone,
    recovered_at          timestamp with time zone,
    closed_at             timestamp with time zone,
    acknowledge_due_at    timestamp with time zone,
    contain_due_at        timestamp with time zone,
    notify_due_at         timestamp with time zone,
    updated_at            timestamp with time zone not null
);

create index ir_security_incident_status on ir_security_incident (status, reported_at);

-- Alerts from detection tools and manual reports. (source, external_id) is unique: a duplicate alert
-- never opens a second incident, whichever node receives it.
create table ir_alert (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    source                varchar(64)   not null,
    external_id           varchar(128)  not null,
    disposition           varchar(16)   not null,              -- created | correlated
    title                 varchar(200)  not null,
    description           varchar(4000),
    category              varchar(32),
    severity_hint         varchar(16),
    data_classification   varchar(32),
    attacker_active       boolean,
    correlation_key       varchar(128),
    affected_customers    varchar(4000),                       -- JSON array of customer ids
    assets                varchar(4000),                       -- JSON array
    detected_at           timestamp with time zone,
    received_at           timestamp with time zone not null,
    received_by           varchar(64)   not null,
    constraint ir_alert_source_external_id unique (source, external_id)
);

create index ir_alert_incident on ir_alert (incident_id);

-- At most one open incident per correlation key; the row is removed when the incident closes.
create table ir_open_correlation (
    correlation_key       varchar(128)  not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id)
);

-- What happened to an incident outside the engine's history: phase changes, escalations, actions, notifications.
create table ir_incident_event (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    occurred_at           timestamp with time zone not null,
    kind                  varchar(40)   not null,
    actor                 varchar(64),
    summary               varchar(1000) not null
);

create index ir_incident_event_incident on ir_incident_event (incident_id, occurred_at);
