/**
 * The restore task definition (lib/constructs/restore/restore-task.ts), the file-system policy's exemption for its
 * role (lib/constructs/storage/jenkins-home-storage.ts), and the copy script it runs (lib/restore/copy-script.ts),
 * executed with the local `sh` against a directory tree shaped like the file-system root after
 * an AWS Backup item-level restore.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "../../../lib/cdktf-core";
import { offlinePlan } from "../../../tools/terraform/offline-terraform";
import { describeTerraform } from "../../support/terraform";
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { JenkinsHomeStorage } from "../../../lib/constructs/storage/jenkins-home-storage";
import { evaluatePolicy, describeFinding } from "../../../lib/policy";
import { RESTORE_IMAGE, RestoreTask, restoreTaskRoleArn } from "../../../lib/constructs/restore/restore-task";
import { COPY_SCRIPT, DEFAULT_JENKINS_HOME_PATH, RESTORE_CONTAINER, RESTORE_ENV, RESTORE_MARKER } from "../../../lib/restore";
import { policyStatements, SynthJson } from "../../support/project";

const FS_ID = "fs-0123456789abcdef0";
const FS_ARN = `arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/${FS_ID}`;

function synth(extra: Partial<ConstructorParameters<typeof RestoreTask>[2]> = {}): { synth: string; json: SynthJson; task: RestoreTask } {
  let task!: RestoreTask;
  const out = Testing.synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
    task = new RestoreTask(scope, "Restore", {
      namePrefix: "jenkins",
      env,
      fileSystemId: FS_ID,
      fileSystemArn: FS_ARN,
      logGroupName: "/jenkins/controller",
      ...extra,
    });
  });
  return { synth: out, json: JSON.parse(out) as SynthJson, task };
}

describe("RestoreTask", () => {
  const { synth: out, json, task } = synth();
  const td = Object.values(json.resource.aws_ecs_task_definition)[0];
  const container = JSON.parse(td.container_definitions)[0];

  test("Fargate, awsvpc, family <prefix>-restore, small by default", () => {
    expect(out).toHaveResourceWithProperties(EcsTaskDefinition, {
      family: "jenkins-restore",
      network_mode: "awsvpc",
      requires_compatibilities: ["FARGATE"],
      cpu: "512",
      memory: "1024",
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
    });
    expect(task.family).toBe("jenkins-restore");
  });

  test("mounts the file-system root (no access point) with IAM authorization and TLS", () => {
    expect(out).toHaveResourceWithProperties(EcsTaskDefinition, {
      volume: [
        {
          name: "efs-root",
          efs_volume_configuration: { file_system_id: FS_ID, root_directory: "/", transit_encryption: "ENABLED", authorization_config: { iam: "ENABLED" } },
        },
      ],
    });
    expect(JSON.stringify(td.volume)).not.toContain("access_point_id");
  });

  test("one container: public ECR Alpine, the copy script as root, read-only root filesystem, logs with prefix restore", () => {
    expect(container).toMatchObject({
      name: RESTORE_CONTAINER,
      image: RESTORE_IMAGE,
      essential: true,
      command: ["/bin/sh", "-c", COPY_SCRIPT],
      user: "0:0",
      readonlyRootFilesystem: true,
      privileged: false,
      mountPoints: [{ sourceVolume: "efs-root", containerPath: "/mnt/efs", readOnly: false }],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/jenkins/controller", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "restore" },
      },
    });
    expect(RESTORE_IMAGE).toMatch(/^public\.ecr\.aws\//);
    expect(Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]))).toEqual({
      [RESTORE_ENV.efsRoot]: "/mnt/efs",
      [RESTORE_ENV.homeDir]: "jenkins-home",
      [RESTORE_ENV.uid]: "1000",
      [RESTORE_ENV.gid]: "1000",
      [RESTORE_ENV.dir]: "auto",
    });
  });

  test("the script carries nothing Terraform would read as a template (${...} or %{...})", () => {
    expect(COPY_SCRIPT).not.toMatch(/\$\{|%\{/);
    expect(td.container_definitions).not.toMatch(/\$\{|%\{/);
  });

  test("own task role: root mount of this file system only, through a mount target; trusted by ECS tasks of this account", () => {
    expect(out).toHaveResourceWithProperties(IamRole, { name: "jenkins-restore-task" });
    expect(policyStatements(json, "Restore_TaskPolicy")).toEqual([
      expect.objectContaining({
        actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
        resources: [FS_ARN],
        condition: [{ test: "Bool", variable: "elasticfilesystem:AccessedViaMountTarget", values: ["true"] }],
      }),
    ]);
    const trust = policyStatements(json, "Restore_TaskTrust")[0];
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }]);
    expect(trust.condition).toEqual(expect.arrayContaining([expect.objectContaining({ variable: "aws:SourceAccount", values: ["123456789012"] })]));
    expect(td.task_role_arn).toMatch(/aws_iam_role\.Restore_TaskRole/);
  });

  test("own execution role: writes to the given log group only", () => {
    expect(out).toHaveResourceWithProperties(IamRole, { name: "jenkins-restore-execution" });
    expect(policyStatements(json, "Restore_ExecutionPolicy")).toEqual([
      expect.objectContaining({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: ["arn:aws:logs:eu-west-1:123456789012:log-group:/jenkins/controller:*"],
      }),
    ]);
    expect(td.execution_role_arn).toMatch(/aws_iam_role\.Restore_ExecutionRole/);
    expect(task.rolePolicies).toHaveLength(2);
  });

  test("given roles, sizes and home path: no roles created, values used", () => {
    const r = synth({
      taskRoleArn: "arn:aws:iam::123456789012:role/t",
      executionRoleArn: "arn:aws:iam::123456789012:role/e",
      cpu: 1024,
      memory: 2048,
      jenkinsHomePath: "/data/",
    });
    expect(r.json.resource.aws_iam_role).toBeUndefined();
    const t = Object.values(r.json.resource.aws_ecs_task_definition)[0];
    expect(t).toMatchObject({
      task_role_arn: "arn:aws:iam::123456789012:role/t",
      execution_role_arn: "arn:aws:iam::123456789012:role/e",
      cpu: "1024",
      memory: "2048",
    });
    expect(JSON.parse(t.container_definitions)[0].environment).toContainEqual({ name: RESTORE_ENV.homeDir, value: "data" });
  });

  test("a nested or empty JENKINS_HOME path is refused with what is allowed", () => {
    expect(() => synth({ jenkinsHomePath: "/a/b" })).toThrow(/one directory below the file-system root, like \/jenkins-home; got "\/a\/b"/);
    expect(() => synth({ jenkinsHomePath: "/" })).toThrow(/one directory below/);
  });

  test("the policy pack finds nothing (beyond the project's standing suppressions)", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "restore");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const env = new AwsEnvironment(stack, "Env", { region: "eu-west-1", accountId: "123456789012" });
    new RestoreTask(stack, "Restore", { namePrefix: "jenkins", env, fileSystemId: FS_ID, fileSystemArn: FS_ARN, logGroupName: "/jenkins/controller" });
    // A real synth keeps the construct paths the suppressions are keyed by.
    app.synth();
    const report = evaluatePolicy(JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "restore", "cdk.tf.json"), "utf8")));
    expect(report.findings.map(describeFinding)).toEqual([]);
    expect(report.suppressed.map((f) => f.checkId)).toEqual(["SJ_AWS_IAM_TRUST_SOURCE_CONDITION"]);
  });

  test("restoreTaskRoleArn names the role before it exists", () => {
    Testing.synthScope((scope) => {
      const env = new AwsEnvironment(scope, "Env", { region: "cn-north-1", accountId: "123456789012" });
      expect(restoreTaskRoleArn(env, "ci")).toBe("arn:aws-cn:iam::123456789012:role/ci-restore-task");
    });
  });
});

describeTerraform("RestoreTask with terraform (offline)", () => {
  test("plan: the task definition, with the copy script, is what the provider registers", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sj-restore-tf-")), "cdktf.out");
    let workDir: string | undefined;
    try {
      const app = new App({ outdir, stackTraces: false });
      const stack = new TerraformStack(app, "restore");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      const env = new AwsEnvironment(stack, "Env", { region: "eu-west-1", accountId: "123456789012" });
      new RestoreTask(stack, "Restore", { namePrefix: "jenkins", env, fileSystemId: FS_ID, fileSystemArn: FS_ARN, logGroupName: "/jenkins/controller" });
      app.synth();
      const { plan, dir } = offlinePlan(path.join(outdir, "stacks", "restore"), { show: true });
      workDir = dir;
      const td = plan.resource_changes!.find((r) => r.type === "aws_ecs_task_definition")!;
      expect(td.change.actions).toEqual(["create"]);
      const [container] = JSON.parse(String(td.change.after!.container_definitions));
      expect(container.command).toEqual(["/bin/sh", "-c", COPY_SCRIPT]);
      expect(plan.resource_changes!.map((r) => r.type).sort()).toEqual([
        "aws_ecs_task_definition",
        "aws_iam_role",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policy",
      ]);
    } finally {
      fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
});

describe("JenkinsHomeStorage and the restore task", () => {
  const storage = (rootAccessRoleArns?: string[]) =>
    JSON.parse(
      Testing.synthScope((scope) => {
        new JenkinsHomeStorage(scope, "Home", {
          performanceMode: "generalPurpose",
          throughputMode: "elastic",
          namePrefix: "jenkins",
          kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
          subnetIds: ["subnet-1"],
          securityGroupId: "sg-1",
          rootAccessRoleArns,
        });
      }),
    ) as SynthJson;

  test("the access point's root directory is the JENKINS_HOME path the restore assumes", () => {
    expect(Object.values(storage().resource.aws_efs_access_point)[0].root_directory.path).toBe(DEFAULT_JENKINS_HOME_PATH);
  });

  test("by default only the access point may mount (policy unchanged)", () => {
    const deny = policyStatements(storage(), "Home_Policy").find((s) => s.sid === "MountOnlyThroughTheAccessPoint")!;
    expect(deny.condition).toEqual([
      { test: "StringNotEquals", variable: "elasticfilesystem:AccessPointArn", values: [expect.stringMatching(/aws_efs_access_point/)] },
    ]);
  });

  test("rootAccessRoleArns exempts those roles from the access-point rule, not from TLS", () => {
    const role = "arn:aws:iam::123456789012:role/jenkins-restore-task";
    const statements = policyStatements(storage([role]), "Home_Policy");
    expect(statements.find((s) => s.sid === "MountOnlyThroughTheAccessPoint")!.condition).toEqual([
      { test: "StringNotEquals", variable: "elasticfilesystem:AccessPointArn", values: [expect.stringMatching(/aws_efs_access_point/)] },
      { test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [role] },
    ]);
    expect(statements.find((s) => s.sid === "DenyUnencryptedTransport")!.condition).toEqual([
      { test: "Bool", variable: "aws:SecureTransport", values: ["false"] },
    ]);
  });
});

/** `sh` of this machine, and busybox with only its own applets on PATH (what Alpine's image runs), if installed. */
function shells(): [string, string, NodeJS.ProcessEnv][] {
  const out: [string, string, NodeJS.ProcessEnv][] = [["sh of this machine", "sh", { PATH: process.env.PATH }]];
  const busybox = spawnSync("sh", ["-c", "command -v busybox"], { encoding: "utf8" }).stdout.trim();
  if (busybox) {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "sj-busybox-"));
    afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
    spawnSync(busybox, ["--install", "-s", bin]);
    out.push(["busybox sh and applets (as in the Alpine image)", path.join(bin, "sh"), { PATH: bin }]);
  } else {
    console.warn("busybox is not installed: the copy script runs under this machine's sh only (apt-get install busybox-static to also run it as in Alpine)");
  }
  return out;
}

