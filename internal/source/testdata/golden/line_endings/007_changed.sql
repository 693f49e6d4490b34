CREATE TABLE t (
  id bigint
);
-- strata:down
DROP TABLE t;
