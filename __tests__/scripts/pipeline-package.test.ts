/**
 * The pipeline package (`npm run package:stack`): only an allow-list of files reaches the
 * archive, emulator output, credentials, a local backend and stale output are refused, the
 * configuration hash names it, it ships the provider lock file, and the README's pipeline
 * recipe works on it from the default configuration plus the one documented change
 * (`"backend": { "type": "s3" }`), offline: terraform init with the recipe's -backend-config
 * flags (against a fake S3/DynamoDB endpoint) and plan (which validates).
 */
import { emulateSynthOutput } from "../../tools/emulator/emulator-output";
import { execFileSync, spawn } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyNeeds, PackageError, packageStack, packagingProblems } from "../../scripts/package-stack";
import { loadConfigFile } from "../../lib/config/load-config";
import { FAKE_CREDENTIALS, OFFLINE_PROVIDER_OVERRIDE, offlineEnv } from "../../tools/terraform/offline-terraform";
import { configWith, inputWith, project, ROOT, synthJson, synthToDir } from "../support/project";
import { describeTerraform } from "../support/terraform";
import { startFakeStateBackend } from "../support/fake-state-backend";

const S3 = { backend: { type: "s3" } };
const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
/** Entries of a .tar.gz, as the system tar lists them. */
const listing = (archive: string) => execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
/** Files under a directory, relative. */
function files(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort();
}

