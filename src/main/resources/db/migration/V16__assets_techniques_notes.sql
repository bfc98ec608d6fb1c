-- The case file, part one: the assets an incident touches, the ATT&CK techniques mapped to it and its work log.

-- An asset of an incident, once per identifier. owner: 'provider' or a customer id of ir_customer.
create table ir_incident_asset (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    identifier            varchar(256)  not null,
    kind                  varchar(16)   not null,              -- host | account | database | bucket | service
    criticality           varchar(16)   not null,              -- low | medium | high | critical
    owner                 varchar(64)   not null,
    state                 varchar(16)   not null,              -- affected | contained | eradicated | restored | verified
    added_from            varchar(36),                         -- the alert it came from; null when added by hand
    added_at              timestamp with time zone not null,
    updated_at            timestamp with time zone not null,
    updated_by            varchar(64)   not null,
    constraint ir_incident_asset_identifier unique (incident_id, identifier)
);

create index ir_incident_asset_state on ir_incident_asset (state, incident_id);

-- An ATT&CK Enterprise technique or sub-technique mapped to an incident, with the ATT&CK version it was taken from.
create table ir_incident_technique (
    incident_id           varchar(32)   not null references ir_security_incident (id),
    technique_id          varchar(16)   not null,              -- T1078 or T1078.004
    attack_version        varchar(16)   not null,
    mapped_by             varchar(64)   not null,
    mapped_at             timestamp with time zone not null,
    primary key (incident_id, technique_id)
);

create index ir_incident_technique_id on ir_incident_technique (technique_id);

-- The work log: notes are only ever inserted. A correction is a later note naming the one it corrects.
-- On PostgreSQL a trigger refuses UPDATE and DELETE (db/vendor/postgresql/V16_1__notes_insert_only.sql).
create table ir_incident_note (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    author                varchar(64)   not null,
    created_at            timestamp with time zone not null,
    markdown              varchar(20000) not null,
    corrects              varchar(36)   references ir_incident_note (id)
);

create index ir_incident_note_incident on ir_incident_note (incident_id, created_at);
