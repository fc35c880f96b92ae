/**
 * Test support for issue 14's tables: a configuration goes through main.ts `run()` against an
 * output directory synthesized once from the example, and every rejection must leave that
 * directory byte for byte as it was.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../main";
import { inputWith, ROOT } from "./project";

/** One rejection case: [name, overrides of the example, the field named, what the message says]. */
export type Case = [name: string, overrides: Record<string, unknown>, field: string, message: RegExp];

/** The exit code and everything written to stderr of one run; `code` -1 when it threw. */
export interface RunResult {
  readonly code: number;
  readonly err: string;
}

/** The harness of one test file; `beforeAll` synthesizes the example into `outdir`. */
export interface ValidationHarness {
  readonly outdir: string;
  /** Runs main.ts on a vars file with `text`. */
  runText(name: string, text: string | Buffer, env?: Record<string, string>): RunResult;
  /** Runs main.ts on the example with `overrides`. */
  runWith(name: string, overrides: Record<string, unknown>): RunResult;
  /** The output directory's files (names, sizes) and the jenkins stack's JSON. */
  snapshot(): string;
  /** The snapshot taken after the last successful synth. */
  before(): string;
  /** Takes the snapshot again (after an expected successful synth). */
  resnap(): void;
  /** Asserts a rejection: no throw, exit 1, a line `  - <field>: ...` matching `message`, nothing synthesized, output untouched. */
  expectRejected(r: RunResult, field: string, message: RegExp): void;
}

export function validationHarness(): ValidationHarness {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sj-validation-out-")), "cdktf.out");
  const varsDir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-validation-vars-"));
  let before = "";
  const snapshot = () =>
    fs
      .readdirSync(outdir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
      .sort()
      .map((f) => `${path.relative(outdir, f)}:${fs.readFileSync(f).length}`)
      .join("\n") + fs.readFileSync(path.join(outdir, "stacks", "jenkins", "cdk.tf.json"), "utf8");

  beforeAll(() => {
    expect(run(ROOT, { JENKINS_VARS: path.join(ROOT, "vars.example.json") }, () => undefined, outdir)).toBe(0);
    before = snapshot();
  }, 120_000);

  const runText = (name: string, text: string | Buffer, env: Record<string, string> = {}): RunResult => {
    const file = path.join(varsDir, `${name.replace(/\W+/g, "-")}.json`);
    fs.writeFileSync(file, text);
    let err = "";
    try {
      const code = run(ROOT, { JENKINS_VARS: file, ...env }, (t) => (err += t), outdir);
      return { code, err };
    } catch (e) {
      // A stack trace is a failure of its own: report it as such.
      return { code: -1, err: `THREW ${(e as Error).stack}` };
    }
  };

  return {
    outdir,
    runText,
    runWith: (name, overrides) => runText(name, JSON.stringify(inputWith(overrides))),
    snapshot,
    before: () => before,
    resnap: () => {
      before = snapshot();
    },
    expectRejected(r, field, message) {
      expect(r.err).not.toMatch(/THREW/);
      expect(r.code).toBe(1);
      const line = r.err.split("\n").find((l) => l.startsWith(`  - ${field}: `) && message.test(l));
      expect({ field, line: line ?? r.err }).toEqual({ field, line: expect.stringMatching(message) });
      expect(r.err).toMatch(/Nothing was synthesized/);
      expect(snapshot()).toBe(before);
    },
  };
}
