/**
 * Architecture picture (`npm run diagram`), derived from the synthesized stack, never drawn by
 * hand: writes docs/architecture.svg and docs/architecture.mmd.
 *
 *   node -r ./scripts/register-swc.js tools/diagram/cli.ts [--from <cdk.tf.json>] [--out docs] [--check]
 *
 * Without --from, the project is synthesized in-process into a temp directory from the usual
 * configuration ($JENKINS_VARS, else vars.json, else vars.example.json). --check writes nothing
 * and exits 1 when the files in --out differ from what the stack gives (for CI).
 */
import * as fs from "fs";
import * as path from "path";
import { architectureModel, SynthesizedStack } from "./model";
import { renderMermaid } from "./mermaid";
import { renderSvg } from "./svg";
import { JENKINS_STACK_NAME } from "../../lib/stacks/jenkins-stack";
import { synthesizeProject } from "../synth/synth-temp";

const ROOT = path.resolve(__dirname, "..", "..");

/** The two documents for a synthesized stack. */
export function diagramFiles(stack: SynthesizedStack, source: string): { svg: string; mermaid: string } {
  const model = architectureModel(stack, JENKINS_STACK_NAME);
  return {
    svg: renderSvg(model, { title: `Serverless Jenkins on AWS: the ${JENKINS_STACK_NAME} stack`, source }),
    mermaid: renderMermaid(model, source),
  };
}

function main(argv: string[]): number {
  let from: string | undefined;
  let outDir = path.join(ROOT, "docs");
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--from") from = argv[++i];
    else if (argv[i] === "--out") outDir = path.resolve(argv[++i]);
    else if (argv[i] === "--check") check = true;
    else {
      process.stderr.write(`unknown argument ${argv[i]}\nusage: diagram.ts [--from <cdk.tf.json>] [--out <dir>] [--check]\n`);
      return 2;
    }
  }
  let stack: SynthesizedStack;
  let source: string;
  if (from) {
    stack = JSON.parse(fs.readFileSync(from, "utf8")) as SynthesizedStack;
    source = path.relative(ROOT, path.resolve(from)).startsWith("..") ? path.basename(from) : path.relative(ROOT, path.resolve(from));
  } else {
    const s = synthesizeProject(ROOT);
    stack = s.jenkins as SynthesizedStack;
    source = `stacks/${JENKINS_STACK_NAME}/cdk.tf.json synthesized from ${s.varsFile}`;
  }
  const files = diagramFiles(stack, source);
  const targets: Array<[string, string]> = [
    [path.join(outDir, "architecture.svg"), files.svg],
    [path.join(outDir, "architecture.mmd"), files.mermaid],
  ];
  if (check) {
    const stale = targets.filter(([f, content]) => !fs.existsSync(f) || fs.readFileSync(f, "utf8") !== content).map(([f]) => path.relative(ROOT, f));
    if (stale.length) {
      process.stderr.write(`Out of date: ${stale.join(", ")}. Run \`npm run diagram\` and commit the result.\n`);
      return 1;
    }
    process.stdout.write("docs/architecture.{svg,mmd} are up to date.\n");
    return 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [f, content] of targets) fs.writeFileSync(f, content);
  process.stdout.write(`Wrote ${targets.map(([f]) => path.relative(ROOT, f)).join(" and ")} (${source}).\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
