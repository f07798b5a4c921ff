/** Inclusive range test on ISO strings (dates YYYY-MM-DD or months YYYY-MM compare as text). */
export function inRange(value: string, from: string | null, to: string | null): boolean {
  return (from === null || value >= from) && (to === null || value <= to);
}
