CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $a$
BEGIN
  EXECUTE $b$ SELECT 'x; y' $b$;
  -- only the opening tag closes the body; $b$ … $b$ is text inside it
  RETURN $b$ $a $ab$ ; $b$;
END;
$a$;

DO $$
BEGIN
  RAISE NOTICE 'hello; world';
END
$$;

CREATE OR REPLACE FUNCTION set_path()
  RETURNS trigger AS
    $BODY$
BEGIN
 NEW.path = text2ltree('root.' || NEW.slug);
 RETURN NEW;
END;
    $BODY$ LANGUAGE plpgsql;

SELECT $Tag$ tags are case-sensitive: $tag$; $Tag$;
