-- A customer's acknowledgement of a notice: one per notice (duty), by one of the contacts it was sent to.
create table ir_notice_acknowledgement (
    duty_id            varchar(36)   not null primary key,
    incident_id        varchar(32)   not null,
    customer_id        varchar(64)   not null,
    contact            varchar(320)  not null,
    acknowledged_at    timestamp with time zone not null,
    remote_address     varchar(64),
    user_agent         varchar(500)
);

create index ir_notice_acknowledgement_incident on ir_notice_acknowledgement (incident_id);

-- The obligations a notice met show when and by whom it was acknowledged.
alter table ir_obligation add column acknowledged_at timestamp with time zone;
alter table ir_obligation add column acknowledged_by varchar(320);
