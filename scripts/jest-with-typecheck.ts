/**
 * `npm test`: the type check (`tsc --noEmit`) and jest side by side instead of one after the
 * other. Arguments go to jest. jest's output streams as usual; the type check's follows when
 * both are done. Fails when either fails.
 *
 * Usage: node -r ./scripts/register-swc.js scripts/jest-with-typecheck.ts [jest args...]
 */
import { spawn } from "child_process";
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

async function main(): Promise<number> {
  const typecheck = run(bin("tsc"), ["--noEmit"], true);
  const jest = await run(bin("jest"), process.argv.slice(2), false);
  const tsc = await typecheck;
  process.stderr.write(tsc.output);
  process.stderr.write(`typecheck (tsc --noEmit, alongside jest): ${tsc.status === 0 ? "ok" : `FAILED (exit ${tsc.status})`} in ${tsc.seconds.toFixed(1)} s\n`);
  return jest.status !== 0 ? jest.status : tsc.status;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  },
);
