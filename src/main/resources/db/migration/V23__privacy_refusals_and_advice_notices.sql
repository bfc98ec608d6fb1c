-- The privacy check's refusals at send time, one row per message (idempotency key): a retried step that is refused
-- for the same reasons is not put on the incident's timeline again; a refusal for other reasons is.
create table ir_privacy_refusal (
    idempotency_key       varchar(300)  not null primary key,
    incident_id           varchar(64)   not null,
    reasons               varchar(4000) not null,
    refused_at            timestamp with time zone not null
);

-- Each advice sent to a customer (customer-side and shared incidents) is a notice its contacts acknowledge with the
-- same signed link as a notification: the link names this id, which the acknowledgement checks against this row.
create table ir_advice_notice (
    notice_id             varchar(36)   not null primary key,
    idempotency_key       varchar(300)  not null,
    incident_id           varchar(32)   not null,
    customer_id           varchar(64)   not null,
    expires_at            timestamp with time zone not null,
    constraint ir_advice_notice_key unique (idempotency_key)
);
