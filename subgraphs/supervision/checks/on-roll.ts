import type { Sources } from '../sources';
import { text } from './values';

/** Which of the people found are on a roll the caller can read: only they resolve as a Person. */
export async function markOnRoll(
  sources: Sources,
  findings: Array<{ personKey: string; onRoll: boolean }>,
): Promise<void> {
  const keys = [...new Set(findings.map((f) => f.personKey))].sort();
  const onRoll = new Set(
    (await sources.factsForKeys('staffing', 'rollFacts', 'personKeys', keys, {}, ['personKey'])).map((r) =>
      text(r.personKey),
    ),
  );
  for (const f of findings) f.onRoll = onRoll.has(f.personKey);
}
