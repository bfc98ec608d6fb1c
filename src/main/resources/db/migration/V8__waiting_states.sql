-- Waiting states: while an incident waits on the customer, a vendor or law enforcement its internal SLA clocks
-- (acknowledge, contain, recover, status cadence) stand still; the legal ones run on. The time they stood still
-- in all is kept, so deadlines worked out again later (a severity change) count it too.
-- Portable SQL: runs on PostgreSQL and H2.

alter table ir_security_incident add column waiting_on varchar(32);
alter table ir_security_incident add column waiting_since timestamp with time zone;
alter table ir_security_incident add column sla_paused_seconds bigint default 0 not null;
alter table ir_security_incident add column recover_due_at timestamp with time zone;
