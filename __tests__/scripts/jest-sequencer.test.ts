/**
 * scripts/jest-sequencer.js (jest.config.js testSequencer): both emulator suites start first,
 * the apply/re-plan/destroy end-to-end before the restore one, whatever jest's own order says.
 */
import * as path from "path";

interface FakeTest {
  path: string;
  context: { config: { cache: boolean }; hasteFS: { getSize: (p: string) => number } };
}
// The sequencer is plain CommonJS, as jest loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sequencer: new () => { sort(tests: FakeTest[]): FakeTest[] } = require("../../scripts/jest-sequencer.js");

/** Suites without timings (a fresh checkout): jest orders them by file size, largest first. */
function suites(sizes: Record<string, number>): FakeTest[] {
  const context = { config: { cache: false }, hasteFS: { getSize: (p: string) => sizes[p] } };
  return Object.keys(sizes).map((p) => ({ path: p, context }));
}

const root = path.join(path.sep, "repo", "__tests__");
const e2e = path.join(root, "e2e", "e2e.moto.test.ts");
const restore = path.join(root, "e2e", "restore.moto.test.ts");
const big = path.join(root, "stacks", "jenkins-stack.test.ts");
const small = path.join(root, "config", "config.test.ts");

test("the emulator suites start first, the end-to-end before the restore, then jest's order", () => {
  // By size alone jest would run them last, and the restore suite before the end-to-end.
  const order = new Sequencer().sort(suites({ [small]: 200, [e2e]: 10, [big]: 300, [restore]: 20 })).map((t) => t.path);
  expect(order).toEqual([e2e, restore, big, small]);
});

test("without emulator suites jest's order is kept", () => {
  const order = new Sequencer().sort(suites({ [small]: 200, [big]: 300 })).map((t) => t.path);
  expect(order).toEqual([big, small]);
});
