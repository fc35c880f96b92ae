import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsBackupPolicy } from "@cdktf/provider-aws/lib/efs-backup-policy";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import type { JenkinsConfig } from "../../config/schema";

/** uid/gid of the `jenkins` user in the official images. */
export const JENKINS_UID = 1000;

/** Props of {@link JenkinsHomeStorage}. */
export interface JenkinsHomeStorageProps {
  /** Storage section of the configuration. */
  readonly storage: JenkinsConfig["storage"];
  /** Prefix of names. */
  readonly namePrefix: string;
  /** KMS key encrypting the file system. */
  readonly kmsKeyArn: string;
  /** Subnets that get a mount target (one per AZ). */
  readonly subnetIds: string[];
  /** Security group of the mount targets. */
  readonly securityGroupId: string;
  /**
   * Whether to manage the EFS automatic-backup policy (set to DISABLED, since the stack's own
   * AWS Backup plan covers the file system).
   * @default true
   */
  readonly manageBackupPolicy?: boolean;
  /**
   * Roles that may mount the file-system root, not only the access point: the restore task's
   * role (lib/constructs/restore/restore-task.ts, `restoreTaskRoleArn`), which copies restored files beside
   * JENKINS_HOME into it. Transport encryption stays required for them too.
   * @default - none: every client must come through the access point
   */
  readonly rootAccessRoleArns?: string[];
}

/**
 * JENKINS_HOME on EFS: encrypted with the stack's KMS key, a mount target per private subnet,
 * an access point that maps every client to uid/gid 1000 (the `jenkins` user, never root)
 * with a 0750 root directory, and a file-system policy that refuses unencrypted transport
 * and any mount but through the access point (except by `rootAccessRoleArns`).
 */
export class JenkinsHomeStorage extends Construct {
  /** The file system. */
  public readonly fileSystem: EfsFileSystem;
  /** The access point the controller mounts. */
  public readonly accessPoint: EfsAccessPoint;
  /** The mount targets (ECS must wait for them before starting a task). */
  public readonly mountTargets: EfsMountTarget[];

  constructor(scope: Construct, id: string, props: JenkinsHomeStorageProps) {
    super(scope, id);
    const s = props.storage;
    this.fileSystem = new EfsFileSystem(this, "FileSystem", {
      creationToken: `${props.namePrefix}-jenkins-home`,
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: s.performanceMode,
      throughputMode: s.throughputMode,
      provisionedThroughputInMibps: s.throughputMode === "provisioned" ? s.provisionedThroughputMibps : undefined,
      lifecyclePolicy:
        s.transitionToIaDays > 0
          ? [{ transitionToIa: `AFTER_${s.transitionToIaDays}_${s.transitionToIaDays === 1 ? "DAY" : "DAYS"}` }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }]
          : undefined,
      tags: { Name: `${props.namePrefix}-jenkins-home` },
    });

    this.mountTargets = props.subnetIds.map(
      (subnetId, i) =>
        new EfsMountTarget(this, `MountTarget${i}`, {
          fileSystemId: this.fileSystem.id,
          subnetId,
          securityGroups: [props.securityGroupId],
        }),
    );

    this.accessPoint = new EfsAccessPoint(this, "AccessPoint", {
      fileSystemId: this.fileSystem.id,
      posixUser: { uid: JENKINS_UID, gid: JENKINS_UID },
      rootDirectory: {
        path: "/jenkins-home",
        creationInfo: { ownerUid: JENKINS_UID, ownerGid: JENKINS_UID, permissions: "0750" },
      },
      tags: { Name: `${props.namePrefix}-jenkins-home` },
    });

    const policy = new DataAwsIamPolicyDocument(this, "Policy", {
      statement: [
        {
          sid: "DenyUnencryptedTransport",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["*"],
          resources: [this.fileSystem.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          sid: "MountOnlyThroughTheAccessPoint",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
          resources: [this.fileSystem.arn],
          condition: [
            { test: "StringNotEquals", variable: "elasticfilesystem:AccessPointArn", values: [this.accessPoint.arn] },
            // Conditions are ANDed: the named roles are exempt from the access-point rule.
            ...(props.rootAccessRoleArns?.length ? [{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: props.rootAccessRoleArns }] : []),
          ],
        },
      ],
    });
    new EfsFileSystemPolicy(this, "FileSystemPolicy", {
      fileSystemId: this.fileSystem.id,
      policy: policy.json,
      bypassPolicyLockoutSafetyCheck: false,
    });

    if (props.manageBackupPolicy ?? true) {
      // The stack's AWS Backup plan (lib/constructs/backup/jenkins-backup.ts) backs this file system up; EFS's own
      // automatic backups would duplicate the cost.
      new EfsBackupPolicy(this, "AutomaticBackups", {
        fileSystemId: this.fileSystem.id,
        backupPolicy: { status: "DISABLED" },
      });
    }
  }
}
