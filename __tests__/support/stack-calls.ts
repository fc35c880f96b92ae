/**
 * Several synthesized stacks as module calls of one root, so that one offline plan (and one
 * `show -json`) covers several configurations: every plan or show starts the AWS provider and
 * reads its schema, a fixed cost per command (docs/speed.md). A test then reads only its own
 * call's part of the plan: the resource changes under `module.<name>.`.
 *
 * Each stack directory is copied to `<root>/<name>`. Its backend block is dropped (a module has
 * none; the root keeps its state in a local file), and its one `aws` provider block moves into
 * the root as that call's own configuration `aws.<name>`, with the offline settings of
 * OFFLINE_PROVIDER_OVERRIDE, so the stack plans with its own region, tags and guards and no module
 * carries a provider block (which Terraform would report as a warning).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_PROVIDER_VERSION, copyStack, OFFLINE_PROVIDER_OVERRIDE } from "../../tools/terraform/offline-terraform";

/** A stack called as `module.<name>`, with its variables as inputs. */
export interface StackCall {
  readonly name: string;
  readonly stackDir: string;
  readonly inputs?: Record<string, unknown>;
}

/** Writes the root (and the copies it calls) into a fresh temp directory; returns it. `outputs`: root outputs to add. */
export function stackCallsRoot(calls: readonly StackCall[], outputs: Record<string, unknown> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tf-stack-calls-"));
  const providers: Record<string, unknown>[] = [];
  const modules: Record<string, unknown> = {};
  for (const { name, stackDir, inputs } of calls) {
    const dir = copyStack(stackDir, path.join(root, name));
    const main = path.join(dir, "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(main, "utf8"));
    delete json.terraform.backend;
    const blocks = (json.provider?.aws ?? []) as Record<string, unknown>[];
    if (blocks.length !== 1) throw new Error(`${stackDir}: ${blocks.length} aws provider blocks, expected one`);
    delete json.provider;
    fs.writeFileSync(main, JSON.stringify(json, null, 2));
    providers.push({ ...blocks[0], ...OFFLINE_PROVIDER_OVERRIDE.provider.aws, alias: name });
    modules[name] = { source: `./${name}`, providers: { aws: `aws.${name}` }, ...inputs };
  }
  const rootJson = {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } }, backend: { local: { path: "offline.tfstate" } } },
    provider: { aws: providers },
    module: modules,
    ...(Object.keys(outputs).length > 0 ? { output: outputs } : {}),
  };
  fs.writeFileSync(path.join(root, "main.tf.json"), JSON.stringify(rootJson, null, 2));
  return root;
}
