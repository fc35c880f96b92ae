/**
 * The restore orchestration (lib/restore/) with mocked AWS SDK clients (aws-sdk-client-mock
 * behind a stateful model, __tests__/support/restore-fakes.ts): listing, both modes, resuming
 * after a failure at each step, the refusal to write under a running controller, failed
 * restore jobs and copy tasks; the stack-output and vars helpers; the CLI's wiring.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";
import { StartRestoreJobCommand } from "@aws-sdk/client-backup";
import { RunTaskCommand, RunTaskCommandInput, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import {
  listRecoveryPoints,
  formatRecoveryPoints,
  parseOutputs,
  RESTORE_ENV,
  RestoreError,
  RestoreOptions,
  resolveTarget,
  runRestore,
  writeFileSystemId,
} from "../../lib/restore";
import { main } from "../../scripts/restore";
import {
  BACKUP_ROLE,
  CLUSTER,
  FakeAws,
  fakeClock,
  FS_ARN,
  FS_ID,
  KMS_KEY,
  NETWORK,
  OLD_RP_ARN,
  recorder,
  REGION,
  RP_ARN,
  SERVICE,
  TD_ARN,
  TD_FAMILY,
  VAULT,
} from "../support/restore-fakes";

const target = { vaultName: VAULT, backupRoleArn: BACKUP_ROLE, fileSystemId: FS_ID, cluster: CLUSTER, service: SERVICE, restoreTaskDefinition: TD_FAMILY };

function setup() {
  const clock = fakeClock();
  const aws = new FakeAws(clock);
  const reporter = recorder();
  const restore = (o: Partial<RestoreOptions> = {}) =>
    runRestore({ recoveryPointArn: RP_ARN, mode: "in-place", target, ...o }, { clients: aws.clients, reporter, clock });
  const started = () => aws.calls(aws.backupMock, StartRestoreJobCommand);
  const runs = () => aws.calls(aws.ecsMock, RunTaskCommand);
  const updates = () => aws.calls(aws.ecsMock, UpdateServiceCommand).map((u) => u.desiredCount);
  const resetCalls = () => {
    aws.backupMock.resetHistory();
    aws.ecsMock.resetHistory();
    aws.efsMock.resetHistory();
  };
  return { clock, aws, reporter, restore, started, runs, updates, resetCalls };
}

const envOf = (run: RunTaskCommandInput): Record<string, string> =>
  Object.fromEntries((run.overrides?.containerOverrides?.[0]?.environment ?? []).map((e) => [String(e.name), String(e.value)]));

describe("list", () => {
  test("EFS recovery points of the vault, newest first, as a table with the ARNs", async () => {
    const { aws } = setup();
    const points = await listRecoveryPoints(aws.clients.backup, VAULT);
    expect(points.map((p) => p.arn)).toEqual([RP_ARN, OLD_RP_ARN]);
    expect(aws.backupMock.call(0).args[0].input).toMatchObject({ BackupVaultName: VAULT, ByResourceType: "EFS" });
    const table = formatRecoveryPoints(points);
    expect(table.split("\n")[0]).toMatch(/^created \(UTC\)\s+status\s+cold from\s+size\s+file system\s+recovery point ARN$/);
    expect(table).toContain(`2025-02-28T10:00:00.000Z  COMPLETED  never      5.0 GiB  ${FS_ID}  ${RP_ARN}`);
  });

  test("an unknown vault: says what was tried and what to check", async () => {
    const { aws } = setup();
    await expect(listRecoveryPoints(aws.clients.backup, "nope")).rejects.toThrow(
      /Could not list the recovery points of backup vault nope: ResourceNotFoundException: .*Check the vault name \(output backup_vault_name, or --vault\)/,
    );
  });

  test("an empty vault says when the first backup comes", () => {
    expect(formatRecoveryPoints([])).toMatch(/No EFS recovery points/);
  });
});

describe("in-place restore", () => {
  test("stops the controller, restores /jenkins-home into the same file system, copies with the restore task, starts the controller", async () => {
    const { aws, reporter, restore, started, runs, updates } = setup();
    const result = await restore();
    expect(result.steps.map((s) => s.outcome)).toEqual(["done", "done", "done", "done", "done", "done"]);
    expect(updates()).toEqual([0, 1]);
    expect(started()).toEqual([
      expect.objectContaining({
        RecoveryPointArn: RP_ARN,
        IamRoleArn: BACKUP_ROLE,
        ResourceType: "EFS",
        Metadata: expect.objectContaining({ "file-system-id": FS_ID, newFileSystem: "false", ItemsToRestore: '["/jenkins-home"]' }),
        IdempotencyToken: expect.any(String),
      }),
    ]);
    const [run] = runs();
    expect(run).toMatchObject({
      cluster: CLUSTER,
      taskDefinition: TD_ARN,
      launchType: "FARGATE",
      startedBy: `jenkins-restore_${result.restoreJob.id}`,
      networkConfiguration: NETWORK,
    });
    const job = aws.restoreJobs[0];
    expect(envOf(run)).toEqual({
      [RESTORE_ENV.id]: result.restoreJob.id,
      [RESTORE_ENV.dir]: "auto",
      [RESTORE_ENV.notBefore]: String(job.CreationDate!.getTime() / 1000 - 300),
      [RESTORE_ENV.notAfter]: String(job.CompletionDate!.getTime() / 1000 + 300),
    });
    expect(reporter.lines.filter((l) => l.startsWith("["))).toHaveLength(6);
    expect(reporter.text()).toMatch(/restore job job-1: RUNNING, 40.0% done/);
    expect(reporter.text()).toMatch(/started copy task copy\d+ \(logs: \/jenkins\/controller, stream restore\/restore\/copy\d+\)/);
  });

  test("--restore-dir is passed to the copy task instead of the time window", async () => {
    const { restore, runs } = setup();
    await restore({ restoreDir: "aws-backup-restore_2025-03-01T10-00-00" });
    expect(envOf(runs()[0])).toEqual({ [RESTORE_ENV.id]: "job-1", [RESTORE_ENV.dir]: "aws-backup-restore_2025-03-01T10-00-00" });
  });

  test("refused before touching anything: a recovery point of another file system", async () => {
    const { aws, restore, updates, started } = setup();
    aws.recoveryPoints.get(RP_ARN)!.ResourceArn = FS_ARN.replace(FS_ID, "fs-0ccccccccccccccc1");
    await expect(restore()).rejects.toThrow(/was taken of fs-0ccccccccccccccc1, not of fs-0aaaaaaaaaaaaaaa1\. .*use --mode new-file-system/);
    expect(updates()).toEqual([]);
    expect(started()).toEqual([]);
  });

  test("refused before touching anything: a recovery point that is not complete", async () => {
    const { aws, restore, updates } = setup();
    aws.recoveryPoints.get(RP_ARN)!.Status = "PARTIAL";
    await expect(restore()).rejects.toThrow(/is PARTIAL; only COMPLETED or AVAILABLE points can be restored/);
    expect(updates()).toEqual([]);
  });

  test("refused before touching anything: a restore task definition of another file system", async () => {
    const { aws, restore, updates } = setup();
    aws.taskDefinitionFileSystem = "fs-0ddddddddddddddd1";
    await expect(restore()).rejects.toThrow(/mounts fs-0ddddddddddddddd1, not fs-0aaaaaaaaaaaaaaa1/);
    expect(updates()).toEqual([]);
  });

  test("refused before touching anything: no restore task definition deployed", async () => {
    const { restore, updates } = setup();
    await expect(restore({ target: { ...target, restoreTaskDefinition: "other-restore" } })).rejects.toThrow(
      /Could not read the restore task definition other-restore: ClientException: .*The stack provides it \(family <prefix>-restore/,
    );
    expect(updates()).toEqual([]);
  });

  test("missing target values are named with their flags", async () => {
    const { restore } = setup();
    await expect(restore({ target: { vaultName: VAULT, backupRoleArn: BACKUP_ROLE } })).rejects.toThrow(/needs the controller cluster: pass --cluster/);
  });
});

describe("in-place restore: refusal while the controller runs", () => {
  test("a controller task that does not stop: the stop step times out, nothing is restored or copied", async () => {
    const { aws, restore, started, runs, updates } = setup();
    aws.controllerStops = false;
    await expect(restore()).rejects.toThrow(/Timed out after 15 min waiting for the controller's tasks to stop/);
    expect(updates()).toEqual([0]);
    expect(started()).toEqual([]);
    expect(runs()).toEqual([]);
  });

  test("something starts the controller during the restore job: refuses before the copy, controller untouched", async () => {
    const { aws, restore, runs, updates } = setup();
    // A deploy (or a person) scales the service up while AWS Backup restores.
    aws.backupMock.on(StartRestoreJobCommand).callsFake(async (input) => {
      const job = aws.addJob({
        RecoveryPointArn: input.RecoveryPointArn,
        Status: "PENDING",
        CreationDate: new Date(),
        polls: 1,
        input,
        CreatedResourceArn: FS_ARN,
      });
      aws.service = { desiredCount: 1, runningCount: 1, pendingCount: 0 };
      aws.controllerTasks.push({
        taskArn: "arn:aws:ecs:eu-west-1:123456789012:task/jenkins-controller/intruder",
        group: `service:${SERVICE}`,
        lastStatus: "RUNNING",
        polls: 5,
      });
      return { RestoreJobId: job.RestoreJobId };
    });
    const err = await restore().catch((e) => e);
    expect(err).toBeInstanceOf(RestoreError);
    expect(err.message).toMatch(
      /^Refusing to overwrite JENKINS_HOME: the controller service jenkins-controller is not stopped \(desiredCount 1, running 1, pending 0, tasks: intruder \(RUNNING\)\)/,
    );
    expect(err.message).toMatch(/aws ecs update-service --cluster jenkins-controller --service jenkins-controller --desired-count 0/);
    expect(runs()).toEqual([]);
    expect(updates()).toEqual([0]);
  });

  test("the guard step alone: a task still draining after desiredCount 0 counts as running", async () => {
    const { aws } = setup();
    aws.service = { desiredCount: 0, runningCount: 1, pendingCount: 0 };
    aws.controllerStops = false;
    const { assertControllerStopped } = await import("../../lib/restore");
    await expect(assertControllerStopped(aws.clients.ecs, { cluster: CLUSTER, service: SERVICE })).rejects.toThrow(
      /not stopped \(desiredCount 0, running 1, pending 0, tasks: ctl1 \(RUNNING\)\)/,
    );
  });
});

describe("in-place restore: resume after a failure at each step", () => {
  test("after the stop step timed out: the re-run does not set desiredCount again, waits, and goes on", async () => {
    const { aws, restore, updates, resetCalls, reporter } = setup();
    aws.controllerStops = false;
    await expect(restore()).rejects.toThrow(/Timed out/);
    aws.controllerStops = true;
    resetCalls();
    const result = await restore();
    expect(updates()).toEqual([1]);
    expect(reporter.text()).toMatch(/desiredCount of jenkins-controller is already 0; waiting for its tasks to stop/);
    expect(result.steps.map((s) => s.outcome)).toEqual(["done", "done", "done", "done", "done", "done"]);
  });

  test("service already stopped: the stop step is skipped", async () => {
    const { aws, restore, updates, reporter } = setup();
    aws.stopped();
    const result = await restore();
    expect(result.steps[1]).toEqual({ title: expect.stringMatching(/^Stop the controller/), outcome: "skipped" });
    expect(updates()).toEqual([1]);
    expect(reporter.text()).toMatch(/already stopped \(desiredCount 0, no task\)/);
  });

  test("restore job still running from the interrupted run: waits for it, starts no other", async () => {
    const { aws, restore, started, reporter } = setup();
    aws.stopped();
    const job = aws.addJob({ Status: "RUNNING", polls: 3, CreatedResourceArn: FS_ARN });
    const result = await restore();
    expect(started()).toEqual([]);
    expect(result.restoreJob.id).toBe(job.RestoreJobId);
    expect(reporter.text()).toMatch(/is still running for this recovery point; waiting for it instead of starting another/);
  });

  test("restore job already completed: reused (no second restore), unless --new-restore-job", async () => {
    const { aws, restore, started, runs, reporter, resetCalls } = setup();
    aws.stopped();
    const done = aws.addJob({ Status: "COMPLETED", CompletionDate: new Date(), CreatedResourceArn: FS_ARN });
    aws.addJob({ Status: "COMPLETED", CompletionDate: new Date(), CreatedResourceArn: FS_ARN.replace(FS_ID, "fs-0eeeeeeeeeeeeeee1") }); // a new-file-system restore of the same point
    aws.addJob({ Status: "FAILED" });
    const result = await restore();
    expect(started()).toEqual([]);
    expect(result.restoreJob.id).toBe(done.RestoreJobId);
    expect(envOf(runs()[0])[RESTORE_ENV.id]).toBe(done.RestoreJobId);
    expect(reporter.text()).toMatch(/reusing completed restore job .* pass --new-restore-job to restore again/);
    resetCalls();
    aws.stopped();
    await restore({ newRestoreJob: true });
    expect(started()).toHaveLength(1);
  });

  test("copy task still running from the interrupted run: waits for it, runs no other", async () => {
    const { aws, restore, runs, reporter } = setup();
    aws.stopped();
    const job = aws.addJob({ Status: "COMPLETED", CompletionDate: new Date(), CreatedResourceArn: FS_ARN });
    aws.addCopyTask(job.RestoreJobId!, { lastStatus: "RUNNING", polls: 2 });
    const result = await restore();
    expect(runs()).toEqual([]);
    expect(result.steps[4].outcome).toBe("skipped");
    expect(reporter.text()).toMatch(/copy task copy\d+ of this restore is still RUNNING; waiting for it/);
  });

  test("copy task already done (the start failed last time): no copy, just the start", async () => {
    const { aws, restore, runs, updates, resetCalls } = setup();
    let failStart = true;
    aws.onUpdateService = (n) => {
      if (n > 0 && failStart) throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    };
    await expect(restore()).rejects.toThrow(
      /Could not set the desired count of jenkins-controller to 1: ThrottlingException: Rate exceeded\. .*the data is restored, only the start is missing/,
    );
    failStart = false;
    resetCalls();
    const result = await restore();
    expect(runs()).toEqual([]);
    expect(updates()).toEqual([1]);
    expect(result.steps.map((s) => s.outcome)).toEqual(["done", "skipped", "done", "done", "skipped", "done"]);
  });

  test("everything already done (a re-run after success, controller running): only stops and starts again; the copy script's marker makes the copy a no-op", async () => {
    const { aws, restore, started, resetCalls } = setup();
    await restore();
    resetCalls();
    aws.copyTasks = []; // ECS forgot the stopped copy task (about an hour later)
    const again = await restore();
    expect(started()).toEqual([]);
    expect(again.steps.map((s) => s.outcome)).toEqual(["done", "done", "done", "done", "done", "done"]);
  });
});

describe("in-place restore: failures", () => {
  test("a failed restore job: says why and what to do, the controller stays stopped; the re-run starts a new job", async () => {
    const { aws, restore, runs, updates, started, resetCalls } = setup();
    aws.jobOutcome = "FAILED";
    await expect(restore()).rejects.toThrow(
      /Restore job job-1 ended FAILED: Access denied to the KMS key\. .*run the same command again: it starts a new restore job/,
    );
    expect(runs()).toEqual([]);
    expect(updates()).toEqual([0]);
    aws.jobOutcome = "COMPLETED";
    resetCalls();
    const result = await restore();
    expect(started()).toHaveLength(1);
    expect(result.restoreJob.id).not.toBe("job-1");
  });

  test("a failed copy task: exit code and its meaning, the log stream; controller stays stopped; the re-run runs a new copy", async () => {
    const { aws, restore, runs, updates, resetCalls } = setup();
    aws.copyExitCode = 3;
    const err = await restore().catch((e) => e);
    expect(err.message).toMatch(/The copy task copy\d+ failed: exit code 3 \(no single restore directory holding JENKINS_HOME was found .*pass --restore-dir/);
    expect(err.message).toMatch(/logs: \/jenkins\/controller, stream restore\/restore\/copy\d+/);
    expect(err.message).toMatch(/the controller stays stopped/);
    expect(updates()).toEqual([0]);
    aws.copyExitCode = 0;
    resetCalls();
    await restore({ restoreDir: "aws-backup-restore_2025-03-01T10-00-00" });
    expect(runs()).toHaveLength(1);
    expect(updates()).toEqual([1]);
  });

  test("a copy task that fails to start (EFS mount denied): points at the file-system policy", async () => {
    const { aws, restore } = setup();
    aws.copyFailsToStart = true;
    await expect(restore()).rejects.toThrow(
      /failed: no exit code, stop code TaskFailedToStart, "ResourceInitializationError: .*access denied by server".*file-system policy does not let the restore task's role mount the root/,
    );
  });
});

describe("new-file-system restore", () => {
  test("a full restore into a new encrypted file system with the source's key; waits until it is available; no ECS call", async () => {
    const { aws, reporter, clock } = setup();
    const written: string[] = [];
    const result = await runRestore(
      {
        recoveryPointArn: RP_ARN,
        mode: "new-file-system",
        target: { vaultName: VAULT, backupRoleArn: BACKUP_ROLE },
        onNewFileSystem: (id) => (written.push(id), `wrote ${id}`),
      },
      { clients: aws.clients, reporter, clock },
    );
    expect(result.newFileSystemId).toMatch(/^fs-0b/);
    expect(written).toEqual([result.newFileSystemId]);
    const [start] = aws.calls(aws.backupMock, StartRestoreJobCommand);
    expect(start.Metadata).toEqual({
      "file-system-id": FS_ID,
      newFileSystem: "true",
      Encrypted: "true",
      KmsKeyId: KMS_KEY,
      PerformanceMode: "generalPurpose",
      CreationToken: expect.stringMatching(/^jenkins-restore-[0-9a-f]{10}-20250301T1000$/),
    });
    expect(aws.ecsMock.calls()).toEqual([]);
    expect(reporter.text()).toMatch(/file system fs-0b\w+: creating[\s\S]*file system fs-0b\w+: available/);
  });

  test("resume: a completed new-file-system restore of this point whose file system exists is reused", async () => {
    const { aws, reporter, clock } = setup();
    const id = "fs-0fffffffffffffff1";
    aws.fileSystems.set(id, { FileSystemArn: FS_ARN.replace(FS_ID, id), LifeCycleState: "available" });
    aws.addJob({ Status: "COMPLETED", CompletionDate: new Date(), CreatedResourceArn: FS_ARN.replace(FS_ID, id) });
    aws.addJob({ Status: "COMPLETED", CompletionDate: new Date(), CreatedResourceArn: FS_ARN.replace(FS_ID, "fs-0999999999999999d") }); // deleted since
    const result = await runRestore(
      { recoveryPointArn: RP_ARN, mode: "new-file-system", target: { vaultName: VAULT, backupRoleArn: BACKUP_ROLE } },
      { clients: aws.clients, reporter, clock },
    );
    expect(result.newFileSystemId).toBe(id);
    expect(aws.calls(aws.backupMock, StartRestoreJobCommand)).toEqual([]);
    expect(result.steps[3].outcome).toBe("skipped");
    expect(reporter.text()).toMatch(new RegExp(`set "storage": \\{ "fileSystemId": "${id}" \\}`));
  });

  test("the source file system is gone and no key was recorded: asks for --kms-key-id", async () => {
    const { aws, reporter, clock } = setup();
    aws.fileSystems.delete(FS_ID);
    aws.backupMock
      .on((await import("@aws-sdk/client-backup")).GetRecoveryPointRestoreMetadataCommand)
      .resolves({ RestoreMetadata: { "file-system-id": FS_ID } });
    await expect(
      runRestore(
        { recoveryPointArn: RP_ARN, mode: "new-file-system", target: { vaultName: VAULT, backupRoleArn: BACKUP_ROLE } },
        { clients: aws.clients, reporter, clock },
      ),
    ).rejects.toThrow(/pass --kms-key-id/);
  });
});

describe("stack outputs and vars", () => {
  const tfOutput = JSON.stringify({
    backup_vault_name: { value: "ci-jenkins-home", type: "string", sensitive: false },
    controller_cluster_name: { value: "ci-controller", type: "string" },
    controller_service_name: { value: "ci-controller", type: "string" },
    efs_file_system_id: { value: FS_ID, type: "string" },
    agent_cluster_fargate_arn: { value: "arn:aws:ecs:eu-central-1:210987654321:cluster/ci-agents-fargate", type: "string" },
  });

  test("terraform output -json: values, the region and account from an ARN, derived task definition and backup role", () => {
    const r = resolveTarget(parseOutputs(tfOutput, "test"), {});
    expect(r.region).toBe("eu-central-1");
    expect(r.target).toEqual({
      vaultName: "ci-jenkins-home",
      cluster: "ci-controller",
      service: "ci-controller",
      fileSystemId: FS_ID,
      restoreTaskDefinition: "ci-restore",
      backupRoleArn: "arn:aws:iam::210987654321:role/ci-backup",
      jenkinsHomePath: "/jenkins-home",
    });
    expect(r.notes).toEqual([
      expect.stringMatching(/^restore task definition: ci-restore/),
      expect.stringMatching(/^backup role: arn:aws:iam::210987654321:role\/ci-backup/),
    ]);
  });

  test("flags win over outputs; a module's outputs as one object output", () => {
    const moduleOutputs = JSON.stringify({
      jenkins: { value: Object.fromEntries(Object.entries(JSON.parse(tfOutput) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value])) },
    });
    const r = resolveTarget(parseOutputs(moduleOutputs, "test", "jenkins"), { vault: "other", region: "us-east-1", restoreTaskDefinition: "td:7" });
    expect(r.region).toBe("us-east-1");
    expect(r.target).toMatchObject({ vaultName: "other", cluster: "ci-controller", restoreTaskDefinition: "td:7" });
    expect(() => parseOutputs(tfOutput, "outputs.json", "jenkins")).toThrow(
      /no object output "jenkins"\. Declare output "jenkins" \{ value = module.<name> \}/,
    );
    expect(() => parseOutputs("not json", "outputs.json")).toThrow(/The outputs from outputs.json are not JSON/);
  });

  test("--write-config: sets storage.fileSystemId, keeps the rest, idempotent; a missing file says what to do", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sj-vars-"));
    try {
      const file = path.join(dir, "vars.json");
      fs.writeFileSync(file, JSON.stringify({ namePrefix: "ci", storage: { throughputMode: "elastic" } }));
      expect(writeFileSystemId(file, "fs-0123456789abcdef0")).toBe(`wrote storage.fileSystemId = fs-0123456789abcdef0 into ${file}`);
      expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({
        namePrefix: "ci",
        storage: { throughputMode: "elastic", fileSystemId: "fs-0123456789abcdef0" },
      });
      expect(writeFileSystemId(file, "fs-0123456789abcdef0")).toMatch(/already has/);
      expect(() => writeFileSystemId(path.join(dir, "none.json"), "fs-1")).toThrow(/does not exist\. Pass the one your stack is built from with --vars/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("CLI (scripts/restore.ts) with mocked clients", () => {
  test("npm run restore runs it", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).scripts;
    expect(scripts.restore).toBe("node -r ./scripts/register-swc.js scripts/restore.ts");
  });

  function cli(args: string[], opts: { confirm?: boolean; outputs?: string } = {}) {
    const clock = fakeClock();
    const aws = new FakeAws(clock);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (d) => (out += d));
    stderr.on("data", (d) => (err += d));
    const run = main(args, {
      stdout,
      stderr,
      env: {},
      clock,
      clients: (region) => {
        expect(region).toBe(REGION);
        return aws.clients;
      },
      terraformOutputs: () =>
        parseOutputs(
          opts.outputs ??
            JSON.stringify({
              backup_vault_name: { value: VAULT },
              controller_cluster_name: { value: CLUSTER },
              controller_service_name: { value: SERVICE },
              efs_file_system_id: { value: FS_ID },
              agent_cluster_fargate_arn: { value: `arn:aws:ecs:${REGION}:123456789012:cluster/jenkins-agents` },
            }),
          "test",
        ),
      confirm: opts.confirm === undefined ? undefined : async () => opts.confirm!,
    });
    return run.then((code) => ({ code, out, err, aws }));
  }

  test("--list prints the table on stdout", async () => {
    const r = await cli(["--list"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Recovery points in ${VAULT} \\(${REGION}\\), newest first:`));
    expect(r.out).toContain(RP_ARN);
  });

  test("in place without --yes and without a terminal: refused, nothing done", async () => {
    const r = await cli(["--recovery-point", RP_ARN, "--mode", "in-place"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/without a terminal to confirm on, pass --yes/);
    expect(r.aws.ecsMock.calls()).toEqual([]);
  });

  test("in place, answered no: nothing done", async () => {
    const r = await cli(["--recovery-point", RP_ARN, "--mode", "in-place"], { confirm: false });
    expect(r.code).toBe(1);
    expect(r.aws.ecsMock.calls()).toEqual([]);
  });

  test("in place with --yes: runs every step, progress on stderr, summary on stdout", async () => {
    const r = await cli(["--recovery-point", RP_ARN, "--mode", "in-place", "--yes"]);
    expect(r.err).toMatch(/\[1\/6\] Check the recovery point[\s\S]*\[6\/6\] Start the controller again/);
    expect(r.err).toMatch(/note: restore task definition: jenkins-restore/);
    expect(r.out).toMatch(/Restored JENKINS_HOME from .*rp-1111 \(restore job job-1\)/);
    expect(r.code).toBe(0);
  });

  test("usage errors exit 2; a missing value names its flag and output", async () => {
    expect((await cli(["--recovery-point", RP_ARN, "--mode", "sideways"])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
    const r = await cli(["--list"], { outputs: JSON.stringify({ controller_cluster_name: { value: CLUSTER } }) });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Missing --vault \(output backup_vault_name; backups must be on\)/);
  });
});
