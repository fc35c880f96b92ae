/**
 * Writes a self-describing archive of a synthesized stack for pipelines that run plain
 * Terraform (no Node, no cdktf):
 *
 *   dist/stacks/<stack>-<version>[-<commit>[-dirty]]-config-<config hash>.tar.gz
 *
 * holding `<stack>/` with exactly these files and nothing else:
 *   cdk.tf.json           the configuration
 *   assets/...            the files the synth wrote for the stack (image build context, JCasC)
 *   .terraform.lock.hcl   the provider lock file (hashicorp/aws, per platform)
 *   PACKAGE.json          version, commit, config hash, backend, what apply needs, file hashes
 *   README.md             how to init/plan/apply it
 *
 * The allow-list is what a fresh synthesis of the stack from the validated configuration
 * writes: the output in cdktf.out must equal it byte for byte (else it is stale), and whatever
 * else lies in the stack directory (cdktf's `plan` file with the previous state and provider
 * settings, state files, `.terraform/`, override files, old assets) is left out. Refused:
 * output for an AWS API emulator (endpoints or credentials in the provider or backend), and a
 * local backend (the state would live outside the package and be lost with the pipeline run).
 *
 *   node -r ./scripts/register-swc.js scripts/package-stack.ts [stack=jenkins] [--outdir cdktf.out] [--dist dist/stacks] [--platform linux_amd64]...
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "../lib/cdktf-core";
import { buildProject } from "../lib/app";
import { ConfigError, loadConfig } from "../lib/config/load-config";
import { writeTarGz } from "../lib/module/tarball";
import { JsonObject } from "../lib/policy/json-values";
import { AWS_PROVIDER_VERSION, findProviderMirror } from "../tools/terraform/offline-terraform";
import { configHash, PackagedBackend, PackageError, PackageManifest, PackageOptions, PackageResult } from "../tools/pipeline/package-manifest";
import { applyNeeds, objectOr, packagingProblems } from "../tools/pipeline/packaging-rules";
import { pipelineReadme } from "../tools/pipeline/pipeline-readme";

export { canonicalJson, configHash, PackageError } from "../tools/pipeline/package-manifest";
export type { PackagedBackend, PackageManifest, PackageOptions, PackageResult } from "../tools/pipeline/package-manifest";
export { applyNeeds, packagingProblems } from "../tools/pipeline/packaging-rules";

const ROOT = path.resolve(__dirname, "..");

function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Files under `dir`, relative, sorted. */
function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      const rel = path.relative(base, p).split(path.sep).join("/");
      return e.isDirectory() ? listFiles(p, base) : [rel];
    })
    .sort();
}

/** Files and directories (ending in `/`) under `dir`, relative. Symbolic links are entries, never followed. */
function listEntries(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    const rel = path.relative(base, p).split(path.sep).join("/");
    return e.isDirectory() ? [`${rel}/`, ...listEntries(p, base)] : [rel];
  });
}

