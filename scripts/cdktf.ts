/**
 * Runs the project's cdktf CLI (node_modules/cdktf-cli) the way the npm scripts need it, in a
 * terminal and without one:
 *
 * - the flags are written out in package.json (`--ignore-missing-stack-dependencies` where a
 *   stack runs without the stack it depends on, `--skip-provider-lock` everywhere: cdktf's own
 *   `terraform providers lock` asks registry.terraform.io directly and fails on a machine whose
 *   provider comes from a mirror; `terraform init` still writes the lock file for this machine),
 * - `deploy`/`destroy` get `--auto-approve` only when stdin is not a terminal: cdktf's approval
 *   prompt needs one (without, Ink stops with "Raw mode is not supported"), and a command run
 *   without a terminal has nobody to ask. In a terminal cdktf asks as usual,
 * - CHECKPOINT_DISABLE=1 (no call to HashiCorp's version check).
 *
 *   node -r ./scripts/register-swc.js scripts/cdktf.ts <cdktf command> [args...]
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** cdktf commands that ask for approval before they change anything. */
export const APPROVING_COMMANDS: readonly string[] = ["deploy", "destroy"];

/** What the environment of the run looks like. */
export interface RunContext {
  /** Whether stdin is a terminal (`process.stdin.isTTY`). */
  readonly stdinIsTTY: boolean;
}

/** The cdktf arguments for `args` in `ctx`, and why any argument was added. */
export function cdktfArguments(args: readonly string[], ctx: RunContext): { args: string[]; notes: string[] } {
  const out = [...args];
  const notes: string[] = [];
  const command = args[0];
  if (command && APPROVING_COMMANDS.includes(command) && !ctx.stdinIsTTY && !out.includes("--auto-approve")) {
    out.push("--auto-approve");
    notes.push(
      `no terminal on stdin, so \`cdktf ${command}\` runs with --auto-approve (its approval prompt needs a terminal). Review first with \`npm run diff\`.`,
    );
  }
  return { args: out, notes };
}

/** The cdktf CLI entry point of this project (never a global one). */
export function cdktfBin(): string {
  const pkg = require.resolve("cdktf-cli/package.json");
  const bin = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { bin: { cdktf: string } }).bin.cdktf;
  return path.join(path.dirname(pkg), bin);
}

function main(argv: string[]): void {
  if (argv.length === 0) {
    process.stderr.write("usage: scripts/cdktf.ts <cdktf command> [args...]\n");
    process.exit(2);
  }
  const { args, notes } = cdktfArguments(argv, { stdinIsTTY: Boolean(process.stdin.isTTY) });
  for (const n of notes) process.stderr.write(`scripts/cdktf.ts: ${n}\n`);
  const child = spawn(process.execPath, [cdktfBin(), ...args], { stdio: "inherit", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
}

if (require.main === module) main(process.argv.slice(2));
