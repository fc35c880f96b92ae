/**
 * Test-only app entry for the cdktf CLI against an AWS API emulator: synthesizes the project
 * exactly as main.ts does (same configuration loading, same stacks, policy pack included),
 * then derives the emulator output from it in place (tools/emulator/emulator-output.ts).
 * main.ts knows nothing of this.
 *
 *   EMULATOR_ENDPOINT=http://127.0.0.1:<port> JENKINS_VARS=<vars.json> \
 *     npx cdktf deploy state --output <tmp>/cdktf.out \
 *       --app "node -r ./scripts/register-swc.js tools/emulator/emulator-app.ts"
 *
 * The output directory must not sit directly in the project (nor in the working directory):
 * the stacks' local state files live next to it (`../../../terraform.<stack>.tfstate` from
 * each stack directory), and there they would mix with the real ones.
 */
import * as fs from "fs";
import * as path from "path";
import { run } from "../../main";
import { checkEmulatorEndpoint } from "./emulator-gaps";
import { emulateSynthOutput } from "./emulator-output";

/** Env var with the emulator's endpoint (required). */
export const EMULATOR_ENDPOINT_ENV = "EMULATOR_ENDPOINT";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Runs the emulator app in `cwd` and returns the exit code: 0 after a synth, 1 when the
 * configuration is invalid (as main.ts), 2 when the endpoint or the output directory is not
 * allowed. `outdir` defaults to CDKTF_OUTDIR (set by the cdktf CLI's --output).
 */
export function runEmulatorApp(cwd: string, env: NodeJS.ProcessEnv, stderr: (text: string) => void, outdir?: string): number {
  let endpoint: string;
  try {
    endpoint = checkEmulatorEndpoint(env[EMULATOR_ENDPOINT_ENV], EMULATOR_ENDPOINT_ENV);
  } catch (e) {
    stderr(`\n${(e as Error).message}\n\nNothing was synthesized.\n`);
    return 2;
  }
  const dir = path.resolve(cwd, outdir ?? env.CDKTF_OUTDIR ?? "cdktf.out");
  const stateDir = path.dirname(dir);
  if (stateDir === path.resolve(cwd) || stateDir === PROJECT_ROOT) {
    stderr(
      `\noutput directory: ${JSON.stringify(dir)} must not be directly in ${JSON.stringify(stateDir)}: the emulator's local state files would land there, next to the real ones. Use e.g. --output <a temp dir>/cdktf.out.\n\nNothing was synthesized.\n`,
    );
    return 2;
  }
  fs.mkdirSync(dir, { recursive: true });
  const code = run(cwd, env, stderr, dir);
  if (code !== 0) return code;
  emulateSynthOutput(dir, endpoint);
  return 0;
}

if (require.main === module) {
  process.exitCode = runEmulatorApp(process.cwd(), process.env, (t) => process.stderr.write(t));
}
