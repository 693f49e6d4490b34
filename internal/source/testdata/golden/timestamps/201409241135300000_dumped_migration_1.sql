CREATE TABLE a (id int);
-- strata:down
DROP TABLE a;
