/**
 * What the restore command (lib/restore/, scripts/restore.ts) and the restore task definition
 * (lib/constructs/restore/restore-task.ts) agree on: container name, environment variables, exit codes, names.
 * No cdktf imports here: the CLI loads this file without the provider bindings.
 */

/** Name of the container in the restore task definition. */
export const RESTORE_CONTAINER = "restore";

/** Environment variables of the copy script (lib/restore/copy-script.ts). */
export const RESTORE_ENV = {
  /** Identifies one restore (the AWS Backup restore job id); written as a marker into JENKINS_HOME. Required. */
  id: "RESTORE_ID",
  /** Name of the `aws-backup-restore_<datetime>` directory at the file-system root, or `auto`. */
  dir: "RESTORE_DIR",
  /** With `auto`: the restore directory's mtime must be at or after this (epoch seconds). */
  notBefore: "RESTORE_NOT_BEFORE",
  /** With `auto`: the restore directory's mtime must be at or before this (epoch seconds). */
  notAfter: "RESTORE_NOT_AFTER",
  /** JENKINS_HOME relative to the file-system root (the access point's path without the slash). */
  homeDir: "JENKINS_HOME_DIR",
  /** Where the file-system root is mounted in the container. */
  efsRoot: "EFS_ROOT",
  /** Owner of the restored files. */
  uid: "JENKINS_UID",
  gid: "JENKINS_GID",
} as const;

/** Exit codes of the copy script, and what they mean to the user. */
export const RESTORE_EXIT: Record<number, string> = {
  0: "JENKINS_HOME restored (or it already held this restore)",
  2: "the task was started without the environment the copy needs (RESTORE_ID, RESTORE_DIR or the time window)",
  3: "no single restore directory holding JENKINS_HOME was found at the file-system root (none, or several candidates); pass --restore-dir aws-backup-restore_<datetime>",
  4: "copying or swapping the files failed (see the task's log)",
};

/** Where the restore task mounts the file-system root. */
export const EFS_ROOT_MOUNT = "/mnt/efs";

/**
 * JENKINS_HOME relative to the file-system root: the root directory of the controller's access
 * point (lib/constructs/storage/jenkins-home-storage.ts; a test keeps the two equal).
 */
export const DEFAULT_JENKINS_HOME_PATH = "/jenkins-home";

/** uid/gid of JENKINS_HOME's files (the `jenkins` user of the official images). */
export const JENKINS_OWNER = 1000;

/** Family of the restore task definition of a stack with this name prefix. */
export function restoreTaskFamily(namePrefix: string): string {
  return `${namePrefix}-restore`;
}

/** Name of the restore task's own IAM role (the file-system policy lets it mount the root). */
export function restoreTaskRoleName(namePrefix: string): string {
  return `${namePrefix}-restore-task`;
}

/** File in JENKINS_HOME naming the restore that produced it (makes the copy idempotent). */
export const RESTORE_MARKER = ".jenkins-restore-id";

/** `startedBy` of the copy task of a restore job (ECS allows letters, digits, `-`, `_`, `/`; 128 characters). */
export function copyTaskStartedBy(restoreJobId: string): string {
  return `jenkins-restore_${restoreJobId.replace(/[^A-Za-z0-9_-]/g, "-")}`.slice(0, 128);
}
