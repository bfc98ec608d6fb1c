-- How each containment action is undone at the end of recovery, what the responder chose, and what happened.

alter table ir_containment_action add column reverse_action varchar(32);
alter table ir_containment_action add column reversal_decision varchar(16);   -- reverse | keep
alter table ir_containment_action add column reversal_status varchar(16);     -- reversed | kept | irreversible
alter table ir_containment_action add column reversed_at timestamp with time zone;
