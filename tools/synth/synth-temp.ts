/**
 * Synthesizes the project in-process into a temp directory, like `cdktf synth`, and returns
 * the configuration and both stacks' `cdk.tf.json`. Used by `npm run diagram` and `npm run cost`,
 * so they always describe the current code and configuration, never a stale cdktf.out/.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "../../lib/cdktf-core";
import { buildProject } from "../../lib/app";
import type { JenkinsConfig } from "../../lib/config/schema";
import { loadConfig } from "../../lib/config/load-config";
import { JENKINS_STACK_NAME } from "../../lib/stacks/jenkins-stack";
import { STATE_STACK_NAME } from "../../bootstrap/state-stack";

/** Both synthesized stacks and where their configuration came from. */
export interface SynthesizedProject {
  readonly config: JenkinsConfig;
  /** Base name of the vars file read. */
  readonly varsFile: string;
  readonly jenkins: Record<string, unknown>;
  readonly state: Record<string, unknown>;
}

/** Loads the configuration of the project in `dir` ($JENKINS_VARS, vars.json, vars.example.json) and synthesizes it. */
export function synthesizeProject(dir: string = path.resolve(__dirname, "..", "..")): SynthesizedProject {
  const { config, file } = loadConfig(dir);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-temp-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    buildProject(config, app);
    app.synth();
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return { config, varsFile: path.basename(file), jenkins: read(JENKINS_STACK_NAME), state: read(STATE_STACK_NAME) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
