/**
 * What a restore is asked to do and what it reports: the deployed stack it works on, the
 * options, the dependencies (AWS clients, reporter, clock) and the outcome. The steps that run
 * it are in restore-plan.ts.
 */
import type { RestoreClients } from "./clients";
import type { RecoveryPoint } from "./recovery-points";
import type { RestoreJob, RestoreMode } from "./restore-job";
import type { RestoreClock, RestoreReporter } from "./runtime";

/** The deployed stack the restore works on (its outputs, or the module's). */
export interface RestoreTarget {
  /** Backup vault (output backup_vault_name). */
  readonly vaultName: string;
  /** Role AWS Backup restores with (the stack's `<prefix>-backup`). */
  readonly backupRoleArn: string;
  /** JENKINS_HOME's file system (output efs_file_system_id). Required in place. */
  readonly fileSystemId?: string;
  /** Controller cluster and service (outputs controller_cluster_name, controller_service_name). Required in place. */
  readonly cluster?: string;
  readonly service?: string;
  /** Restore task definition, family or ARN (`<prefix>-restore`, lib/constructs/restore/restore-task.ts). Required in place. */
  readonly restoreTaskDefinition?: string;
  /**
   * JENKINS_HOME relative to the file-system root (the access point's path).
   * @default "/jenkins-home"
   */
  readonly jenkinsHomePath?: string;
}

/** Timeouts of the waits, in milliseconds (defaults in each step). */
export interface RestoreTimeouts {
  readonly restoreJobMs?: number;
  readonly controllerMs?: number;
  readonly copyTaskMs?: number;
  readonly fileSystemMs?: number;
}

/** What to restore, and how. */
export interface RestoreOptions {
  readonly recoveryPointArn: string;
  readonly mode: RestoreMode;
  readonly target: RestoreTarget;
  /**
   * In place: the `aws-backup-restore_<datetime>` directory to copy from.
   * @default - the copy task finds the one the restore job made
   */
  readonly restoreDir?: string;
  /**
   * Start a new restore job even if one of this recovery point already completed.
   * @default false
   */
  readonly newRestoreJob?: boolean;
  /**
   * In place: desired count of the controller afterwards.
   * @default 1
   */
  readonly desiredCount?: number;
  /**
   * In place: wait until the controller runs again.
   * @default true
   */
  readonly waitForControllerStart?: boolean;
  /**
   * New file system: its KMS key.
   * @default - the source file system's key, else the one recorded with the recovery point
   */
  readonly kmsKeyId?: string;
  /**
   * New file system: what to do with its id (e.g. write it into vars.json); returns a line to report.
   * @default - only report the setting to make
   */
  readonly onNewFileSystem?: (fileSystemId: string) => string;
  readonly timeouts?: RestoreTimeouts;
  /** Poll interval of every wait. @default - each step's own (10-30 s) */
  readonly pollIntervalMs?: number;
}

/** What the restore needs besides options: AWS clients, a reporter, a clock. */
export interface RestoreDeps {
  readonly clients: RestoreClients;
  readonly reporter: RestoreReporter;
  readonly clock: RestoreClock;
}

/** The outcome of a step. */
export interface StepOutcome {
  readonly title: string;
  /** What happened: done, or skipped because AWS already was in the wanted state. */
  readonly outcome: "done" | "skipped";
}

/** The outcome of a restore. */
export interface RestoreResult {
  readonly mode: RestoreMode;
  readonly recoveryPoint: RecoveryPoint;
  readonly restoreJob: RestoreJob;
  /** New file system mode: the restored file system. */
  readonly newFileSystemId?: string;
  readonly steps: StepOutcome[];
}
