/**
 * Entry point of `cdktf synth`: loads vars.json (or $JENKINS_VARS, or vars.example.json),
 * validates it, and only then synthesizes both stacks. A bad configuration exits non-zero
 * before anything is written, so the previous cdktf.out stays as it was.
 */
import { buildProject } from "./lib/app";
import { ConfigError, loadConfig } from "./lib/config/load-config";

function main(): void {
  let loaded;
  try {
    loaded = loadConfig(process.cwd());
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`\n${e.message}\n\nNothing was synthesized.\n`);
      process.exit(1);
    }
    throw e;
  }
  const { app } = buildProject(loaded.config);
  app.synth();
}

main();
