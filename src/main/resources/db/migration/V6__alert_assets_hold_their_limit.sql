-- The intake accepts up to 50 assets of up to 256 characters each. Stored as a JSON array, a quote or backslash
-- in a name is escaped to two characters, so the longest accepted list takes 2 + 50 * (2 * 256 + 2) + 49 = 25,751
-- characters: more than the 4000 of V1. Portable SQL (PostgreSQL and H2).
alter table ir_alert alter column assets set data type varchar(26000);
