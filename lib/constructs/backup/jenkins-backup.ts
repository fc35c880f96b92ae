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
import { Fn, IResolvable, TerraformDataSource, TerraformIterator, TerraformResource, Token } from "../../cdktf-core";
import { Flag, and, choose, greaterThan, isKnown, switchOn, when } from "../foundation/inputs";
import { IamRoleSettings, roleArguments } from "../foundation/iam-role-settings";

/**
 * Vault events sent to the alerts topic. BACKUP_JOB_FAILED/EXPIRED are deprecated in the
 * PutBackupVaultNotifications API (accepted, never sent); failed backups arrive through the
 * EventBridge rule `backup-failed` instead (lib/constructs/alerts/jenkins-alerts.ts).
 */
export const BACKUP_VAULT_EVENTS = ["RESTORE_JOB_STARTED", "RESTORE_JOB_COMPLETED", "COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED"];

/** Props of {@link JenkinsBackup}. */
export interface JenkinsBackupProps {
  /**
   * Create the backup at all (a Terraform expression switches every resource).
   * @default true
   */
  readonly enabled?: Flag;
  /** Cron expression of the daily rule (UTC). */
  readonly schedule: string;
  /** Days until a recovery point moves to cold storage (0: never). */
  readonly coldStorageAfterDays: number;
  /** Days until a recovery point is deleted. */
  readonly deleteAfterDays: number;
  /**
   * More rules besides the daily one; a list known at synth or a Terraform list of objects
   * with the same (snake_case) keys.
   * @default []
   */
  readonly additionalRules?: BackupRuleInput[] | IResolvable;
  /**
   * Lock the vault (compliance: recovery points cannot be deleted early).
   * @default false
   */
  readonly vaultLock?: Flag;
  /** Minimum retention the lock enforces, in days (with `vaultLock`). @default - none */
  readonly vaultLockMinRetentionDays?: number;
  /** Maximum retention the lock enforces, in days (with `vaultLock`). @default - none */
  readonly vaultLockMaxRetentionDays?: number;
  /**
   * `prevent_destroy` on the vault: Terraform refuses a plan that would destroy or replace it
   * (a new name, backups switched off, a destroy). Static: no Terraform expression.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Let a destroy delete the vault's recovery points (teardown mode); off, a vault that holds
   * recovery points cannot be destroyed.
   * @default false
   */
  readonly forceDestroy?: Flag;
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
  /**
   * Permissions boundary and path of the roles created here (one object for every role of the stack).
   * @default - no boundary, path `/`
   */
  readonly iamRoles?: IamRoleSettings;
}

/** One more backup rule. */
export interface BackupRuleInput {
  readonly name: string;
  readonly schedule: string;
  readonly cold_storage_after_days: number;
  readonly delete_after_days: number;
}

/**
 * AWS Backup of JENKINS_HOME: a KMS-encrypted vault (optionally locked), a plan with the
 * configured daily rule (cold storage after 30 days, deletion after 120 by default) plus any
 * extra rules, a selection naming the EFS file system by ARN, a service role with AWS's
 * backup and restore policies, and vault notifications to the alerts topic. The vault is
 * protected against destroy (`preventDestroy`) unless asked otherwise.
 */
export class JenkinsBackup extends Construct {
  /** The vault. */
  public readonly vault: BackupVault;
  /** The plan. */
  public readonly plan: BackupPlan;
  /** The selection of the file system. */
  public readonly selection: BackupSelection;
  /** The service role. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: JenkinsBackupProps) {
    super(scope, id);
    const name = props.namePrefix;
    const enabled = props.enabled ?? true;
    const on = <T extends TerraformResource | TerraformDataSource>(r: T) => switchOn(r, enabled);

    this.vault = on(
      new BackupVault(this, "Vault", {
        name: `${name}-jenkins-home`,
        kmsKeyArn: props.kmsKeyArn,
        forceDestroy: props.forceDestroy ?? false,
        lifecycle: { preventDestroy: props.preventDestroy ?? true },
      }),
    );
    const lock = and(enabled, props.vaultLock ?? false);
    when(lock, () =>
      switchOn(
        new BackupVaultLockConfiguration(this, "VaultLock", {
          backupVaultName: this.vault.name,
          minRetentionDays: props.vaultLockMinRetentionDays,
          maxRetentionDays: props.vaultLockMaxRetentionDays,
        }),
        lock,
      ),
    );

    const daily: BackupRuleInput = {
      name: "daily",
      schedule: props.schedule,
      cold_storage_after_days: props.coldStorageAfterDays,
      delete_after_days: props.deleteAfterDays,
    };
    const extra = props.additionalRules ?? [];
    this.plan = on(
      new BackupPlan(this, "Plan", {
        name: `${name}-jenkins-home`,
        rule:
          Array.isArray(extra) && isKnown(extra) && isKnown(daily) ? [daily, ...extra].map((r) => this.rule(r, name)) : this.dynamicRules(daily, extra, name),
      }),
    );
    const trust = on(bareServiceTrustPolicy(this, "Trust", "backup.amazonaws.com"));
    this.role = on(new IamRole(this, "Role", { name: `${name}-backup`, assumeRolePolicy: trust.json, ...roleArguments(props.iamRoles) }));
    const managed = (policy: string) => `arn:${props.env.partition}:iam::aws:policy/service-role/${policy}`;
    on(new IamRolePolicyAttachment(this, "BackupPolicy", { role: this.role.name, policyArn: managed("AWSBackupServiceRolePolicyForBackup") }));
    on(new IamRolePolicyAttachment(this, "RestorePolicy", { role: this.role.name, policyArn: managed("AWSBackupServiceRolePolicyForRestores") }));

    this.selection = on(
      new BackupSelection(this, "Selection", {
        name: `${name}-jenkins-home`,
        planId: this.plan.id,
        iamRoleArn: this.role.arn,
        resources: [props.fileSystemArn],
      }),
    );

    on(
      new BackupVaultNotifications(this, "Notifications", {
        backupVaultName: this.vault.name,
        snsTopicArn: props.alertsTopicArn,
        backupVaultEvents: BACKUP_VAULT_EVENTS,
      }),
    );
  }

  /** A plan rule: hourly-or-slower schedule, 1 h start window, 6 h completion window, tagged recovery points. */
  private rule(r: BackupRuleInput, name: string): BackupPlanRule {
    return {
      ruleName: r.name,
      targetVaultName: this.vault.name,
      schedule: r.schedule,
      startWindow: 60,
      completionWindow: 360,
      lifecycle: { coldStorageAfter: r.cold_storage_after_days > 0 ? r.cold_storage_after_days : undefined, deleteAfter: r.delete_after_days },
      recoveryPointTags: { Jenkins: name, BackupRule: r.name },
    };
  }

  /** The same rules as a `dynamic` block, when some are known only to Terraform. */
  private dynamicRules(daily: BackupRuleInput, extra: BackupRuleInput[] | IResolvable, name: string): IResolvable {
    const it = TerraformIterator.fromList(Token.asAny(Fn.concat([[daily], extra])));
    const cold = it.getNumber("cold_storage_after_days");
    return it.dynamic({
      rule_name: it.getString("name"),
      target_vault_name: this.vault.name,
      schedule: it.getString("schedule"),
      start_window: 60,
      completion_window: 360,
      lifecycle: [{ cold_storage_after: choose(greaterThan(cold, 0), cold, undefined), delete_after: it.getNumber("delete_after_days") }],
      recovery_point_tags: { Jenkins: name, BackupRule: it.getString("name") },
    });
  }
}
