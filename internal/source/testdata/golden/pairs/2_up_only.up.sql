-- strata:no-transaction
VACUUM;
