/**
 * The temporary directory of one synthesis: created with a unique name on first use (never a
 * fixed name another user or run could own or have replaced by a file) and removed by
 * `removeSynthTemp()` after the synth (main.ts) or, at the latest, when the process exits.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

let current: string | undefined;

/** Removes the current synthesis temp directory, if any. */
export function removeSynthTemp(): void {
  if (current) fs.rmSync(current, { recursive: true, force: true });
  current = undefined;
}

/** A fresh directory `<name>` inside this synthesis's unique temp directory. */
export function synthTempDir(...name: string[]): string {
  if (!current) {
    current = fs.mkdtempSync(path.join(os.tmpdir(), "serverless-jenkins-synth-"));
    process.once("exit", removeSynthTemp);
  }
  const dir = path.join(current, ...name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
