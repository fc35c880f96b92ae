/**
 * Writes a versioned archive of a synthesized stack for pipelines that run plain Terraform:
 *   dist/stacks/<stack>-<version>[-<git sha>].tar.gz
 * containing `<stack>/cdk.tf.json`, its assets (build context, JCasC) and PACKAGE.json
 * (version, commit, file hashes). No Node, cdktf or absolute path is needed to use it.
 *
 *   node -r ./scripts/register-swc.js scripts/package-stack.ts [stack=jenkins] [--outdir cdktf.out] [--dist dist/stacks]
 */
import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Files a package must never carry. */
const EXCLUDED = [/(^|\/)\.terraform(\/|$)/, /\.tfstate(\.backup)?$/, /(^|\/)\.terraform\.lock\.hcl$/, /(^|\/)zz_offline_override\.tf\.json$/, /\.tfplan$/];

function walk(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      const rel = path.relative(base, p).split(path.sep).join("/");
      if (EXCLUDED.some((r) => r.test(rel))) return [];
      return e.isDirectory() ? walk(p, base) : [rel];
    })
    .sort();
}

function gitSha(): string | undefined {
  const r = spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export interface PackageResult {
  readonly archive: string;
  readonly manifest: { stack: string; version: string; commit?: string; files: Record<string, string> };
}

/** Packages `<outdir>/stacks/<stack>` into `<dist>`. Throws if the stack was not synthesized. */
export function packageStack(stack: string, outdir = path.join(ROOT, "cdktf.out"), dist = path.join(ROOT, "dist", "stacks")): PackageResult {
  const stackDir = path.join(outdir, "stacks", stack);
  if (!fs.existsSync(path.join(stackDir, "cdk.tf.json"))) {
    throw new Error(`${stackDir}/cdk.tf.json not found: run \`npm run synth\` first.`);
  }
  const version: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
  const commit = gitSha();
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "package-stack-"));
  const target = path.join(staging, stack);
  const files: Record<string, string> = {};
  for (const rel of walk(stackDir)) {
    const src = path.join(stackDir, rel);
    const dst = path.join(target, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(src, dst);
    files[rel] = createHash("sha256").update(fs.readFileSync(src)).digest("hex");
  }
  const manifest = { stack, version, commit, files };
  fs.writeFileSync(path.join(target, "PACKAGE.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.mkdirSync(dist, { recursive: true });
  const archive = path.join(dist, `${stack}-${version}${commit ? `-${commit}` : ""}.tar.gz`);
  // Reproducible tar: sorted, fixed owner and mtime.
  execFileSync("tar", ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=1980-01-01 00:00Z", "-czf", archive, "-C", staging, stack]);
  fs.rmSync(staging, { recursive: true, force: true });
  return { archive, manifest };
}

function main(argv: string[]): number {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const outdir = flag("--outdir");
  const dist = flag("--dist");
  const stack = argv[0] ?? "jenkins";
  try {
    const r = packageStack(stack, outdir ? path.resolve(outdir) : undefined, dist ? path.resolve(dist) : undefined);
    process.stdout.write(`${path.relative(process.cwd(), r.archive)} (${Object.keys(r.manifest.files).length} files, version ${r.manifest.version})\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
