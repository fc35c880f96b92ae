/**
 * Jest test order: the emulator suites first (__tests__/e2e/*.moto.test.ts: the end-to-end
 * apply/re-plan/destroy, then the restore end-to-end), then jest's default order (failed last
 * time, then longest, then largest). The emulator suites are the longest by far but mostly wait
 * (on fixed waits inside the AWS provider and on moto), so started first they run on workers of
 * their own while the others work through the unit suites; started last (jest's order on a fresh
 * checkout, which has no timings yet) the run would take unit time + emulator time.
 */
const Sequencer = require("@jest/test-sequencer").default;

/** Rank of an emulator suite (lower starts earlier), or undefined for any other suite. */
function emulatorRank(test) {
  const name = test.path.split(/[\\/]/).pop();
  if (!/\.moto\.test\.ts$/.test(name)) return undefined;
  return name.startsWith("e2e.") ? 0 : 1;
}

class EmulatorFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const emulator = sorted.filter((t) => emulatorRank(t) !== undefined);
    // Array.prototype.sort is stable: suites of one rank keep jest's order.
    emulator.sort((a, b) => emulatorRank(a) - emulatorRank(b));
    return [...emulator, ...sorted.filter((t) => emulatorRank(t) === undefined)];
  }
}

module.exports = EmulatorFirstSequencer;
