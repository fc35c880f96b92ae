/**
 * End to end against an AWS API emulator (moto_server): both stacks are synthesized as for
 * real (policy pack included) and turned into the emulator output by the test tooling
 * (tools/emulator/emulator-output.ts: EMULATOR_GAPS applied to cdk.tf.json, endpoints in
 * emulator_override.tf.json), then
 *   state:   terraform init + apply (local backend in the temp dir),
 *   jenkins: terraform init (S3 backend: the emulator's state bucket and lock table just
 *            created) + apply, a re-plan that must show no changes, destroy,
 *   state:   re-plan, destroy (state.forceDestroy: the bucket holds the jenkins state),
 * and the emulator must hold none of it afterwards. Meanwhile the cdktf CLI deploys and
 * destroys a second `state` stack through the test-only app entry
 * (`cdktf deploy/destroy state --app <tools/emulator/emulator-app.ts> --output <tmp>`).
 *
 * What moto cannot do is left out of the emulator output only, listed with reasons in
 * tools/emulator/emulator-gaps.ts (EMULATOR_GAPS); __tests__/emulator.test.ts proves the
 * emulator output is otherwise the real one. Needs moto_server (`pip install 'moto[server]==5.2.*'`) and offline
 * terraform (tools/terraform/offline-terraform.ts); skipped loudly without them, failing in CI.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "../../lib/cdktf-core";
import { buildProject } from "../../lib/app";
import { loadConfigFile } from "../../lib/config/load-config";
import { offlineEnv, terraform, TerraformRun } from "../../tools/terraform/offline-terraform";
import { EMULATOR_ENDPOINT_ENV } from "../../tools/emulator/emulator-app";
import { emulateSynthOutput, EMULATOR_OVERRIDE_FILE } from "../../tools/emulator/emulator-output";
import { MotoInventory, motoCertificate, motoObject, motoTerraformProblem, useMoto } from "../support/moto";
import { inputWith, ROOT } from "../support/project";
import "../support/terraform"; // fails in CI when terraform or the provider mirror is missing

const describeE2e: jest.Describe = motoTerraformProblem() ? describe.skip : describe;
const REGION = "eu-west-1";
const MINUTE = 60_000;

/** Output of a command run in the background. */
interface BackgroundRun {
  readonly status: number;
  readonly seconds: number;
  readonly output: string;
}

/** Runs a command with its output in a file (never a pipe, so synchronous terraform runs cannot stall it). */
function runInBackground(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<BackgroundRun> {
  const t0 = Date.now();
  const fd = fs.openSync(logFile, "w");
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve({ status: code ?? -1, seconds: (Date.now() - t0) / 1000, output: fs.readFileSync(logFile, "utf8") }));
  });
}

