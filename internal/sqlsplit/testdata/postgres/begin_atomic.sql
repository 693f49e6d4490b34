CREATE FUNCTION add(a integer, b integer) RETURNS integer
    LANGUAGE SQL
    IMMUTABLE
    RETURNS NULL ON NULL INPUT
BEGIN ATOMIC
    SELECT a + b;
END;

CREATE OR REPLACE PROCEDURE insert_data(a integer, b integer)
LANGUAGE SQL
BEGIN ATOMIC
  INSERT INTO tbl VALUES (a);
  INSERT INTO tbl VALUES (CASE WHEN b > 0 THEN b ELSE 0 END);
  SELECT CASE a WHEN 1 THEN 'one; uno' END;
END;

-- Outside a routine BEGIN and END are transaction commands.
BEGIN;
SELECT 1;
END;

-- psql does not split inside parentheses: multi-action rules.
CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2));
