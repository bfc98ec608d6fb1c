-- A financial-entity customer's contractual window for the provider's DORA initial information (ISO-8601 duration;
-- empty: the provider's default, irflow.obligations.dora-notice-window, PT4H).

alter table ir_customer add column dora_notice_window varchar(16);
