import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsBackupPolicy } from "@cdktf/provider-aws/lib/efs-backup-policy";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import { EfsFileSystemLifecyclePolicy } from "@cdktf/provider-aws/lib/efs-file-system";
import { Fn, IResolvable, TerraformCount, TerraformIterator, Token } from "../../cdktf-core";
import { Flag, choose, equals, greaterThan, isKnown, isSet, lengthOf, not, switchOn, when } from "../foundation/inputs";
import { RemovedResource } from "../foundation/removed-resource";

/** uid/gid of the `jenkins` user in the official images. */
export const JENKINS_UID = 1000;

/** Props of {@link JenkinsHomeStorage}. */
export interface JenkinsHomeStorageProps {
  /**
   * An existing file system to use instead of creating one (a restored file system, or
   * another installation's): the access point, mount targets, file-system policy and backup
   * policy are added to it. May be a Terraform expression that is null for "create one".
   * @default - a new file system is created
   */
  readonly fileSystemId?: string;
  /** ARN of `fileSystemId`; required with it. @default - none */
  readonly fileSystemArn?: string;
  /**
   * `prevent_destroy` on the created file system and the access point: Terraform refuses a
   * plan that would destroy or replace them ("Instance cannot be destroyed"). Static: it
   * cannot be a Terraform expression. Not on the access point when `fileSystemId` is known at
   * synth: switching to a brought file system replaces it (it holds no data; the directory is
   * in the file system).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** EFS performance mode (`generalPurpose` or `maxIO`); changing it replaces the file system. */
  readonly performanceMode: string;
  /** EFS throughput mode (`bursting`, `elastic` or `provisioned`). */
  readonly throughputMode: string;
  /**
   * Provisioned throughput in MiB/s, used only when `throughputMode` is `provisioned`.
   * @default - none
   */
  readonly provisionedThroughputMibps?: number;
  /**
   * Days without access after which files move to Infrequent Access (0: never); they move
   * back on first access.
   * @default 0
   */
  readonly transitionToIaDays?: number;
  /** Prefix of names. */
  readonly namePrefix: string;
  /** KMS key encrypting the file system. */
  readonly kmsKeyArn: string;
  /** Subnets that get a mount target (one per AZ); may be a Terraform list. */
  readonly subnetIds: string[];
  /** Security group of the mount targets. */
  readonly securityGroupId: string;
  /**
   * Turn EFS's own automatic backups off (when the stack's AWS Backup plan covers the file
   * system); false leaves the file system's backup policy alone.
   * @default true
   */
  readonly disableAutomaticBackups?: Flag;
  /**
   * Roles that may mount the file-system root, not only the access point: the restore task's
   * role (lib/constructs/restore/restore-task.ts, `restoreTaskRoleArn`), which copies restored files beside
   * JENKINS_HOME into it. Transport encryption stays required for them too.
   * @default - none: every client must come through the access point
   */
  readonly rootAccessRoleArns?: string[];
}

/**
 * JENKINS_HOME on EFS: encrypted with the stack's KMS key (or a file system brought by id), a
 * mount target per private subnet, an access point that maps every client to uid/gid 1000 (the
 * `jenkins` user, never root) with a 0750 root directory, and a file-system policy that
 * refuses unencrypted transport and any mount but through the access point (except by
 * `rootAccessRoleArns`). The file system and the access point are protected against destroy
 * and replacement (`preventDestroy`), and the creation token ignores later changes, so a
 * renamed `namePrefix` cannot replace the file system silently. With `fileSystemId` known at
 * synth (the stack), a `removed` block makes Terraform forget a file system created here
 * before, instead of destroying it; the module (an expression, `count`) cannot, see docs/module.md.
 */
export class JenkinsHomeStorage extends Construct {
  /** The file system created here; undefined when one is brought (known at synth). In the module it is switched by `count`. */
  public readonly fileSystem?: EfsFileSystem;
  /** Id of the file system in use (created or brought). */
  public readonly fileSystemId: string;
  /** ARN of the file system in use. */
  public readonly fileSystemArn: string;
  /** The access point the controller mounts. */
  public readonly accessPoint: EfsAccessPoint;
  /** The mount targets, one per subnet (ECS must wait for them before starting a task). */
  public readonly mountTargets: EfsMountTarget;

