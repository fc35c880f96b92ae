/**
 * Restore of JENKINS_HOME from AWS Backup as one command (scripts/restore.ts): list recovery
 * points, restore one into the existing file system (stop the controller, restore, copy with
 * the stack's restore task definition, start it again) or into a new file system. One concern
 * per file; every step is idempotent and resumable.
 */
export * from "./arn";
export * from "./clients";
export * from "./config-file";
export * from "./contract";
export * from "./controller-control";
export * from "./copy-script";
export * from "./copy-task";
export * from "./file-system";
export * from "./recovery-points";
export * from "./restore-job";
export * from "./restore-options";
export * from "./restore-plan";
export * from "./runtime";
export * from "./stack-outputs";
