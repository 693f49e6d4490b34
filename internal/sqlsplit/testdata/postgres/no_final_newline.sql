SELECT 1;
SELECT 2
  -- trailing comment, then no newline
SELECT 3