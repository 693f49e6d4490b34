-- strata:tolerate-existing
CREATE TABLE legacy (id int);
-- strata:down
