import { randomUUID } from "crypto";
import {
  BackupClient,
  DescribeRestoreJobCommand,
  paginateListRestoreJobsByProtectedResource,
  RestoreJobsListMember,
  StartRestoreJobCommand,
} from "@aws-sdk/client-backup";
import { fileSystemIdOf } from "./arn";
import { awsError, RecoveryPoint } from "./recovery-points";
import { onChange, poll, RestoreClock, RestoreError, RestoreReporter } from "./runtime";

/** Where the data goes: into the existing file system (item-level), or a new file system. */
export type RestoreMode = "in-place" | "new-file-system";

/** A restore job, as the steps use it. */
export interface RestoreJob {
  readonly id: string;
  readonly recoveryPointArn?: string;
  /** PENDING, RUNNING, COMPLETED, ABORTED or FAILED. */
  readonly status: string;
  readonly statusMessage?: string;
  readonly percentDone?: string;
  readonly expectedMinutes?: number;
  readonly creationDate?: Date;
  readonly completionDate?: Date;
  /** The file system written to: the new one, or (in place) the existing one. */
  readonly createdResourceArn?: string;
}

/** Job statuses that may still change. */
export const ACTIVE_RESTORE_STATUSES = ["PENDING", "RUNNING"];

function toJob(j: RestoreJobsListMember): RestoreJob {
  return {
    id: j.RestoreJobId ?? "?",
    recoveryPointArn: j.RecoveryPointArn,
    status: j.Status ?? "UNKNOWN",
    statusMessage: j.StatusMessage,
    percentDone: j.PercentDone,
    expectedMinutes: j.ExpectedCompletionTimeMinutes,
    creationDate: j.CreationDate,
    completionDate: j.CompletionDate,
    createdResourceArn: j.CreatedResourceArn,
  };
}

/** Inputs of {@link restoreJobMetadata}. */
export interface RestoreMetadataInput {
  readonly mode: RestoreMode;
  /** What GetRecoveryPointRestoreMetadata returned for the point. */
  readonly recorded: Record<string, string>;
  /** The point's source file system (AWS Backup restores item-level only into it). */
  readonly sourceFileSystemId: string;
  /** JENKINS_HOME relative to the file-system root, e.g. `/jenkins-home` (in place: the one item restored). */
  readonly jenkinsHomePath: string;
  /** New file system: its KMS key (the source's key by default). */
  readonly kmsKeyId?: string;
  /** New file system: its performance mode (the source's by default). */
  readonly performanceMode?: string;
  /** New file system: a creation token no other file system uses. */
  readonly creationToken?: string;
}

/**
 * The StartRestoreJob metadata of an EFS restore (AWS Backup developer guide, "Restore an
 * Amazon EFS file system"; StartRestoreJob API reference):
 * - in place: `newFileSystem=false` into the source file system, item-level restore of
 *   JENKINS_HOME only (`ItemsToRestore`); AWS Backup writes it below
 *   `aws-backup-restore_<datetime>/` at the root and never overwrites live data;
 * - new file system: a full restore (no `ItemsToRestore`) into an encrypted new file system
 *   with the source's KMS key and performance mode and a fresh creation token.
 */
export function restoreJobMetadata(i: RestoreMetadataInput): Record<string, string> {
  const base: Record<string, string> = { ...i.recorded, "file-system-id": i.sourceFileSystemId };
  delete base.ItemsToRestore;
  if (i.mode === "in-place") {
    return { ...base, newFileSystem: "false", ItemsToRestore: JSON.stringify([i.jenkinsHomePath]) };
  }
  const kmsKeyId = i.kmsKeyId ?? base.KmsKeyId;
  const md: Record<string, string> = { ...base, newFileSystem: "true", Encrypted: "true" };
  if (kmsKeyId) md.KmsKeyId = kmsKeyId;
  if (i.performanceMode ?? base.PerformanceMode) md.PerformanceMode = (i.performanceMode ?? base.PerformanceMode)!;
  if (i.creationToken) md.CreationToken = i.creationToken;
  return md;
}

/** Restore jobs of a recovery point (all statuses), newest first. */
export async function restoreJobsOf(backup: BackupClient, rp: RecoveryPoint): Promise<RestoreJob[]> {
  const jobs: RestoreJob[] = [];
  try {
    for await (const page of paginateListRestoreJobsByProtectedResource({ client: backup }, { ResourceArn: rp.resourceArn })) {
      for (const j of page.RestoreJobs ?? []) if (j.RecoveryPointArn === rp.arn && j.RestoreJobId) jobs.push(toJob(j));
    }
  } catch (e) {
    throw awsError(e, `list the restore jobs of ${rp.resourceArn}`, "Check that your credentials may call backup:ListRestoreJobsByProtectedResource.");
  }
  return jobs.sort((a, b) => (b.creationDate?.getTime() ?? 0) - (a.creationDate?.getTime() ?? 0));
}

/** Whether a finished job wrote where `mode` wants (the existing file system, or a new one). */
export function jobMatchesMode(job: RestoreJob, mode: RestoreMode, sourceFileSystemArn: string): boolean {
  if (!job.createdResourceArn) return false;
  if (mode === "in-place") return job.createdResourceArn === sourceFileSystemArn;
  return !!fileSystemIdOf(job.createdResourceArn) && job.createdResourceArn !== sourceFileSystemArn;
}

