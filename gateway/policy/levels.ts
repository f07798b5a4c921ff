/** Classification levels, lowest first (design.md: PUBLIC 公开 < INTERNAL 内部 < SENSITIVE 敏感 < RESTRICTED 受限). */
export const LEVELS = ['PUBLIC', 'INTERNAL', 'SENSITIVE', 'RESTRICTED'] as const;
export type Level = (typeof LEVELS)[number];

export const levelRank = (level: Level): number => LEVELS.indexOf(level);

/** True when a clearance may see data of this level in clear. */
export const clears = (clearance: Level, level: Level): boolean => levelRank(clearance) >= levelRank(level);

export const maxLevel = (a: Level, b: Level): Level => (levelRank(a) >= levelRank(b) ? a : b);
export const minLevel = (a: Level, b: Level): Level => (levelRank(a) <= levelRank(b) ? a : b);

export const isLevel = (value: unknown): value is Level =>
  typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
