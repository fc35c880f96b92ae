/**
 * Jest test order: the emulator end-to-end suite (e2e) first, then jest's default order
 * (failed last time, then longest, then largest). The e2e is the longest suite by far but
 * mostly waits (on fixed waits inside the AWS provider), so started first it runs on its own
 * worker while the others work through the unit suites; started last (jest's order on a
 * fresh checkout, which has no timings yet) the run would take unit time + e2e time.
 */
const Sequencer = require("@jest/test-sequencer").default;

const isE2e = (test) => /(^|[\\/])e2e[^\\/]*\.test\.ts$/.test(test.path);

class E2eFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter(isE2e), ...sorted.filter((t) => !isE2e(t))];
  }
}

module.exports = E2eFirstSequencer;
