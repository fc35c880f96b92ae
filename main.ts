/**
 * Entry point of `cdktf synth`: loads vars.json (or $JENKINS_VARS, or vars.example.json),
 * validates it, and only then synthesizes both stacks. A bad configuration exits non-zero
 * before anything is written, so the previous cdktf.out stays as it was.
 */
import { App } from "./lib/cdktf-core";
import { buildProject } from "./lib/app";
import { ConfigError, loadConfig } from "./lib/config/load-config";

/**
 * Runs the app in `cwd` and returns the process exit code: 0 after a synth, 1 (with the
 * problems written to `stderr`) when the configuration is invalid. `outdir` defaults to
 * CDKTF_OUTDIR as set by the cdktf CLI.
 */
export function run(cwd: string, env: NodeJS.ProcessEnv, stderr: (text: string) => void, outdir?: string): number {
  let loaded;
  try {
    loaded = loadConfig(cwd, env);
  } catch (e) {
    if (e instanceof ConfigError) {
      stderr(`\n${e.message}\n\nNothing was synthesized.\n`);
      return 1;
    }
    throw e;
  }
  // No stack traces in annotations: they would put this machine's paths into manifest.json.
  const { app } = buildProject(loaded.config, new App({ stackTraces: false, ...(outdir ? { outdir } : {}) }));
  app.synth();
  return 0;
}

if (require.main === module) {
  process.exitCode = run(process.cwd(), process.env, (t) => process.stderr.write(t));
}
