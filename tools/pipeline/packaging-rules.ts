/**
 * What may become a pipeline package and what applying it needs: synthesized Terraform JSON
 * for an AWS API emulator (endpoints or credentials in the provider or backend) or with a local
 * backend is refused; the rest is read for what `terraform apply` of it needs.
 */
import { block, blocks, isObject, JsonObject } from "../../lib/policy/json-values";

/** `v` when it is an object, else an empty one: for reading optional blocks of Terraform JSON. */
export const objectOr = (v: unknown): JsonObject => (isObject(v) ? v : {});

/** Provider and backend arguments that only an emulator (or a test) sets. */
const EMULATOR_ARGUMENTS = [
  "endpoints",
  "endpoint",
  "s3_use_path_style",
  "use_path_style",
  "force_path_style",
  "skip_credentials_validation",
  "skip_requesting_account_id",
];
/** Arguments that would put credentials into the package. */
const CREDENTIAL_ARGUMENTS = ["access_key", "secret_key", "token"];

/**
 * Why `tf` (a parsed cdk.tf.json) must not be packaged: emulator settings or credentials in
 * the provider or backend, or a backend other than S3. Empty when it may.
 */
export function packagingProblems(tf: JsonObject, file: string): string[] {
  const problems: string[] = [];
  const settings: [string, JsonObject][] = [];
  for (const [name, configs] of Object.entries(objectOr(tf.provider))) {
    for (const c of blocks(configs)) settings.push([`provider "${name}"${c.alias ? ` (alias ${c.alias})` : ""}`, c]);
  }
  const backends = Object.entries(objectOr(objectOr(tf.terraform).backend)).map(([type, c]): [string, JsonObject] => [type, objectOr(c)]);
  for (const [type, c] of backends) settings.push([`backend "${type}"`, c]);
  for (const [where, c] of settings) {
    const emulator = EMULATOR_ARGUMENTS.filter((k) => c[k] !== undefined);
    if (emulator.length) {
      const endpoints = c.endpoints ?? c.endpoint;
      const sample = endpoints === undefined ? "" : ` (${JSON.stringify(Array.isArray(endpoints) ? endpoints[0] : endpoints).slice(0, 120)})`;
      problems.push(
        `${file}: ${where} has ${emulator.join(", ")}${sample}: this output was synthesized for an AWS API emulator. A pipeline package must target AWS: synthesize without the emulator settings (the emulator is test tooling, tools/emulator/) and package again.`,
      );
    }
    const secrets = CREDENTIAL_ARGUMENTS.filter((k) => c[k] !== undefined);
    if (secrets.length) {
      problems.push(
        `${file}: ${where} has ${secrets.join(", ")}: credentials never go into a package. Remove them; the pipeline brings its own (OIDC role, instance profile, environment).`,
      );
    }
  }
  if (backends.length === 0) {
    problems.push(
      `${file}: no backend block: a pipeline needs the S3 backend. Set "backend": { "type": "s3" } in the vars file, run \`npm run synth\`, and package again.`,
    );
  }
  for (const [type, c] of backends) {
    if (type === "local") {
      problems.push(
        `${file}: backend.type is "local" (state file ${JSON.stringify(c.path)}, outside the package): a pipeline run would start from an empty state every time and lose what it applied. A pipeline needs the S3 backend: run \`npm run bootstrap\` once, set "backend": { "type": "s3" } in the vars file, run \`npm run synth\`, and package again.`,
      );
    } else if (type !== "s3") {
      problems.push(`${file}: backend "${type}" is not supported by package:stack; it needs the S3 backend ("backend": { "type": "s3" }).`);
    }
  }
  return problems;
}

/**
 * What `terraform apply` of `tf` runs on the applying machine: the `local-exec` steps
 * (terraform_data) and the tools their commands call.
 */
export function applyNeeds(tf: JsonObject): string[] {
  const needs = new Set<string>();
  for (const r of Object.values(objectOr(objectOr(tf.resource).terraform_data))) {
    for (const p of blocks(objectOr(r).provisioner)) {
      const exec = block(p["local-exec"]);
      if (!exec) continue;
      const interpreter = Array.isArray(exec.interpreter) ? exec.interpreter.map(String) : ["/bin/sh", "-c"];
      needs.add(`${interpreter[0]} (a POSIX shell: the image build step runs as a local-exec)`);
      const command = String(exec.command ?? "");
      if (/(^|[\s|;&(])aws\s/m.test(command)) needs.add("AWS CLI v2 on PATH, with the same credentials as terraform (the image build step calls it)");
      if (/(^|[\s|;&(])docker\s/m.test(command)) needs.add("a Docker daemon and the docker CLI (image.mode local builds and pushes on the applying machine)");
    }
  }
  return [...needs].sort();
}