describe.each(shells())("copy script under %s, on a directory tree shaped like the file-system root", (_label, shell, shellEnv) => {
  const uid = process.getuid?.() ?? 1000;
  const gid = process.getgid?.() ?? 1000;
  let root: string;
  const write = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  };
  const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");
  const setMtime = (rel: string, epoch: number) => fs.utimesSync(path.join(root, rel), epoch, epoch);
  const run = (env: Record<string, string>) =>
    spawnSync(shell, ["-c", COPY_SCRIPT], {
      encoding: "utf8",
      env: {
        ...shellEnv,
        [RESTORE_ENV.efsRoot]: root,
        [RESTORE_ENV.homeDir]: "jenkins-home",
        [RESTORE_ENV.uid]: String(uid),
        [RESTORE_ENV.gid]: String(gid),
        ...env,
      },
    });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "sj-restore-"));
    write("jenkins-home/config.xml", "current");
    write("jenkins-home/jobs/new-job/config.xml", "made after the backup");
    write("aws-backup-restore_2025-01-02T03-04-05/jenkins-home/config.xml", "restored");
    write("aws-backup-restore_2025-01-02T03-04-05/jenkins-home/jobs/old-job/config.xml", "restored job");
    setMtime("aws-backup-restore_2025-01-02T03-04-05", 1_000_000);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test("auto: picks the restore directory made in the job's time window, swaps it in, keeps the old home, writes the marker", () => {
    const r = run({ [RESTORE_ENV.id]: "job-1", [RESTORE_ENV.dir]: "auto", [RESTORE_ENV.notBefore]: "999000", [RESTORE_ENV.notAfter]: "1001000" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(read("jenkins-home/config.xml")).toBe("restored");
    expect(read("jenkins-home/jobs/old-job/config.xml")).toBe("restored job");
    expect(fs.existsSync(path.join(root, "jenkins-home/jobs/new-job"))).toBe(false);
    expect(read(`jenkins-home/${RESTORE_MARKER}`)).toBe("job-1\n");
    expect(read(".jenkins-home-before-job-1/jobs/new-job/config.xml")).toBe("made after the backup");
    expect(fs.statSync(path.join(root, "jenkins-home")).mode & 0o777).toBe(0o750);
    expect(fs.statSync(path.join(root, "jenkins-home/config.xml")).uid).toBe(uid);
    expect(fs.existsSync(path.join(root, ".jenkins-restore-staging-job-1"))).toBe(false);
    expect(fs.existsSync(path.join(root, "jenkins-home/.jenkins-restore-complete"))).toBe(false);
  });

  test("run again with the same id: nothing to do (even if Jenkins changed files since)", () => {
    expect(run({ [RESTORE_ENV.id]: "job-1", [RESTORE_ENV.dir]: "aws-backup-restore_2025-01-02T03-04-05" }).status).toBe(0);
    write("jenkins-home/config.xml", "changed by Jenkins after the restore");
    const again = run({ [RESTORE_ENV.id]: "job-1", [RESTORE_ENV.dir]: "aws-backup-restore_2025-01-02T03-04-05" });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already holds restore job-1; nothing to do/);
    expect(read("jenkins-home/config.xml")).toBe("changed by Jenkins after the restore");
  });

  test("completes a swap cut short between the two renames", () => {
    // State after `mv home previous` and before `mv staging home`.
    fs.renameSync(path.join(root, "jenkins-home"), path.join(root, ".jenkins-home-before-job-2"));
    write(".jenkins-restore-staging-job-2/config.xml", "restored");
    write(".jenkins-restore-staging-job-2/.jenkins-restore-complete", "");
    const r = run({ [RESTORE_ENV.id]: "job-2", [RESTORE_ENV.dir]: "aws-backup-restore_2025-01-02T03-04-05" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/completing an interrupted swap/);
    expect(read("jenkins-home/config.xml")).toBe("restored");
    expect(read(".jenkins-home-before-job-2/config.xml")).toBe("current");
  });

  test("redoes a copy cut short (staging incomplete) without touching JENKINS_HOME first", () => {
    write(".jenkins-restore-staging-job-3/half", "partial");
    const r = run({ [RESTORE_ENV.id]: "job-3", [RESTORE_ENV.dir]: "aws-backup-restore_2025-01-02T03-04-05" });
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(root, "jenkins-home/half"))).toBe(false);
    expect(read("jenkins-home/config.xml")).toBe("restored");
  });

  test("auto refuses (exit 3) when no or several restore directories fit the window; JENKINS_HOME untouched", () => {
    const none = run({ [RESTORE_ENV.id]: "job-4", [RESTORE_ENV.dir]: "auto", [RESTORE_ENV.notBefore]: "2000000", [RESTORE_ENV.notAfter]: "2001000" });
    expect(none.status).toBe(3);
    expect(none.stderr).toMatch(/found 0 restore directories/);
    write("aws-backup-restore_2025-01-02T03-09-00/jenkins-home/config.xml", "other");
    setMtime("aws-backup-restore_2025-01-02T03-09-00", 1_000_500);
    const two = run({ [RESTORE_ENV.id]: "job-4", [RESTORE_ENV.dir]: "auto", [RESTORE_ENV.notBefore]: "999000", [RESTORE_ENV.notAfter]: "1001000" });
    expect(two.status).toBe(3);
    expect(two.stderr).toMatch(/found 2 restore directories.*aws-backup-restore_2025-01-02T03-04-05@1000000/);
    expect(read("jenkins-home/config.xml")).toBe("current");
  });

  test("refuses bad input (exit 2): no id, a path as directory, a directory that is not a restore directory", () => {
    expect(run({ [RESTORE_ENV.dir]: "auto" }).status).toBe(2);
    expect(run({ [RESTORE_ENV.id]: "x", [RESTORE_ENV.dir]: "aws-backup-restore_x/../../etc" }).status).toBe(2);
    expect(run({ [RESTORE_ENV.id]: "x", [RESTORE_ENV.dir]: "jenkins-home" }).status).toBe(2);
    expect(run({ [RESTORE_ENV.id]: "../x", [RESTORE_ENV.dir]: "aws-backup-restore_2025-01-02T03-04-05" }).status).toBe(2);
    expect(run({ [RESTORE_ENV.id]: "x", [RESTORE_ENV.dir]: "auto" }).status).toBe(2);
    expect(read("jenkins-home/config.xml")).toBe("current");
  });

  test("a named restore directory that does not exist: exit 3", () => {
    const r = run({ [RESTORE_ENV.id]: "x", [RESTORE_ENV.dir]: "aws-backup-restore_1999-01-01T00-00-00" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/does not exist/);
  });
});
