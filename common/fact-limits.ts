/** Most keys one bulk-facts call takes (well under SQLite's bound-parameter limit); callers send chunks. */
export const MAX_KEYS_PER_FACTS_CALL = 5000;

/** Most rows one key-ordered page of facts holds (`first`): a reader streams a population in such pages. */
export const MAX_FACT_PAGE_ROWS = 20_000;
