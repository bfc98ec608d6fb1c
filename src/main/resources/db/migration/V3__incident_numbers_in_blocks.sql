-- Each node takes incident numbers in blocks of 20 (one sequence call per block): unique on every node,
-- in order on each node, with gaps when a node stops before using its block.
alter sequence ir_incident_number_seq increment by 20;
