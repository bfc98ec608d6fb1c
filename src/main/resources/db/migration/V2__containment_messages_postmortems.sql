-- Containment actions as carried out, messages handed to delivery, and published post-mortems.

create table ir_containment_action (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    idempotency_key       varchar(120)  not null,
    action_type           varchar(32)   not null,
    target                varchar(200)  not null,
    status                varchar(16)   not null,              -- executed | manual
    connector             varchar(64)   not null,
    requested_by          varchar(64),
    executed_at           timestamp with time zone not null,
    constraint ir_containment_action_key unique (idempotency_key)
);

create index ir_containment_action_incident on ir_containment_action (incident_id);

-- Every outbound message, once: the idempotency key is the same on every retry of the step that sends it.
create table ir_outbound_message (
    id                    varchar(36)   not null primary key,
    incident_id           varchar(32)   not null references ir_security_incident (id),
    idempotency_key       varchar(160)  not null,
    kind                  varchar(40)   not null,              -- escalation | sla-warning | customer-notification | ...
    channel               varchar(16)   not null,              -- mail | webhook | page
    recipient             varchar(320)  not null,
    subject               varchar(300)  not null,
    body                  varchar(20000) not null,
    drill                 boolean       not null default false,
    status                varchar(16)   not null,              -- recorded | sent | failed
    created_at            timestamp with time zone not null,
    constraint ir_outbound_message_key unique (idempotency_key)
);

create index ir_outbound_message_incident on ir_outbound_message (incident_id);

create table ir_post_mortem (
    incident_id           varchar(32)   not null primary key references ir_security_incident (id),
    root_cause            varchar(4000) not null,
    lessons_learned       varchar(8000) not null,
    repair_items          varchar(8000) not null,              -- JSON array of {title, group, dueInDays}
    timeline_summary      varchar(20000),
    conducted_by          varchar(64),
    published_at          timestamp with time zone not null
);

alter table ir_security_incident add column outcome varchar(32);
alter table ir_security_incident add column proposed_severity varchar(16);
