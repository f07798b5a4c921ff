/**
 * How a value is shown to a clearance below its field's level. Each keeps the field's GraphQL type
 * (String or ID), so masks apply only to such fields; amounts are banded by their own fields instead.
 */
export const MASK_KINDS = ['id-number', 'phone', 'name', 'pseudonym', 'redact'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];
