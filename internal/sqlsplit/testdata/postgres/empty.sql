-- only comments
/* and whitespace; */

;;
  ;