  constructor(scope: Construct, id: string, props: JenkinsHomeStorageProps) {
    super(scope, id);
    const days = props.transitionToIaDays ?? 0;
    const preventDestroy = props.preventDestroy ?? true;
    const brought = isSet(props.fileSystemId);
    if (brought !== false && !props.fileSystemArn) throw new Error("JenkinsHomeStorage: fileSystemArn is required with fileSystemId");
    this.fileSystem = when(not(brought), () =>
      switchOn(
        new EfsFileSystem(this, "FileSystem", {
          creationToken: `${props.namePrefix}-jenkins-home`,
          encrypted: true,
          kmsKeyId: props.kmsKeyArn,
          performanceMode: props.performanceMode,
          throughputMode: props.throughputMode,
          provisionedThroughputInMibps: choose(equals(props.throughputMode, "provisioned"), props.provisionedThroughputMibps, undefined),
          lifecyclePolicy: lifecyclePolicy(days),
          tags: { Name: `${props.namePrefix}-jenkins-home` },
          // The token is set once: a later namePrefix must not replace JENKINS_HOME.
          lifecycle: { preventDestroy, ignoreChanges: ["creation_token"] },
        }),
        not(brought),
      ),
    );
    // Switching to a brought file system: the one created here before is forgotten, never destroyed (same id, same address).
    if (brought === true) new RemovedResource(this, "FileSystem", { resourceType: "aws_efs_file_system" });
    this.fileSystemId = choose(brought, props.fileSystemId!, this.fileSystem?.id as string);
    this.fileSystemArn = choose(brought, props.fileSystemArn!, this.fileSystem?.arn as string);

    const perSubnet = TerraformCount.of(lengthOf(props.subnetIds));
    this.mountTargets = new EfsMountTarget(this, "MountTarget", {
      count: perSubnet,
      fileSystemId: this.fileSystemId,
      subnetId: Fn.element(props.subnetIds, perSubnet.index),
      securityGroups: [props.securityGroupId],
    });

    this.accessPoint = new EfsAccessPoint(this, "AccessPoint", {
      fileSystemId: this.fileSystemId,
      posixUser: { uid: JENKINS_UID, gid: JENKINS_UID },
      rootDirectory: {
        path: "/jenkins-home",
        creationInfo: { ownerUid: JENKINS_UID, ownerGid: JENKINS_UID, permissions: "0750" },
      },
      tags: { Name: `${props.namePrefix}-jenkins-home` },
      lifecycle: { preventDestroy: preventDestroy && brought !== true },
    });

    const policy = new DataAwsIamPolicyDocument(this, "Policy", {
      statement: [
        {
          sid: "DenyUnencryptedTransport",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["*"],
          resources: [this.fileSystemArn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          sid: "MountOnlyThroughTheAccessPoint",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
          resources: [this.fileSystemArn],
          condition: [
            { test: "StringNotEquals", variable: "elasticfilesystem:AccessPointArn", values: [this.accessPoint.arn] },
            // Conditions are ANDed: the named roles are exempt from the access-point rule.
            ...(props.rootAccessRoleArns?.length ? [{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: props.rootAccessRoleArns }] : []),
          ],
        },
      ],
    });
    new EfsFileSystemPolicy(this, "FileSystemPolicy", {
      fileSystemId: this.fileSystemId,
      policy: policy.json,
      bypassPolicyLockoutSafetyCheck: false,
    });

    // The stack's AWS Backup plan (lib/constructs/backup/jenkins-backup.ts) backs this file
    // system up; EFS's own automatic backups would duplicate the cost.
    const disableAutomatic = props.disableAutomaticBackups ?? true;
    when(disableAutomatic, () =>
      switchOn(
        new EfsBackupPolicy(this, "AutomaticBackups", {
          fileSystemId: this.fileSystemId,
          backupPolicy: { status: "DISABLED" },
        }),
        disableAutomatic,
      ),
    );
  }
}

/**
 * The file system's lifecycle: to Infrequent Access after `days` without access and back on
 * first access, or none for 0. A `dynamic` block when `days` is a Terraform expression.
 */
function lifecyclePolicy(days: number): EfsFileSystemLifecyclePolicy[] | IResolvable | undefined {
  if (isKnown(days)) {
    if (days <= 0) return undefined;
    return [{ transitionToIa: `AFTER_${days}_${days === 1 ? "DAY" : "DAYS"}` }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }];
  }
  const after = Fn.conditional(equals(days, 1), "AFTER_1_DAY", Fn.format("AFTER_%d_DAYS", [days]));
  const blocks = Fn.conditional(
    greaterThan(days, 0),
    [
      { ia: after, primary: Token.nullValue() },
      { ia: Token.nullValue(), primary: "AFTER_1_ACCESS" },
    ],
    [],
  );
  const it = TerraformIterator.fromList(Token.asAny(blocks));
  return it.dynamic({ transition_to_ia: it.getString("ia"), transition_to_primary_storage_class: it.getString("primary") });
}