function git(args: string[]): string | undefined {
  const r = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Writes `.terraform.lock.hcl` for `dir` (which holds cdk.tf.json) with `terraform providers lock`. */
function writeLockFile(dir: string, platforms: string[], mirror: string | undefined): void {
  const args = ["providers", "lock", "-no-color", ...(mirror ? [`-fs-mirror=${mirror}`] : []), ...platforms.map((p) => `-platform=${p}`)];
  const r = spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" } });
  if (r.error) throw new PackageError(`package:stack needs terraform on PATH to write the provider lock file (${r.error.message}).`);
  if (r.status !== 0) {
    throw new PackageError(
      `terraform ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr || r.stdout}\n` +
        `The lock file needs hashicorp/aws ${AWS_PROVIDER_VERSION} for ${platforms.join(", ")} from ${mirror ? `the mirror ${mirror}` : "registry.terraform.io"}` +
        (mirror ? "; a mirror holds only the platforms copied into it (terraform providers mirror -platform=...)." : "."),
    );
  }
}

/** Packages `<outdir>/stacks/<stack>` into `<dist>` (see the file comment). */
export function packageStack(opts: PackageOptions): PackageResult {
  const stack = opts.stack ?? "jenkins";
  const outdir = opts.outdir ?? path.join(ROOT, "cdktf.out");
  const dist = opts.dist ?? path.join(ROOT, "dist", "stacks");
  const platforms = opts.platforms?.length ? opts.platforms : ["linux_amd64"];
  const stackDir = path.join(outdir, "stacks", stack);
  const tfFile = path.join(stackDir, "cdk.tf.json");
  if (!fs.existsSync(tfFile)) throw new PackageError(`${tfFile} not found: run \`npm run synth\` first.`);
  const tf = JSON.parse(fs.readFileSync(tfFile, "utf8")) as JsonObject;
  const problems = packagingProblems(tf, path.relative(process.cwd(), tfFile) || tfFile);
  // Override files (Terraform merges `*_override.tf.json` into the configuration): the emulator
  // tooling writes its endpoints into one; such output must never become a package.
  for (const f of fs.readdirSync(stackDir).filter((x) => /(^|_)override\.tf(\.json)?$/.test(x))) {
    const file = path.join(stackDir, f);
    const body = f.endsWith(".json") ? (JSON.parse(fs.readFileSync(file, "utf8")) as JsonObject) : {};
    // An override need not have a backend block; what matters is what it adds.
    problems.push(...packagingProblems(body, path.relative(process.cwd(), file) || file).filter((p) => !p.includes("no backend block")));
  }
  if (problems.length) throw new PackageError(`Not packaged:\n${problems.map((p) => `  - ${p}`).join("\n")}`);

  // The allow-list: what a fresh synthesis from the configuration writes for the stack.
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "package-stack-synth-"));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "package-stack-"));
  try {
    const app = new App({ outdir: fresh, stackTraces: false });
    buildProject(opts.config, app);
    app.synth();
    const freshDir = path.join(fresh, "stacks", stack);
    const allowed = listFiles(freshDir);
    if (!allowed.includes("cdk.tf.json")) throw new PackageError(`the configuration has no stack "${stack}".`);
    const stale = allowed.filter((f) => !fs.existsSync(path.join(stackDir, f)) || sha256(path.join(stackDir, f)) !== sha256(path.join(freshDir, f)));
    if (stale.length) {
      throw new PackageError(
        `${stackDir} was not synthesized from this configuration${opts.varsFile ? ` (${opts.varsFile})` : ""} and code: ${stale.slice(0, 5).join(", ")}${stale.length > 5 ? ", ..." : ""} differ or are missing. Run \`npm run synth\` and package again.`,
      );
    }
    const leftOut = new Set<string>();
    for (const rel of listEntries(stackDir)) {
      if (rel.endsWith("/")) {
        if (!allowed.some((f) => f.startsWith(rel))) leftOut.add(rel);
      } else if (!allowed.includes(rel)) leftOut.add(rel);
    }
    // Report only the top of a left-out tree (`.terraform/`, not every provider file).
    const tops = [...leftOut].filter((p) => ![...leftOut].some((q) => q !== p && q.endsWith("/") && p.startsWith(q))).sort();

    const target = path.join(staging, stack);
    for (const rel of allowed) {
      fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
      fs.copyFileSync(path.join(stackDir, rel), path.join(target, rel));
    }
    const mirror = opts.providerMirror ?? findProviderMirror();
    writeLockFile(target, platforms, mirror);

    const version: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    const commit = git(["rev-parse", "--short=12", "HEAD"]);
    const dirty = commit ? git(["status", "--porcelain", "--untracked-files=no"]) !== "" : undefined;
    const terraform = objectOr(tf.terraform);
    const s3 = objectOr(objectOr(terraform.backend).s3);
    const backend: PackagedBackend = {
      type: "s3",
      bucket: String(s3.bucket),
      key: String(s3.key),
      region: String(s3.region),
      ...(s3.dynamodb_table ? { dynamodb_table: String(s3.dynamodb_table) } : {}),
      ...(s3.use_lockfile ? { use_lockfile: true } : {}),
      ...(s3.kms_key_id ? { kms_key_id: String(s3.kms_key_id) } : {}),
    };
    const files: Record<string, string> = {};
    for (const rel of [...allowed, ".terraform.lock.hcl"].sort()) files[rel] = sha256(path.join(target, rel));
    const hash = configHash(opts.config);
    const base: Omit<PackageManifest, "files"> = {
      stack,
      version,
      ...(commit ? { commit, dirty } : {}),
      configSha256: hash,
      ...(opts.varsFile ? { varsFile: opts.varsFile } : {}),
      terraform: {
        ...(typeof terraform.required_version === "string" ? { requiredVersion: terraform.required_version } : {}),
        providers: Object.fromEntries(
          Object.entries(objectOr(terraform.required_providers)).map(([k, v]) => [
            k,
            { source: String(objectOr(v).source), version: String(objectOr(v).version) },
          ]),
        ),
        lockPlatforms: platforms,
      },
      backend,
      applyNeeds: applyNeeds(tf),
    };
    fs.writeFileSync(path.join(target, "README.md"), pipelineReadme({ ...base, files }));
    files["README.md"] = sha256(path.join(target, "README.md"));
    const manifest: PackageManifest = { ...base, files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) };
    fs.writeFileSync(path.join(target, "PACKAGE.json"), `${JSON.stringify(manifest, null, 2)}\n`);

    const name = `${stack}-${version}${commit ? `-${commit}${dirty ? "-dirty" : ""}` : ""}-config-${hash.slice(0, 12)}.tar.gz`;
    const archive = path.join(dist, name);
    writeTarGz(target, stack, archive);
    return { archive, manifest, leftOut: tops };
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function main(argv: string[]): number {
  const args = [...argv];
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const outdir = flag("--outdir");
  const dist = flag("--dist");
  const platforms: string[] = [];
  for (let p = flag("--platform"); p; p = flag("--platform")) platforms.push(p);
  const stack = args[0] ?? "jenkins";
  try {
    const { config, file } = loadConfig(ROOT);
    const r = packageStack({
      stack,
      config,
      varsFile: path.relative(ROOT, file),
      outdir: outdir ? path.resolve(outdir) : undefined,
      dist: dist ? path.resolve(dist) : undefined,
      platforms,
    });
    const out = [
      `${path.relative(process.cwd(), r.archive)} (${Object.keys(r.manifest.files).length + 1} files, version ${r.manifest.version}, config ${r.manifest.configSha256.slice(0, 12)} from ${r.manifest.varsFile})`,
    ];
    if (r.leftOut.length) out.push(`left out of the package: ${r.leftOut.join(", ")}`);
    if (r.manifest.applyNeeds.length) out.push(`terraform apply of it needs: ${r.manifest.applyNeeds.join("; ")}`);
    process.stdout.write(`${out.join("\n")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof PackageError || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
