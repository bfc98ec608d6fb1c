-- The audit tables are insert-only: no UPDATE, DELETE or TRUNCATE, whoever asks. Only the tables' owner can disable
-- these triggers (ALTER TABLE), so the application's own role, which must not own them, cannot (README: database roles).
create or replace function ir_audit_insert_only() returns trigger language plpgsql as $$
begin
  raise exception 'the audit trail is insert-only: % on % refused', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger ir_audit_entry_insert_only before update or delete on ir_audit_entry
  for each row execute function ir_audit_insert_only();
create trigger ir_audit_entry_no_truncate before truncate on ir_audit_entry
  for each statement execute function ir_audit_insert_only();
create trigger ir_audit_chain_insert_only before update or delete on ir_audit_chain
  for each row execute function ir_audit_insert_only();
create trigger ir_audit_chain_no_truncate before truncate on ir_audit_chain
  for each statement execute function ir_audit_insert_only();
create trigger ir_audit_checkpoint_insert_only before update or delete on ir_audit_checkpoint
  for each row execute function ir_audit_insert_only();
create trigger ir_audit_checkpoint_no_truncate before truncate on ir_audit_checkpoint
  for each statement execute function ir_audit_insert_only();
