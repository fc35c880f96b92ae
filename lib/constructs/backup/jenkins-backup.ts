import { Construct } from "constructs";
import { BackupPlan, BackupPlanRule } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultNotifications } from "@cdktf/provider-aws/lib/backup-vault-notifications";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsEnvironment } from "../foundation/aws-environment";
import { bareServiceTrustPolicy } from "../foundation/service-trust";
import type { JenkinsConfig } from "../../config/schema";

/**
 * Vault events sent to the alerts topic. BACKUP_JOB_FAILED/EXPIRED are deprecated in the
 * PutBackupVaultNotifications API (accepted, never sent); failed backups arrive through the
 * EventBridge rule `backup-failed` instead (lib/constructs/alerts/jenkins-alerts.ts).
 */
export const BACKUP_VAULT_EVENTS = ["RESTORE_JOB_STARTED", "RESTORE_JOB_COMPLETED", "COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED"];

/** Props of {@link JenkinsBackup}. */
export interface JenkinsBackupProps {
  /** Backup section of the configuration. */
  readonly backup: JenkinsConfig["backup"];
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Account/region of the stack. */
  readonly env: AwsEnvironment;
  /** KMS key of the vault. */
  readonly kmsKeyArn: string;
  /** ARN of the EFS file system to back up. */
  readonly fileSystemArn: string;
  /** Topic receiving vault notifications. */
  readonly alertsTopicArn: string;
}

/**
 * AWS Backup of JENKINS_HOME: a KMS-encrypted vault (optionally locked), a plan with the
 * configured daily rule (cold storage after 30 days, deletion after 120 by default) plus any
 * extra rules, a selection naming the EFS file system by ARN, a service role with AWS's
 * backup and restore policies, and vault notifications to the alerts topic.
 */
export class JenkinsBackup extends Construct {
  /** The vault. */
  public readonly vault: BackupVault;
  /** The plan. */
  public readonly plan: BackupPlan;
  /** The selection of the EFS file system. */
  public readonly selection: BackupSelection;
  /** The service role. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: JenkinsBackupProps) {
    super(scope, id);
    const b = props.backup;
    const name = props.namePrefix;

    this.vault = new BackupVault(this, "Vault", { name: `${name}-jenkins-home`, kmsKeyArn: props.kmsKeyArn, forceDestroy: false });
    if (b.vaultLock.enabled) {
      new BackupVaultLockConfiguration(this, "VaultLock", {
        backupVaultName: this.vault.name,
        minRetentionDays: b.vaultLock.minRetentionDays,
        maxRetentionDays: b.vaultLock.maxRetentionDays,
      });
    }

    const rule = (ruleName: string, schedule: string, cold: number, del: number): BackupPlanRule => ({
      ruleName,
      targetVaultName: this.vault.name,
      schedule,
      startWindow: 60,
      completionWindow: 360,
      lifecycle: { coldStorageAfter: cold > 0 ? cold : undefined, deleteAfter: del },
      recoveryPointTags: { Jenkins: name, BackupRule: ruleName },
    });
    this.plan = new BackupPlan(this, "Plan", {
      name: `${name}-jenkins-home`,
      rule: [
        rule("daily", b.schedule, b.coldStorageAfterDays, b.deleteAfterDays),
        ...b.additionalRules.map((r) => rule(r.name, r.schedule, r.coldStorageAfterDays, r.deleteAfterDays)),
      ],
    });

    const trust = bareServiceTrustPolicy(this, "Trust", "backup.amazonaws.com");
    this.role = new IamRole(this, "Role", { name: `${name}-backup`, assumeRolePolicy: trust.json });
    const managed = (policy: string) => `arn:${props.env.partition}:iam::aws:policy/service-role/${policy}`;
    new IamRolePolicyAttachment(this, "BackupPolicy", { role: this.role.name, policyArn: managed("AWSBackupServiceRolePolicyForBackup") });
    new IamRolePolicyAttachment(this, "RestorePolicy", { role: this.role.name, policyArn: managed("AWSBackupServiceRolePolicyForRestores") });

    this.selection = new BackupSelection(this, "Selection", {
      name: `${name}-jenkins-home`,
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: [props.fileSystemArn],
    });

    new BackupVaultNotifications(this, "Notifications", {
      backupVaultName: this.vault.name,
      snsTopicArn: props.alertsTopicArn,
      backupVaultEvents: BACKUP_VAULT_EVENTS,
    });
  }
}
