-- Customer security contacts: each user of the group customer-contacts speaks for exactly one customer.
create table ir_customer_contact (
    user_id               varchar(255)  not null primary key,
    customer_id           varchar(64)   not null references ir_customer (id),
    bound_by              varchar(255)  not null,
    bound_at              timestamp with time zone not null
);

create index ir_customer_contact_customer on ir_customer_contact (customer_id);

-- Whom a delivered message was addressed to, when that is a customer (null for internal messages and drills).
alter table ir_outbound_message add column customer_id varchar(64);

create index ir_outbound_message_customer on ir_outbound_message (customer_id);

-- A customer contact's acknowledgement of a message addressed to its customer: the first one counts.
create table ir_customer_acknowledgement (
    message_id            varchar(36)   not null primary key references ir_outbound_message (id),
    customer_id           varchar(64)   not null,
    user_id               varchar(255)  not null,
    acknowledged_at       timestamp with time zone not null
);
