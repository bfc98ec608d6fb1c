-- Alerts in the formats detection tools already send. Portable SQL (PostgreSQL and H2).

-- The whole finding as it was received, kept as evidence where the format calls for it (GuardDuty findings from
-- Security Hub). Bodies are at most 256 KB, so a finding never holds more characters than that.
alter table ir_alert add column evidence varchar(262144);

-- The cloud accounts (comma-separated ids, e.g. AWS account ids) of each customer: a finding in one of them names
-- that customer among the incident's affected customers.
alter table ir_customer add column accounts varchar(2000);
