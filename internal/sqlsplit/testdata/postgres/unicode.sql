-- 日本語のコメント; with a semicolon
/* héllo wörld ✓ */ SELECT 'ñ; 🎉' AS "ü"; SELECT '€' AS x;
  /* 🎉🎉 */  INSERT INTO t VALUES ('→');
