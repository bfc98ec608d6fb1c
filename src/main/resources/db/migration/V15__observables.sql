-- Observables (IOCs) of an incident, once per incident, type and canonical value; a further sighting counts up and
-- moves last_seen. value_sha256 (of the canonical value) carries the uniqueness and the lookups across incidents, so a
-- long value never meets an index size limit.
create table ir_observable (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(64)   not null,
    obs_type              varchar(32)   not null,
    obs_value             varchar(2048) not null,
    value_sha256          varchar(64)   not null,
    tlp                   varchar(16)   not null,
    pap                   varchar(8)    not null,
    ioc                   boolean       not null,
    tags                  varchar(4000),
    customer_id           varchar(64),
    first_seen            timestamp with time zone not null,
    last_seen             timestamp with time zone not null,
    sightings             integer       not null,
    added_by              varchar(255)  not null
);

create unique index ir_observable_once on ir_observable (incident_id, obs_type, value_sha256);
create index ir_observable_value on ir_observable (obs_type, value_sha256);
create index ir_observable_customer on ir_observable (customer_id);

-- A new incident whose alert shared observables with an open incident: offered to responders on both, never merged.
create table ir_observable_correlation (
    incident_id           varchar(64)   not null,
    related_incident_id   varchar(64)   not null,
    observables           varchar(4000) not null,
    recorded_at           timestamp with time zone not null,
    primary key (incident_id, related_incident_id)
);
