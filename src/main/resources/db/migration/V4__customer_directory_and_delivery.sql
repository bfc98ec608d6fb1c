-- The customer directory: who to tell, per customer, when an incident concerns its data.
create table ir_customer (
    id                    varchar(64)   not null primary key,
    name                  varchar(200)  not null,
    security_contacts     varchar(2000) not null,              -- comma-separated e-mail addresses
    webhook_url           varchar(500)
);

-- The delivery log: each message once, with its outcome.
alter table ir_outbound_message add column attempts integer default 0 not null;
alter table ir_outbound_message add column delivered_at timestamp with time zone;
alter table ir_outbound_message add column last_error varchar(1000);
