-- ümlaut; comment
/* ✓ */ SELECT 'ñ;' AS `ü;`; SELECT '€';
