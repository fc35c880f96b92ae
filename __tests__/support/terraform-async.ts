/**
 * terraform without blocking the event loop, for tests whose own HTTP servers (a module
 * source, a fake AWS endpoint) must answer while terraform runs.
 */
import { spawn } from "child_process";
import { FAKE_CREDENTIALS, offlineEnv } from "../../tools/terraform/offline-terraform";

/** The result of a terraform run. */
export interface AsyncRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform offline (the project's mirror, fake credentials); never rejects on a non-zero exit. */
export function terraformAsync(cwd: string, args: string[]): Promise<AsyncRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env: offlineEnv({ ...FAKE_CREDENTIALS, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" }) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** {@link terraformAsync}, rejecting with terraform's output when it fails. */
export async function terraformOkAsync(cwd: string, args: string[]): Promise<string> {
  const r = await terraformAsync(cwd, args);
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${cwd} (exit ${r.status}):\n${r.stderr}\n${r.stdout.slice(-4000)}`);
  return r.stdout;
}
