// The longest test files first. On a fresh clone (CI) jest has no timings yet and would start the
// ~4-minute differential test last, with the other worker idle meanwhile; started first, it runs beside
// everything else. After a run, jest's own timings order the rest.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads this file with require, untransformed
const Sequencer = require('@jest/test-sequencer').default;

const SLOWEST = [
  'differential.test.ts',
  'npm-start.test.ts',
  'federation-semantics.test.ts',
  'generated-operations-access.test.ts',
];

class SlowestFirstSequencer extends Sequencer {
  async sort(tests) {
    const rank = (test) => {
      const i = SLOWEST.findIndex((name) => test.path.endsWith(name));
      return i === -1 ? SLOWEST.length : i;
    };
    return [...(await super.sort(tests))].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowestFirstSequencer;
