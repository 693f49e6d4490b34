-- strata:up
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, title VARCHAR(200) NOT NULL);
INSERT INTO authors (id, name) VALUES (1, 'Ursula');

-- strata:down
DROP TABLE books;
DELETE FROM authors WHERE id = 1;
