/**
 * `npm test`: the type check (`tsc --noEmit`), the lint (`eslint .`), the format check
 * (`prettier --check .`) and jest side by side
 * instead of one after the other. Arguments go to jest. jest's output streams as usual; the type
 * check's and the lint's follow when all are done. Fails when any fails.
 *
 * Usage: node -r ./scripts/register-swc.js scripts/jest-with-typecheck.ts [jest args...]
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

interface Done {
  readonly status: number;
  readonly seconds: number;
  readonly output: string;
}

function run(cmd: string, args: string[], capture: boolean): Promise<Done> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
    const chunks: string[] = [];
    child.stdout?.on("data", (b: Buffer) => chunks.push(b.toString()));
    child.stderr?.on("data", (b: Buffer) => chunks.push(b.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ status: code ?? (signal ? 128 : 1), seconds: (Date.now() - t0) / 1000, output: chunks.join("") + (signal ? `\nstopped by ${signal}\n` : "") }),
    );
  });
}

/**
 * Where the side checks keep their caches (gitignored, prettierignored): the type check's build
 * info and eslint's and prettier's per-file results, so a repeated run re-checks only what changed
 * (a fresh clone starts cold and costs what it did without them).
 */
const CACHE = path.join(ROOT, ".tmp", "cache");

/** The checks that run beside jest, their output captured and printed after it. */
const SIDE_CHECKS: { readonly name: string; readonly cmd: string; readonly args: string[] }[] = [
  { name: "typecheck (tsc --noEmit)", cmd: bin("tsc"), args: ["--noEmit", "--incremental", "--tsBuildInfoFile", path.join(CACHE, "tsc.tsbuildinfo")] },
  { name: "lint (eslint .)", cmd: bin("eslint"), args: [".", "--cache", "--cache-location", path.join(CACHE, "eslint")] },
  {
    name: "format (prettier --check .)",
    cmd: bin("prettier"),
    args: ["--check", "--cache", "--cache-location", path.join(CACHE, "prettier"), "--log-level", "warn", "."],
  },
];

async function main(): Promise<number> {
  fs.mkdirSync(CACHE, { recursive: true });
  const side = SIDE_CHECKS.map((c) => ({ ...c, done: run(c.cmd, c.args, true) }));
  const jest = await run(bin("jest"), process.argv.slice(2), false);
  let status = jest.status;
  for (const c of side) {
    const r = await c.done;
    process.stderr.write(r.output);
    process.stderr.write(`${c.name}, alongside jest: ${r.status === 0 ? "ok" : `FAILED (exit ${r.status})`} in ${r.seconds.toFixed(1)} s\n`);
    if (status === 0) status = r.status;
  }
  return status;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  },
);
