-- strata:up
CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL);

-- strata:down
DROP TABLE tags;