/** Reads one restore job. */
export async function describeRestoreJob(backup: BackupClient, id: string): Promise<RestoreJob> {
  try {
    return toJob(await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: id })));
  } catch (e) {
    throw awsError(e, `describe restore job ${id}`, "Check that your credentials may call backup:DescribeRestoreJob.");
  }
}

/** Timing of {@link waitForRestoreJob}. */
export interface RestoreJobWait {
  readonly clock: RestoreClock;
  readonly reporter: RestoreReporter;
  /** @default 30 s */
  readonly intervalMs?: number;
  /** @default 24 h (large or cold recovery points take hours) */
  readonly timeoutMs?: number;
}

/** Waits until the job finishes; returns it when COMPLETED, throws a {@link RestoreError} when FAILED or ABORTED. */
export async function waitForRestoreJob(backup: BackupClient, id: string, w: RestoreJobWait): Promise<RestoreJob> {
  const say = onChange(w.reporter.info.bind(w.reporter));
  const job = await poll({
    what: `restore job ${id} to finish`,
    read: () => describeRestoreJob(backup, id),
    done: (j) => !ACTIVE_RESTORE_STATUSES.includes(j.status),
    onState: (j) =>
      say(
        `restore job ${id}: ${j.status}${j.percentDone ? `, ${j.percentDone} done` : ""}${j.expectedMinutes ? ` (AWS Backup expects ~${j.expectedMinutes} min)` : ""}`,
      ),
    intervalMs: w.intervalMs ?? 30_000,
    timeoutMs: w.timeoutMs ?? 24 * 3600_000,
    onTimeout: "The job goes on in AWS Backup; run the same command again to keep waiting for it.",
    clock: w.clock,
  });
  if (job.status !== "COMPLETED") {
    throw new RestoreError(
      `Restore job ${id} ended ${job.status}${job.statusMessage ? `: ${job.statusMessage}` : ""}. ` +
        "Fix the cause (often the backup role's permissions or the KMS key policy; see the AWS Backup console, Jobs > Restore jobs) " +
        "and run the same command again: it starts a new restore job.",
    );
  }
  return job;
}

/** Inputs of {@link ensureRestoreJob}. */
export interface EnsureRestoreJobInput extends RestoreJobWait {
  readonly backup: BackupClient;
  readonly recoveryPoint: RecoveryPoint;
  readonly mode: RestoreMode;
  /** Role AWS Backup restores with (the stack's `<prefix>-backup`). */
  readonly iamRoleArn: string;
  /** StartRestoreJob metadata (see {@link restoreJobMetadata}). */
  readonly metadata: Record<string, string>;
  /** Start a new job even if a completed one for this point and mode exists. */
  readonly forceNew?: boolean;
  /** Extra check of a completed job before reusing it (e.g. its new file system still exists). */
  readonly stillUsable?: (job: RestoreJob) => Promise<boolean>;
}

/**
 * The restore-job step, idempotent: never two jobs for one recovery point at a time.
 * 1. A job of this recovery point still running (from an earlier, interrupted run): wait for
 *    it; if it wrote where this mode wants, use it.
 * 2. Unless `forceNew`: the newest completed job of this point that wrote where this mode
 *    wants (and passes `stillUsable`): use it without restoring again.
 * 3. Otherwise start a job and wait for it.
 */
export async function ensureRestoreJob(i: EnsureRestoreJobInput): Promise<RestoreJob> {
  const rp = i.recoveryPoint;
  const jobs = await restoreJobsOf(i.backup, rp);
  for (const active of jobs.filter((j) => ACTIVE_RESTORE_STATUSES.includes(j.status)).reverse()) {
    i.reporter.info(
      `restore job ${active.id} (started ${active.creationDate?.toISOString() ?? "earlier"}) is still running for this recovery point; waiting for it instead of starting another`,
    );
    const done = await waitForRestoreJob(i.backup, active.id, i);
    if (jobMatchesMode(done, i.mode, rp.resourceArn)) return done;
    i.reporter.info(`restore job ${active.id} restored to ${done.createdResourceArn ?? "an unknown target"}, not what ${i.mode} needs`);
  }
  if (!i.forceNew) {
    for (const j of jobs.filter((x) => x.status === "COMPLETED" && jobMatchesMode(x, i.mode, rp.resourceArn))) {
      if (i.stillUsable && !(await i.stillUsable(j))) continue;
      i.reporter.info(
        `reusing completed restore job ${j.id} of this recovery point (finished ${j.completionDate?.toISOString() ?? "earlier"}); pass --new-restore-job to restore again`,
      );
      return j;
    }
  }
  let id: string;
  try {
    const r = await i.backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: rp.arn,
        IamRoleArn: i.iamRoleArn,
        ResourceType: "EFS",
        Metadata: i.metadata,
        // One token per call: the SDK's own retries of this call cannot start a second job.
        IdempotencyToken: randomUUID(),
      }),
    );
    if (!r.RestoreJobId) throw new Error("StartRestoreJob returned no RestoreJobId");
    id = r.RestoreJobId;
  } catch (e) {
    throw awsError(
      e,
      `start a restore job for ${rp.arn}`,
      `Check that your credentials may call backup:StartRestoreJob and iam:PassRole on ${i.iamRoleArn} (or pass the right role with --backup-role-arn).`,
    );
  }
  i.reporter.info(`started restore job ${id} (${i.mode})`);
  return waitForRestoreJob(i.backup, id, i);
}
