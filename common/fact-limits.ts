/** Most keys one bulk-facts call takes (well under SQLite's bound-parameter limit); callers send chunks. */
export const MAX_KEYS_PER_FACTS_CALL = 5000;
