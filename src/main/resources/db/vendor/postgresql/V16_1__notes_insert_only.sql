-- Work-log notes are immutable: no UPDATE, DELETE or TRUNCATE, whoever asks (a correction is a new note). As with
-- the audit trail, only the table's owner can disable the trigger, which the application's own role must not be.
create or replace function ir_note_insert_only() returns trigger language plpgsql as $$
begin
  raise exception 'work-log notes are immutable: % on % refused', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger ir_incident_note_insert_only before update or delete on ir_incident_note
  for each row execute function ir_note_insert_only();
create trigger ir_incident_note_no_truncate before truncate on ir_incident_note
  for each statement execute function ir_note_insert_only();
