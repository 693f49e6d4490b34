-- strata:up
CREATE TABLE authors (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL);

-- strata:down
DROP TABLE authors;