/** The lines of a plan that say what would change, for failure messages. */
function planChanges(run: TerraformRun): string {
  const lines = run.stdout.split("\n");
  const changed = lines.filter((l) => /^\s*# .* (will|must) be|^\s+[~+-] |^Plan:/.test(l));
  return `${changed.join("\n")}\n${run.stderr}`.slice(0, 12000);
}

describeE2e("end to end against the AWS API emulator (moto)", () => {
  const moto = useMoto();
  const timings: [string, number][] = [];
  const id = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const stateBucket = `sj-e2e-${id}`;
  const cliBucket = `sj-e2e-cli-${id}`;
  let root: string;
  let stateDir: string;
  let jenkinsDir: string;
  let cli: Promise<{ deploy: BackgroundRun; held: MotoInventory; destroy?: BackgroundRun }>;
  let created: MotoInventory = {};
  const t0 = Date.now();

  /** terraform in a stack directory; records its time; fails with its output. */
  function tf(label: string, dir: string, args: string[], okStatuses = [0]): TerraformRun {
    const r = terraform(dir, [...args, "-no-color", "-input=false"]);
    timings.push([label, r.seconds]);
    if (!okStatuses.includes(r.status)) throw new Error(`${label}: terraform ${args.join(" ")} exited ${r.status}\n${r.stderr}\n${r.stdout.slice(-6000)}`);
    return r;
  }

  function writeVars(file: string, overrides: Record<string, unknown>): string {
    fs.writeFileSync(file, `${JSON.stringify(inputWith(overrides), null, 2)}\n`);
    return file;
  }

  /** `cdktf deploy state` then `cdktf destroy state` through the emulator app entry, with a private output directory. */
  async function cliDeployAndDestroy(certificateArn: string) {
    const dir = path.join(root, "cli");
    fs.mkdirSync(dir);
    const vars = writeVars(path.join(dir, "vars.emulator.json"), {
      namePrefix: "jcli",
      state: { bucketName: cliBucket, lockTableName: "jcli-tf-locks", forceDestroy: true },
      loadBalancer: { certificateArn },
    });
    // TF_CLI_CONFIG_FILE: the provider mirror and its plugin cache. CDKTF_DISABLE_PLUGIN_CACHE_ENV
    // keeps the CLI from pointing TF_PLUGIN_CACHE_DIR at (and creating) ~/.terraform.d/plugin-cache.
    const env = offlineEnv({
      JENKINS_VARS: vars,
      [EMULATOR_ENDPOINT_ENV]: moto.server.endpoint,
      CHECKPOINT_DISABLE: "1",
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
      FORCE_COLOR: "0",
    });
    const cdktf = path.join(ROOT, "node_modules", ".bin", "cdktf");
    // The test-only app entry: main.ts's synth, then the emulator output derived from it.
    const app = `node -r ${path.join(ROOT, "scripts", "register-swc.js")} ${path.join(ROOT, "tools", "emulator", "emulator-app.ts")}`;
    const common = ["--auto-approve", "--app", app, "--output", path.join(dir, "cdktf.out"), "--skip-provider-lock", "--no-color"];
    const deploy = await runInBackground(cdktf, ["deploy", "state", ...common], ROOT, env, path.join(dir, "deploy.log"));
    if (deploy.status !== 0) return { deploy, held: {} };
    const held = moto.server.inventory(REGION);
    // jenkins always depends on state; destroying state alone needs the flag.
    const destroy = await runInBackground(cdktf, ["destroy", "state", "--ignore-missing-stack-dependencies", ...common], ROOT, env, path.join(dir, "destroy.log"));
    return { deploy, held, destroy };
  }

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "sj-e2e-moto-"));
    // A certificate the user brings (loadBalancer.certificateArn); moto's ELBv2 checks it exists.
    const certificateArn = motoCertificate(moto.server.endpoint, REGION, "jenkins.example.com");
    const vars = writeVars(path.join(root, "vars.emulator.json"), {
      backend: { type: "s3" },
      state: { bucketName: stateBucket, forceDestroy: true },
      loadBalancer: { certificateArn },
      // Issue 13: the agent mirror and a per-template image repository, and the VPC endpoints.
      agents: { templates: [{ label: "build-example" }, { label: "build-example-spot", spot: true }, { label: "node", build: { packages: ["nodejs"] } }] },
      vpcEndpoints: { enabled: true },
    });
    const config = loadConfigFile(vars);
    // The stacks' local state paths are relative to the output directory: terraform.state.tfstate lands in <root>/tf.
    const outdir = path.join(root, "tf", "cdktf.out");
    fs.mkdirSync(outdir, { recursive: true });
    const app = new App({ outdir });
    buildProject(config, app);
    app.synth();
    emulateSynthOutput(outdir, moto.server.endpoint);
    stateDir = path.join(outdir, "stacks", "state");
    jenkinsDir = path.join(outdir, "stacks", "jenkins");
    // The CLI round trip runs alongside the terraform steps below (both mostly wait on the emulator).
    cli = cliDeployAndDestroy(certificateArn);
    cli.catch(() => undefined); // awaited (and reported) in its own test
  }, MINUTE);

  afterAll(async () => {
    await cli?.catch(() => undefined);
    const rows = timings.map(([step, s]) => `| ${step.padEnd(44)} | ${s.toFixed(1).padStart(7)} |`);
    // eslint-disable-next-line no-console
    console.log(
      [
        "AWS API emulator e2e timings (moto_server, offline terraform)",
        `| ${"step".padEnd(44)} | ${"seconds".padStart(7)} |`,
        `|${"-".repeat(46)}|${"-".repeat(9)}|`,
        ...rows,
        `| ${"wall clock, whole suite (CLI runs alongside)".padEnd(44)} | ${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} |`,
      ].join("\n"),
    );
    if (root && !process.env.KEEP_E2E_DIR) fs.rmSync(root, { recursive: true, force: true });
  }, MINUTE);

  test("state: init + apply with a local backend", () => {
    tf("state: init", stateDir, ["init"]);
    tf("state: apply", stateDir, ["apply", "-auto-approve"]);
    expect(fs.existsSync(path.join(root, "tf", "terraform.state.tfstate"))).toBe(true);
    const held = moto.server.inventory(REGION);
    expect(held["s3:bucket"]).toContain(stateBucket);
    expect(held["dynamodb:table"]).toContain("example-org-jenkins-tf-locks");
  }, 5 * MINUTE);

  test("jenkins: init with the S3 backend in the emulator + apply", () => {
    tf("jenkins: init (S3 backend)", jenkinsDir, ["init"]);
    tf("jenkins: apply", jenkinsDir, ["apply", "-auto-approve"]);
    // The state went to the emulator's bucket, not to a local file.
    expect(fs.existsSync(path.join(root, "tf", "terraform.jenkins.tfstate"))).toBe(false);
    const state = JSON.parse(motoObject(moto.server.endpoint, REGION, stateBucket, "jenkins/terraform.tfstate")) as { resources: unknown[] };
    expect(state.resources.length).toBeGreaterThan(50);

    created = moto.server.inventory(REGION);
    expect(created["ecs:cluster"]).toEqual(expect.arrayContaining(["jenkins-controller", "jenkins-agents-fargate", "jenkins-agents-fargate-spot"]));
    expect(created["ecs:service"]).toHaveLength(1);
    for (const kind of ["ec2:vpc", "ec2:subnet", "ec2:nat-gateway", "efs:file-system", "efs:access-point", "elbv2:load-balancer", "elbv2:target-group"])
      expect(created[kind]?.length ?? 0).toBeGreaterThan(0);
    expect(created["ecr:repository"]).toEqual(expect.arrayContaining(["jenkins/controller", "jenkins/agent", "jenkins/agent-node"]));
    expect(created["ec2:vpc-endpoint"]).toHaveLength(7);
    for (const kind of ["servicediscovery:namespace", "backup:vault", "backup:plan", "sns:topic", "ecr:repository", "cloudwatch:alarm", "events:rule", "iam:role", "logs:log-group"])
      expect(created[kind]?.length ?? 0).toBeGreaterThan(0);
  }, 5 * MINUTE);

  test("re-plan of both stacks shows no changes", () => {
    const jenkins = tf("jenkins: re-plan (-detailed-exitcode)", jenkinsDir, ["plan", "-detailed-exitcode"], [0, 2]);
    expect(`exit ${jenkins.status}\n${jenkins.status === 0 ? "" : planChanges(jenkins)}`).toBe("exit 0\n");
    const state = tf("state: re-plan (-detailed-exitcode)", stateDir, ["plan", "-detailed-exitcode"], [0, 2]);
    expect(`exit ${state.status}\n${state.status === 0 ? "" : planChanges(state)}`).toBe("exit 0\n");
  }, 3 * MINUTE);

  test("destroy jenkins, then state", () => {
    tf("jenkins: destroy", jenkinsDir, ["destroy", "-auto-approve"]);
    tf("state: destroy", stateDir, ["destroy", "-auto-approve"]);
  }, 5 * MINUTE);

  test("cdktf CLI: deploy and destroy state through the emulator app entry", async () => {
    const r = await cli;
    timings.push(["cdktf deploy state (CLI, alongside)", r.deploy.seconds]);
    if (r.deploy.status !== 0) throw new Error(`cdktf deploy state exited ${r.deploy.status}:\n${r.deploy.output.slice(-6000)}`);
    expect(r.held["s3:bucket"]).toContain(cliBucket);
    expect(r.held["dynamodb:table"]).toContain("jcli-tf-locks");
    const destroy = r.destroy!;
    timings.push(["cdktf destroy state (CLI, alongside)", destroy.seconds]);
    if (destroy.status !== 0) throw new Error(`cdktf destroy state exited ${destroy.status}:\n${destroy.output.slice(-6000)}`);
    // The CLI wrote into its own output directory, and state next to it, not into the project.
    expect(fs.existsSync(path.join(root, "cli", "cdktf.out", "stacks", "state", "cdk.tf.json"))).toBe(true);
    expect(fs.existsSync(path.join(root, "cli", "cdktf.out", "stacks", "state", EMULATOR_OVERRIDE_FILE))).toBe(true);
    expect(fs.existsSync(path.join(root, "cli", "terraform.state.tfstate"))).toBe(true);
  }, 8 * MINUTE);

  test("the emulator holds none of the created resources", () => {
    expect(Object.keys(created).length).toBeGreaterThan(20);
    expect(moto.server.inventory(REGION)).toEqual({});
  }, MINUTE);
});