describe("package:stack refuses what a pipeline must not get", () => {
  test("the default configuration (local backend): a clear error that a pipeline needs the S3 backend", () => {
    const { outdir } = synthToDir(configWith());
    const err = (() => {
      try {
        packageStack({ config: configWith(), outdir, dist: tmp("dist-") });
      } catch (e) {
        return e as Error;
      }
      throw new Error("packaged a local-backend stack");
    })();
    expect(err).toBeInstanceOf(PackageError);
    expect(err.message).toContain('backend.type is "local"');
    expect(err.message).toContain("../../../terraform.jenkins.tfstate");
    expect(err.message).toContain("outside the package");
    expect(err.message).toContain('"backend": { "type": "s3" }');
  });

  test("output synthesized for the AWS API emulator is refused, naming the endpoints", () => {
    // The emulator tooling (tools/emulator/) derives emulator output from the real one, with its
    // endpoints in an override file next to cdk.tf.json.
    const config = configWith({ ...S3 });
    const { outdir } = synthToDir(config);
    emulateSynthOutput(outdir, "http://127.0.0.1:5999");
    expect(() => packageStack({ config, outdir, dist: tmp("dist-") })).toThrow(/provider "aws" has .*endpoints.*127\.0\.0\.1:5999.*AWS API emulator/);
    expect(() => packageStack({ config, outdir, dist: tmp("dist-") })).toThrow(/backend "s3" has endpoints.*AWS API emulator/);
  });

  test("credentials in the provider or backend are refused", () => {
    const tf = {
      provider: { aws: [{ region: "eu-west-1", access_key: "AKIA...", secret_key: "..." }] },
      terraform: { backend: { s3: { bucket: "b", key: "k", region: "eu-west-1", token: "t" } } },
    };
    const problems = packagingProblems(tf, "cdk.tf.json");
    expect(problems).toEqual([
      expect.stringMatching(/provider "aws" has access_key, secret_key: credentials never go into a package/),
      expect.stringMatching(/backend "s3" has token: credentials/),
    ]);
  });

  test("output that a different configuration produced is stale", () => {
    const { outdir } = synthToDir(configWith(S3));
    expect(() => packageStack({ config: configWith({ ...S3, namePrefix: "other" }), outdir, dist: tmp("dist-") })).toThrow(
      /was not synthesized from this configuration.*cdk\.tf\.json.*npm run synth/s,
    );
  });

  test("a missing synth is a clear error", () => {
    expect(() => packageStack({ config: configWith(S3), outdir: tmp("empty-"), dist: tmp("dist-") })).toThrow(/run `npm run synth` first/);
  });

  test("PACKAGE.json says what apply needs: a shell and the AWS CLI for the CodeBuild image step, nothing for a prebuilt image", () => {
    const codebuild = applyNeeds(synthJson(project(configWith(S3)).jenkins));
    expect(codebuild).toEqual([expect.stringMatching(/^\/bin\/sh \(a POSIX shell/), expect.stringMatching(/^AWS CLI v2/)]);
    const prebuilt = applyNeeds(
      synthJson(
        project(
          configWith({
            ...S3,
            image: { mode: "prebuilt", uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins:1" },
            // Agent images prebuilt too: nothing is built at apply.
            agents: { defaultImage: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/jenkins-agent:1" },
            agentImages: { source: "prebuilt" },
          }),
        ).jenkins,
      ),
    );
    expect(prebuilt).toEqual([]);
  });
});

describeTerraform("package:stack archive (terraform writes the lock file)", () => {
  test("only the allow-list reaches the archive: a planted plan file, state files, .terraform and stale assets never do", () => {
    const config = configWith(S3);
    const { jenkinsDir, outdir } = synthToDir(config);
    const synthesized = files(jenkinsDir);
    // What a `cdktf diff`/`deploy` and hand work leave behind in the stack directory.
    const planted: Record<string, string> = {
      plan: "cdktf's saved plan: prior state, provider settings, TF_VAR_jenkins_admin_password=s3cr3t",
      "terraform.tfstate": '{"version":4}',
      "terraform.tfstate.backup": '{"version":4}',
      ".terraform/terraform.tfstate": '{"backend":{"type":"s3"}}',
      ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws": "binary",
      ".terraform.lock.hcl": "# a stale lock file\n",
      "zz_offline_override.tf.json": "{}",
      credentials: "[default]\naws_secret_access_key=x\n",
      tfplan: "plan",
      "assets/Old_Asset_1234/ABCDEF/archive.zip": "an asset of an earlier synth",
    };
    for (const [rel, content] of Object.entries(planted)) {
      fs.mkdirSync(path.dirname(path.join(jenkinsDir, rel)), { recursive: true });
      fs.writeFileSync(path.join(jenkinsDir, rel), content);
    }
    const { archive, manifest, leftOut } = packageStack({ config, outdir, dist: tmp("dist-") });

    const entries = listing(archive).filter((e) => !e.endsWith("/"));
    expect(entries).toEqual([...synthesized, ".terraform.lock.hcl", "PACKAGE.json", "README.md"].map((f) => `jenkins/${f}`).sort());
    for (const rel of Object.keys(planted)) if (rel !== ".terraform.lock.hcl") expect(entries).not.toContain(`jenkins/${rel}`);
    expect(entries.some((e) => e.includes("/.terraform/") || /\.tfstate/.test(e) || e.endsWith("/plan"))).toBe(false);
    expect(leftOut).toEqual(expect.arrayContaining(["plan", "terraform.tfstate", ".terraform/", "credentials", "assets/Old_Asset_1234/"]));

    const out = tmp("unpacked-");
    execFileSync("tar", ["-xzf", archive, "-C", out]);
    const dir = path.join(out, "jenkins");
    // The lock file is written for the package, not copied: hashicorp/aws pinned with a hash.
    const lock = fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8");
    expect(lock).not.toContain("stale");
    expect(lock).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\s+version\s+= "5\.100\.0"[\s\S]*"h1:[A-Za-z0-9+/=]+"/);
    // Every file is listed with its hash; the synthesized files are byte-identical.
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "PACKAGE.json"), "utf8"));
    expect(pkg).toEqual(manifest);
    expect(Object.keys(pkg.files).sort()).toEqual([...synthesized, ".terraform.lock.hcl", "README.md"].sort());
    for (const [rel, hash] of Object.entries(pkg.files)) expect([rel, sha256(path.join(dir, rel))]).toEqual([rel, hash]);
    for (const rel of synthesized) expect([rel, sha256(path.join(dir, rel))]).toEqual([rel, sha256(path.join(jenkinsDir, rel))]);
    expect(pkg.backend).toEqual({
      type: "s3",
      bucket: "example-org-jenkins-tfstate-123456789012",
      key: "jenkins/terraform.tfstate",
      region: "eu-west-1",
      dynamodb_table: "example-org-jenkins-tf-locks",
      // The state stack's key by alias (namePrefix "jenkins", accountId of vars.example.json).
      kms_key_id: "arn:aws:kms:eu-west-1:123456789012:alias/jenkins-tfstate",
    });
    expect(pkg.terraform.lockPlatforms).toEqual(["linux_amd64"]);
    expect(pkg.applyNeeds.join("\n")).toMatch(/AWS CLI v2/);
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    expect(readme).toContain('-backend-config="bucket=example-org-jenkins-tfstate-123456789012"');
    expect(readme).toContain('-backend-config="kms_key_id=arn:aws:kms:eu-west-1:123456789012:alias/jenkins-tfstate"');
    expect(readme).toContain("AWS CLI v2");
  });

  test("the configuration hash names the archive: the same configuration gives the same bytes, a changed one another name", () => {
    const a = configWith(S3);
    const b = configWith({ ...S3, tags: { Project: "serverless-jenkins", Environment: "staging" } });
    const synthA = synthToDir(a);
    const dist = tmp("dist-");
    const first = packageStack({ config: a, outdir: synthA.outdir, dist: path.join(dist, "1") });
    const again = packageStack({ config: a, outdir: synthA.outdir, dist: path.join(dist, "2") });
    const other = packageStack({ config: b, outdir: synthToDir(b).outdir, dist: path.join(dist, "3") });
    expect(path.basename(first.archive)).toMatch(/^jenkins-\d+\.\d+\.\d+(-[0-9a-f]{12}(-dirty)?)?-config-[0-9a-f]{12}\.tar\.gz$/);
    expect(first.manifest.configSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(path.basename(first.archive)).toContain(`-config-${first.manifest.configSha256.slice(0, 12)}.tar.gz`);
    expect(path.basename(again.archive)).toBe(path.basename(first.archive));
    expect(sha256(again.archive)).toBe(sha256(first.archive));
    expect(other.manifest.configSha256).not.toBe(first.manifest.configSha256);
    expect(path.basename(other.archive)).not.toBe(path.basename(first.archive));
  });
});

