import { createHash } from "crypto";
import { FileSystemDescription } from "@aws-sdk/client-efs";
import { fileSystemIdOf } from "./arn";
import { DEFAULT_JENKINS_HOME_PATH } from "./contract";
import { assertControllerStopped, ControllerRef, ControllerState, describeController, startController, stopController } from "./controller-control";
import { checkRestoreTaskDefinition, ensureCopyTask, RestoreTaskDefinition } from "./copy-task";
import { findFileSystem, requireFileSystem, waitForFileSystem } from "./file-system";
import { describeRestorableRecoveryPoint, RecoveryPoint, restoreMetadata } from "./recovery-points";
import { ensureRestoreJob, RestoreJob, restoreJobMetadata, RestoreMode } from "./restore-job";
import { RestoreError, RestoreReporter } from "./runtime";
import type { RestoreDeps, RestoreOptions, RestoreResult, StepOutcome } from "./restore-options";

/** Titles of the steps of a mode, in order (printed before asking for confirmation). */
export function restoreStepTitles(mode: RestoreMode): string[] {
  return mode === "in-place"
    ? [
        "Check the recovery point, the file system, the controller and the restore task definition",
        "Stop the controller (desiredCount 0) and wait until its task has stopped",
        "Make sure no controller task runs (refuse otherwise)",
        "Restore JENKINS_HOME from the recovery point into aws-backup-restore_<datetime> on the same file system",
        "Copy it into JENKINS_HOME as uid/gid 1000 with the restore task definition (previous JENKINS_HOME kept aside)",
        "Start the controller again",
      ]
    : [
        "Check the recovery point and its source file system",
        "Restore the recovery point into a new EFS file system",
        "Wait until the new file system is available",
        "Point the configuration at the new file system (storage.fileSystemId)",
      ];
}

/** A creation token for a new file system: unique per recovery point and minute. */
export function newFileSystemCreationToken(recoveryPointArn: string, now: number): string {
  const hash = createHash("sha256").update(recoveryPointArn).digest("hex").slice(0, 10);
  const stamp = new Date(now).toISOString().replace(/[-:]/g, "").slice(0, 13);
  return `jenkins-restore-${hash}-${stamp}`;
}

function required<T>(value: T | undefined, what: string, flag: string): T {
  if (value === undefined || value === "")
    throw new RestoreError(`An in-place restore needs ${what}: pass ${flag}, or read it from the stack outputs (--stack-dir / --outputs).`);
  return value;
}

/**
 * Runs a restore as a sequence of idempotent steps; each step reads AWS first and skips or
 * resumes what an earlier, interrupted run already did, so the same command can be run again
 * after a failure at any step. Throws a {@link RestoreError} that says what to do.
 */
export async function runRestore(o: RestoreOptions, d: RestoreDeps): Promise<RestoreResult> {
  return o.mode === "in-place" ? runInPlace(o, d) : runNewFileSystem(o, d);
}

class Steps {
  public readonly outcomes: StepOutcome[] = [];
  private i = 0;
  constructor(
    private readonly titles: string[],
    private readonly reporter: RestoreReporter,
  ) {}
  public async run(fn: () => Promise<"done" | "skipped">): Promise<void> {
    const title = this.titles[this.i++];
    this.reporter.step(this.i, this.titles.length, title);
    this.outcomes.push({ title, outcome: await fn() });
  }
}

async function runInPlace(o: RestoreOptions, d: RestoreDeps): Promise<RestoreResult> {
  const { backup, ecs, efs } = d.clients;
  const t = o.target;
  const ref: ControllerRef = {
    cluster: required(t.cluster, "the controller cluster", "--cluster"),
    service: required(t.service, "the controller service", "--service"),
  };
  const fileSystemId = required(t.fileSystemId, "the file system", "--file-system-id");
  const taskDefinition = required(t.restoreTaskDefinition, "the restore task definition", "--restore-task-definition");
  const homePath = t.jenkinsHomePath ?? DEFAULT_JENKINS_HOME_PATH;
  const waits = { clock: d.clock, reporter: d.reporter, intervalMs: o.pollIntervalMs };
  const steps = new Steps(restoreStepTitles("in-place"), d.reporter);

  let rp!: RecoveryPoint;
  let td!: RestoreTaskDefinition;
  let recorded: Record<string, string> = {};
  await steps.run(async () => {
    rp = await describeRestorableRecoveryPoint(backup, t.vaultName, o.recoveryPointArn);
    const fs = await requireFileSystem(efs, fileSystemId);
    if (rp.resourceArn !== fs.FileSystemArn) {
      throw new RestoreError(
        `Recovery point ${rp.arn} was taken of ${rp.fileSystemId ?? rp.resourceArn}, not of ${fileSystemId}. ` +
          "AWS Backup restores items only into the file system they came from; use --mode new-file-system for a point of another file system.",
      );
    }
    td = await checkRestoreTaskDefinition(ecs, taskDefinition, fileSystemId);
    recorded = await restoreMetadata(backup, t.vaultName, rp.arn);
    await describeController(ecs, ref);
    d.reporter.info(`recovery point of ${rp.creationDate?.toISOString() ?? "?"} (${rp.status}) of ${fileSystemId}; restore task definition ${td.arn}`);
    return "done";
  });

  await steps.run(async () => ((await stopController(ecs, ref, { ...waits, timeoutMs: o.timeouts?.controllerMs })) === "stopped" ? "done" : "skipped"));

  await steps.run(async () => {
    await assertControllerStopped(ecs, ref);
    d.reporter.info("no controller task runs; JENKINS_HOME may be replaced");
    return "done";
  });

  let job!: RestoreJob;
  await steps.run(async () => {
    job = await ensureRestoreJob({
      ...waits,
      backup,
      recoveryPoint: rp,
      mode: "in-place",
      iamRoleArn: t.backupRoleArn,
      metadata: restoreJobMetadata({ mode: "in-place", recorded, sourceFileSystemId: fileSystemId, jenkinsHomePath: homePath }),
      forceNew: o.newRestoreJob,
      timeoutMs: o.timeouts?.restoreJobMs,
    });
    d.reporter.info(`restore job ${job.id} completed ${job.completionDate?.toISOString() ?? ""}`.trim());
    return "done";
  });

  await steps.run(async () => {
    // Again, right before writing: something may have started the controller meanwhile.
    const controller: ControllerState = await assertControllerStopped(ecs, ref);
    if (!controller.networkConfiguration)
      throw new RestoreError(`The controller service ${ref.service} has no network configuration to run the copy task with.`);
    const { reused } = await ensureCopyTask({
      ecs,
      cluster: ref.cluster,
      taskDefinition: td,
      restoreJob: job,
      networkConfiguration: controller.networkConfiguration,
      restoreDir: o.restoreDir,
      clock: d.clock,
      reporter: d.reporter,
      intervalMs: o.pollIntervalMs,
      timeoutMs: o.timeouts?.copyTaskMs,
    });
    d.reporter.info(
      `JENKINS_HOME holds restore ${job.id}; the previous content stays in .jenkins-home-before-${job.id} at the file-system root until you delete it`,
    );
    return reused ? "skipped" : "done";
  });

  await steps.run(async () =>
    (await startController(ecs, ref, o.desiredCount ?? 1, { ...waits, timeoutMs: o.timeouts?.controllerMs, waitForRunning: o.waitForControllerStart })) ===
    "started"
      ? "done"
      : "skipped",
  );

  return { mode: "in-place", recoveryPoint: rp, restoreJob: job, steps: steps.outcomes };
}

