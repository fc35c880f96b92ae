/**
 * End to end against an AWS API emulator (moto_server): both stacks are synthesized as for
 * real (policy pack included) and turned into the emulator output by the test tooling
 * (tools/emulator/emulator-output.ts: EMULATOR_GAPS applied to cdk.tf.json, endpoints in
 * emulator_override.tf.json), then
 *   state:   terraform init + apply (local backend in the temp dir); the apply goes on in the
 *            background once the backend's bucket, lock table and key alias exist,
 *   jenkins: terraform init (S3 backend: the emulator's state bucket and lock table just
 *            created) + apply, while the state apply finishes (its S3 lifecycle wait),
 *   jenkins: the team setup of issue 18 (__tests__/support/team-e2e.ts) as the emulator holds
 *            it, while the state apply finishes,
 *   jenkins: used (__tests__/support/used-installation.ts): an image in every ECR repository,
 *            an instance in the Cloud Map service, objects in every bucket it owns,
 *   both:    re-plans side by side that must show no changes,
 *   jenkins: its state moved to the registry module (a plan with the generated moved blocks),
 *   jenkins, then state: destroy with -refresh=false (the re-plans have just read every
 *            resource; teardown mode `dataProtection.forceDestroy` with `allowDestroy`;
 *            state.forceDestroy: the bucket holds the jenkins state),
 * and the emulator must hold none of it afterwards (the team's secrets stay), and the instance
 * was deregistered. Meanwhile the cdktf CLI deploys and destroys a second `state` stack through
 * the test-only app entry (`cdktf deploy/destroy state --app <tools/emulator/emulator-app.ts>`).
 *
 * Speed: most of the time is the AWS provider's fixed waits, not the emulator. Each S3
 * lifecycle configuration takes 55 s whatever the emulator answers: the provider (5.100.0,
 * waitLifecycleConfigEquals) waits 10 s, then needs 10 consecutive read-backs equal to what it
 * wrote, 5 s apart; moto's first read-back already equals it (a differing one would run into
 * the 3-minute timeout instead), and a shorter `timeouts.create` fails the create rather than
 * ending the wait. Each KMS key likewise waits for 5 consecutive equal reads of its policy and
 * rotation. No setting shortens these, so the suite overlaps them instead (above).
 *
 * What moto cannot do is left out of the emulator output only, listed with reasons in
 * tools/emulator/emulator-gaps.ts (EMULATOR_GAPS); __tests__/emulator.test.ts proves the emulator
 * output is otherwise the real one. Needs moto_server (`pip install 'moto[server]==5.2.*'`) and
 * offline terraform; skipped loudly without them, failing in CI.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "../../lib/cdktf-core";
import { buildProject } from "../../lib/app";
import { loadConfigFile } from "../../lib/config/load-config";
import type { JenkinsConfig } from "../../lib/config/schema";
import { offlineEnv, terraform } from "../../tools/terraform/offline-terraform";
import { emulateSynthOutput, EMULATOR_OVERRIDE_FILE } from "../../tools/emulator/emulator-output";
import { MotoInventory, motoCertificate, motoObject, motoTerraformProblem, useMoto } from "../support/moto";
import * as runs from "../support/e2e-runs";
import { deregisteredInstances, leftovers, startRecording, UsedInstallation, useInstallation } from "../support/used-installation";
import { inputWith } from "../support/project";
import { planMoveToModule } from "../support/module-state-move";
import { expectMoveToModule } from "../support/module-state-move-expectations";
import { createTeamSecrets, listSecrets, OIDC_SECRET_NAME, readTeamSetup, TEAM_SECRETS, teamSettings } from "../support/team-e2e";
import { expectListedCredentials, expectStoredRolePolicies, expectTeamTaskDefinition } from "../support/team-e2e-expectations";
import "../support/terraform"; // fails in CI when terraform or the provider mirror is missing

const describeE2e: jest.Describe = motoTerraformProblem() ? describe.skip : describe;
const REGION = "eu-west-1";
const MINUTE = 60_000;

describeE2e("end to end against the AWS API emulator (moto)", () => {
  const moto = useMoto();
  const timings: [string, number][] = [];
  const id = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const stateBucket = `sj-e2e-${id}`;
  const cliBucket = `sj-e2e-cli-${id}`;
  let root: string;
  let stateDir: string;
  let jenkinsDir: string;
  let config: JenkinsConfig;
  let cli: ReturnType<typeof runs.cliDeployAndDestroy>;
  let oidcSecretArn: string;
  let stateApply: ReturnType<typeof runs.runInBackground> | undefined;
  let created: MotoInventory = {};
  let used: UsedInstallation | undefined;
  const t0 = Date.now();

  // terraform in a stack directory (in the foreground, or in the background with its output in a file under root), timed.
  const { tf, tfInBackground } = runs.timedTerraform(timings, () => root);

  function writeVars(file: string, overrides: Record<string, unknown>): string {
    fs.writeFileSync(file, `${JSON.stringify(inputWith(overrides), null, 2)}\n`);
    return file;
  }

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "sj-e2e-moto-"));
    // A certificate the user brings (loadBalancer.certificateArn); moto's ELBv2 checks it exists.
    const certificateArn = motoCertificate(moto.server.endpoint, REGION, "jenkins.example.com");
    // Issue 18: the secrets a team brings (the sign-in client secret, build credentials and others), before the apply.
    const t = Date.now();
    oidcSecretArn = createTeamSecrets(moto.server.endpoint, REGION)[OIDC_SECRET_NAME];
    timings.push(["team secrets created before the apply", (Date.now() - t) / 1000]);
    const vars = writeVars(path.join(root, "vars.emulator.json"), {
      backend: { type: "s3" },
      state: { bucketName: stateBucket, forceDestroy: true },
      // The end of the test destroys everything, used (issue 15): JENKINS_HOME and the vault are protected unless allowed,
      // and teardown mode empties the repositories and deregisters Cloud Map instances (the vault's emptying: EMULATOR_GAPS.backupVaultForceDestroy).
      dataProtection: { allowDestroy: true, forceDestroy: true },
      loadBalancer: { certificateArn },
      // Issue 13: the agent mirror and a per-template image repository, and the VPC endpoints.
      agents: { templates: [{ label: "build-example" }, { label: "build-example-spot", spot: true }, { label: "node", build: { packages: ["nodejs"] } }] },
      vpcEndpoints: { enabled: true },
      // Issue 18: sign-in through OpenID Connect, build credentials by prefix and tag, jobs from two repositories.
      ...teamSettings(oidcSecretArn),
    });
    config = loadConfigFile(vars);
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
    const cliDir = path.join(root, "cli");
    fs.mkdirSync(cliDir);
    const cliVars = writeVars(path.join(cliDir, "vars.emulator.json"), {
      namePrefix: "jcli",
      state: { bucketName: cliBucket, lockTableName: "jcli-tf-locks", forceDestroy: true },
      loadBalancer: { certificateArn },
    });
    cli = runs.cliDeployAndDestroy({ dir: cliDir, vars: cliVars, server: moto.server, region: REGION });
    cli.catch(() => undefined); // awaited (and reported) in its own test
  }, MINUTE);

  afterAll(async () => {
    await cli?.catch(() => undefined);
    await stateApply?.catch(() => undefined);
    console.log(runs.timingTable(timings, (Date.now() - t0) / 1000));
    if (root && !process.env.KEEP_E2E_DIR) fs.rmSync(root, { recursive: true, force: true });
  }, MINUTE);

  test(
    "state: init + apply with a local backend, until the jenkins backend's bucket, lock table and key alias exist",
    async () => {
      tf("state: init", stateDir, ["init"]);
      const t = Date.now();
      const log = path.join(root, "state-apply.log");
      const apply = runs.runInBackground("terraform", ["apply", "-auto-approve", "-no-color", "-input=false"], stateDir, offlineEnv(), log);
      stateApply = apply;
      apply.catch(() => undefined); // awaited (and reported) after the jenkins apply
      // The jenkins stack's S3 backend needs these three; the rest (the bucket's 55 s lifecycle wait) finishes meanwhile.
      await runs.untilCreated(log, runs.addressesOf(stateDir, ["aws_s3_bucket", "aws_dynamodb_table", "aws_kms_alias"]), apply, 8 * MINUTE);
      timings.push(["state: apply, until the backend resources exist", (Date.now() - t) / 1000]);
    },
    10 * MINUTE,
  );

  test(
    "jenkins: init with the S3 backend in the emulator + apply",
    () => {
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
      for (const kind of [
        "servicediscovery:namespace",
        "backup:vault",
        "backup:plan",
        "sns:topic",
        "ecr:repository",
        "cloudwatch:alarm",
        "events:rule",
        "iam:role",
        "logs:log-group",
      ])
        expect(created[kind]?.length ?? 0).toBeGreaterThan(0);
      // The state stack's resources, created by its apply (finished or still in the background).
      expect(created["s3:bucket"]).toContain(stateBucket);
      expect(created["dynamodb:table"]).toContain("example-org-jenkins-tf-locks");
    },
    5 * MINUTE,
  );

  test(
    "the team setup (issue 18) as the emulator holds it: the client secret and JCasC in the task definition, ListSecrets with the plugin's filters, the stored role policies simulated",
    async () => {
      // While the state apply in the background finishes (its S3 lifecycle waits): this test only reads.
      const t = Date.now();
      const held = readTeamSetup(moto.server.endpoint, REGION, "jenkins-controller");
      expectTeamTaskDefinition(held, oidcSecretArn);
      expectListedCredentials(held, moto.server.endpoint, REGION);
      await expectStoredRolePolicies(held);
      timings.push(["jenkins: team setup read + simulated", (Date.now() - t) / 1000]);
    },
    MINUTE,
  );

  test(
    "state: the apply in the background completes, with its state in the local file",
    async () => {
      const t = Date.now();
      const r = await stateApply!;
      timings.push(["state: apply (background, whole)", r.seconds], ["state: apply, still waited for after the above", (Date.now() - t) / 1000]);
      if (r.status !== 0) throw new Error(`state: terraform apply exited ${r.status}\n${r.output.slice(-6000)}`);
      expect(fs.existsSync(path.join(root, "tf", "terraform.state.tfstate"))).toBe(true);
    },
    5 * MINUTE,
  );

  test(
    "a used installation: an image in every ECR repository, an instance in Cloud Map, objects in every bucket of the stack",
    async () => {
      const t = Date.now();
      used = useInstallation(moto.server.endpoint, REGION, "jenkins");
      await startRecording(moto.server.endpoint); // read at the end: the destroy's DeregisterInstance calls
      timings.push(["jenkins: use (images, instance, objects)", (Date.now() - t) / 1000]);
      expect(Object.keys(used.images).sort()).toEqual(["jenkins/agent", "jenkins/agent-node", "jenkins/controller"]);
      expect(used.instances).toEqual([expect.objectContaining({ service: "jenkins", listed: 1 })]);
      // The controller's and the two agent images' CodeBuild source buckets, each with its context object and ours.
      expect(used.buckets).toHaveLength(3);
      for (const b of used.buckets) expect(b).toEqual({ bucket: expect.stringMatching(/^jenkins-image-src-/), objects: 3, versions: 4 });
    },
    MINUTE,
  );

  test(
    "re-plans of both stacks, side by side, show no changes",
    async () => {
      const [jenkins, state] = await runs.replansInBackground(tfInBackground, jenkinsDir, stateDir);
      expect(`exit ${jenkins.status}\n${jenkins.status === 0 ? "" : runs.planChanges(jenkins)}`).toBe("exit 0\n");
      expect(`exit ${state.status}\n${state.status === 0 ? "" : runs.planChanges(state)}`).toBe("exit 0\n");
    },
    5 * MINUTE,
  );

  test(
    "the jenkins state moves to the registry module with the generated moved blocks (issue 16): the plan creates nothing, replaces and destroys only the listed exceptions",
    async () => {
      const pull = terraform(jenkinsDir, ["state", "pull"]);
      if (pull.status !== 0) throw new Error(`jenkins: terraform state pull exited ${pull.status}\n${pull.stderr}`);
      const state = pull.stdout;
      const plan = await planMoveToModule({ dir: path.join(root, "module-move"), config, state, endpoint: moto.server.endpoint });
      timings.push(["module move: build, init + plan with moved.tf", plan.seconds]);
      expectMoveToModule(plan, state);
    },
    10 * MINUTE,
  );

  test(
    "destroy jenkins, then state (no refresh: the re-plans have just read everything)",
    () => {
      // -lock-timeout: should a re-plan have been cut off by its test's timeout, its lock goes when it ends.
      tf("jenkins: destroy (-refresh=false)", jenkinsDir, ["destroy", "-auto-approve", "-refresh=false", "-lock-timeout=5m"]);
      tf("state: destroy (-refresh=false)", stateDir, ["destroy", "-auto-approve", "-refresh=false", "-lock-timeout=5m"]);
    },
    5 * MINUTE,
  );

  test(
    "cdktf CLI: deploy and destroy state through the emulator app entry",
    async () => {
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
    },
    8 * MINUTE,
  );

  test(
    "the emulator holds none of the created resources",
    async () => {
      expect(Object.keys(created).length).toBeGreaterThan(20);
      expect(moto.server.inventory(REGION)).toEqual({});
      // Nothing named for the installation, and teardown mode deregistered the instance (moto's DeleteService would not refuse).
      expect(leftovers(moto.server.endpoint, REGION, "jenkins")).toEqual({});
      expect(used?.instances).toHaveLength(1);
      expect(await deregisteredInstances(moto.server.endpoint)).toEqual(used!.instances.map((i) => i.id));
      // The team's secrets are its own: the stacks only referenced them.
      expect(listSecrets(moto.server.endpoint, REGION, []).map((s) => s.name)).toEqual(Object.keys(TEAM_SECRETS).sort());
    },
    MINUTE,
  );
});
