-- CRLF line endings
CREATE TABLE a (
  id int
);

INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);
SELECT $$
;
$$;