async function runNewFileSystem(o: RestoreOptions, d: RestoreDeps): Promise<RestoreResult> {
  const { backup, efs } = d.clients;
  const t = o.target;
  const waits = { clock: d.clock, reporter: d.reporter, intervalMs: o.pollIntervalMs };
  const steps = new Steps(restoreStepTitles("new-file-system"), d.reporter);

  let rp!: RecoveryPoint;
  let metadata!: Record<string, string>;
  await steps.run(async () => {
    rp = await describeRestorableRecoveryPoint(backup, t.vaultName, o.recoveryPointArn);
    const recorded = await restoreMetadata(backup, t.vaultName, rp.arn);
    const sourceId = rp.fileSystemId ?? recorded["file-system-id"];
    if (!sourceId) throw new RestoreError(`Cannot tell which file system recovery point ${rp.arn} was taken of; AWS Backup returned ${rp.resourceArn}.`);
    const source: FileSystemDescription | undefined = await findFileSystem(efs, sourceId);
    const kmsKeyId = o.kmsKeyId ?? source?.KmsKeyId ?? recorded.KmsKeyId;
    if (!kmsKeyId) {
      throw new RestoreError(
        `The source file system ${sourceId} is gone and the recovery point records no KMS key; pass --kms-key-id (the stack's data key, alias <prefix>-data).`,
      );
    }
    metadata = restoreJobMetadata({
      mode: "new-file-system",
      recorded,
      sourceFileSystemId: sourceId,
      jenkinsHomePath: t.jenkinsHomePath ?? DEFAULT_JENKINS_HOME_PATH,
      kmsKeyId,
      performanceMode: source?.PerformanceMode,
      creationToken: newFileSystemCreationToken(rp.arn, d.clock.now()),
    });
    d.reporter.info(
      `recovery point of ${rp.creationDate?.toISOString() ?? "?"} (${rp.status}) of ${sourceId}${source ? "" : " (that file system no longer exists)"}; new file system encrypted with ${kmsKeyId}`,
    );
    return "done";
  });

  let job!: RestoreJob;
  await steps.run(async () => {
    job = await ensureRestoreJob({
      ...waits,
      backup,
      recoveryPoint: rp,
      mode: "new-file-system",
      iamRoleArn: t.backupRoleArn,
      metadata,
      forceNew: o.newRestoreJob,
      timeoutMs: o.timeouts?.restoreJobMs,
      stillUsable: async (j) => {
        const id = fileSystemIdOf(j.createdResourceArn);
        const fs = id ? await findFileSystem(efs, id) : undefined;
        return !!fs && fs.LifeCycleState !== "deleting" && fs.LifeCycleState !== "deleted";
      },
    });
    return "done";
  });

  const newId = fileSystemIdOf(job.createdResourceArn);
  if (!newId)
    throw new RestoreError(
      `Restore job ${job.id} completed but names no new file system (CreatedResourceArn ${job.createdResourceArn ?? "missing"}); look it up in the AWS Backup console.`,
    );

  await steps.run(async () => {
    const fs = await waitForFileSystem(efs, newId, { ...waits, timeoutMs: o.timeouts?.fileSystemMs });
    d.reporter.info(`new file system ${newId} is ${fs.LifeCycleState}`);
    return "done";
  });

  await steps.run(async () => {
    d.reporter.info(o.onNewFileSystem ? o.onNewFileSystem(newId) : `set "storage": { "fileSystemId": "${newId}" } in vars.json (or pass --write-config)`);
    return o.onNewFileSystem ? "done" : "skipped";
  });

  return { mode: "new-file-system", recoveryPoint: rp, restoreJob: job, newFileSystemId: newId, steps: steps.outcomes };
}
