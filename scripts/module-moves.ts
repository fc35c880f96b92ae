/**
 * `npm run module:moves`: the `moved` blocks (or `terraform state mv` commands) that move a
 * deployed `jenkins` stack's resources to the registry module (lib/module/module-moves.ts).
 * Reads the configuration as `cdktf synth` does (vars.json, $JENKINS_VARS or the example).
 *
 *   node -r ./scripts/register-swc.js scripts/module-moves.ts [--module <name>] [--state-mv]
 */
import * as path from "path";
import { App } from "../lib/cdktf-core";
import { buildProject } from "../lib/app";
import { loadConfig } from "../lib/config/load-config";
import { JenkinsModuleStack, MODULE_NAME } from "../lib/module/jenkins-module-stack";
import { movedBlocks, stackResources, stackToModuleMoves, stateMvScript } from "../lib/module/module-moves";

function main(argv: string[]): number {
  let moduleName = "jenkins";
  let stateMv = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--module" && argv[i + 1]) moduleName = argv[++i];
    else if (argv[i] === "--state-mv") stateMv = true;
    else {
      process.stderr.write(`unknown argument ${argv[i]}\nusage: module-moves.ts [--module <name>] [--state-mv]\n`);
      return 2;
    }
  }
  const { config, file } = loadConfig(path.resolve(__dirname, ".."));
  const project = buildProject(config, new App({ skipValidation: true }));
  const module = new JenkinsModuleStack(new App({ skipValidation: true }), MODULE_NAME);
  const moves = stackToModuleMoves(stackResources(project.jenkins), stackResources(module), moduleName);
  process.stdout.write(stateMv ? stateMvScript(moves) : movedBlocks(moves));
  process.stderr.write(
    `${moves.moves.length} moves from the jenkins stack of ${path.basename(file)}; ${moves.stackOnly.length} stack-only, ${moves.moduleOnly.length} module-only resources\n`,
  );
  return 0;
}

process.exit(main(process.argv.slice(2)));