/** Runs a command asynchronously (the fake backend answers in this process meanwhile). */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, output }));
  });
}

/** The README's commands in the pipeline (the block starting with `tar -xzf`), continuation lines joined. */
function readmePipelineCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### 2. Pipeline"), readme.indexOf("### 3. "));
  const block = /```sh\n(tar -xzf[\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md: no pipeline block starting with tar -xzf under '### 2. Pipeline'");
  return block[1]
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

async function ok(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status} in ${cwd}:\n${r.output.slice(-6000)}`);
  return r.output;
}

describeTerraform("the README's pipeline recipe, from the default configuration plus the documented change", () => {
  test("the README's Pipeline section documents exactly this recipe", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### 2. Pipeline"), readme.indexOf("### 3. "));
    expect(section).toContain('"backend": { "type": "s3" }');
    expect(section).toContain("npm run synth && npm run package:stack");
    for (const flag of [
      '-backend-config="bucket=',
      '-backend-config="key=jenkins/terraform.tfstate"',
      '-backend-config="region=',
      '-backend-config="dynamodb_table=',
      '-backend-config="kms_key_id=',
    ])
      expect(section).toContain(flag);
    expect(section).toContain("terraform plan -out=tfplan");
    // What apply needs besides Terraform: a shell and the AWS CLI (the image build step is a local-exec).
    expect(section).toMatch(/`\/bin\/sh`\s+and the AWS CLI v2/);
    expect(fs.existsSync(path.join(ROOT, "docs", "pipeline.md"))).toBe(true);
  });

  test("npm run synth + package:stack, then in a fresh directory terraform init -backend-config=... and plan (which validates)", async () => {
    const work = tmp("pipeline-recipe-");
    // cp vars.example.json vars.json, then the one documented change: "backend": { "type": "s3" }.
    const vars = path.join(work, "vars.json");
    fs.writeFileSync(vars, `${JSON.stringify(inputWith(S3), null, 2)}\n`);
    const env = offlineEnv({ JENKINS_VARS: vars, CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true", FORCE_COLOR: "0" });
    const outdir = path.join(work, "cdktf.out");
    const dist = path.join(work, "dist");

    // Without the change the package is refused, with the fix in the message.
    const defaultVars = path.join(work, "vars.default.json");
    fs.copyFileSync(path.join(ROOT, "vars.example.json"), defaultVars);
    // Synthesized in-process (the output `npm run synth` writes; the S3 configuration below goes through the CLI).
    const { outdir: defaultOut } = synthToDir(loadConfigFile(defaultVars));
    const refused = await run("npm", ["run", "package:stack", "--", "--outdir", defaultOut, "--dist", dist], ROOT, { ...env, JENKINS_VARS: defaultVars });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/backend\.type is "local".*a pipeline needs the S3 backend/is);

    await ok("npm", ["run", "synth", "--", "--output", outdir], ROOT, env);
    // A leftover of a workstation `cdktf diff` that must not travel.
    fs.writeFileSync(path.join(outdir, "stacks", "jenkins", "plan"), "leftover plan");
    const packaged = await ok("npm", ["run", "package:stack", "--", "--outdir", outdir, "--dist", dist], ROOT, env);
    expect(packaged).toMatch(/left out of the package: plan/);
    const [archive] = fs.readdirSync(dist).filter((f) => f.endsWith(".tar.gz"));
    expect(archive).toMatch(/^jenkins-.*-config-[0-9a-f]{12}\.tar\.gz$/);

    // The pipeline: a fresh directory, only the archive, no Node needed from here on.
    const pipeline = tmp("pipeline-run-");
    execFileSync("tar", ["-xzf", path.join(dist, archive), "-C", pipeline]);
    const dir = path.join(pipeline, "jenkins");
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "PACKAGE.json"), "utf8"));
    const backend = await startFakeStateBackend();
    try {
      // Test-only: where the fake S3/DynamoDB listens (outside the package directory).
      const endpointFile = path.join(pipeline, "fake-endpoints.s3.tfbackend");
      fs.writeFileSync(endpointFile, backend.backendConfig);
      const tfEnv = { ...env, ...FAKE_CREDENTIALS };
      // The README's commands as written, its placeholders filled with the state stack's values.
      const commands = readmePipelineCommands();
      expect(commands.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual(["tar -xzf", "terraform init", "terraform plan", "terraform apply"]);
      const placeholders: Record<string, string> = {
        "<state bucket>": manifest.backend.bucket,
        "<region>": manifest.backend.region,
        "<lock table>": manifest.backend.dynamodb_table,
        "<state key ARN>": manifest.backend.kms_key_id,
      };
      const backendConfig = [...commands[1].matchAll(/-backend-config="([^"]*)"/g)].map((m) => m[1].replace(/<[^>]+>/g, (p) => placeholders[p] ?? p));
      expect(backendConfig.join(" ")).not.toMatch(/[<>]/);
      // Nothing but -backend-config flags, which name the state stack's bucket, key, region, table and key.
      expect(commands[1].replace(/\s*-backend-config="[^"]*"/g, "")).toBe("terraform init");
      expect(backendConfig.map((c) => c.split("=")[0])).toEqual(["bucket", "key", "region", "dynamodb_table", "kms_key_id"]);
      expect(backendConfig).toContain("key=jenkins/terraform.tfstate");
      await ok(
        "terraform",
        [
          "init",
          "-input=false",
          "-no-color",
          ...backendConfig.map((c) => `-backend-config=${c}`),
          // Test-only: where the fake S3/DynamoDB listens (outside the package directory).
          `-backend-config=${endpointFile}`,
          // The shipped lock file is complete: init may not change it.
          "-lockfile=readonly",
        ],
        dir,
        tfEnv,
      );
      expect(sha256(path.join(dir, ".terraform.lock.hcl"))).toBe(manifest.files[".terraform.lock.hcl"]);
      // Test-only provider settings for fake credentials (the backend block stays the package's).
      fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify({ provider: OFFLINE_PROVIDER_OVERRIDE.provider }));
      // No separate `validate` (the README's recipe has none): the plan validates the configuration and
      // fails on any error diagnostic; `ok` throws on a failed plan with its output.
      const plan = await ok("terraform", [...commands[2].split(" ").slice(1), "-input=false", "-no-color"], dir, tfEnv);
      expect(commands[2]).toBe("terraform plan -out=tfplan");
      expect(plan).not.toMatch(/^\s*Error: /m);
      expect(plan).toMatch(/Plan: \d{2,} to add, 0 to change, 0 to destroy/);
      // The state was looked up at the configured bucket and key, and the plan held the table's lock.
      expect(backend.requests).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ service: "s3", method: "HEAD", target: `/${manifest.backend.bucket}/jenkins/terraform.tfstate` }),
          expect.objectContaining({ service: "dynamodb", target: "PutItem", detail: manifest.backend.dynamodb_table }),
          expect.objectContaining({ service: "dynamodb", target: "DeleteItem", detail: manifest.backend.dynamodb_table }),
        ]),
      );
    } finally {
      await backend.close();
    }
  });
});
