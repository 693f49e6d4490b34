CREATE TABLE t (
  id int
);
-- strata:down
DROP TABLE t;
