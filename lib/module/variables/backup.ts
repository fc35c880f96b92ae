import { backupCronRules } from "../module-rules";
import { fieldInfo } from "../zod-terraform";
import { fromSchema, message, ModuleValidation, ModuleVariable, rename } from "./variable";

/** Backup: plan, rules and vault lock. */
export function backupVariables(): ModuleVariable[] {
  return [
    fromSchema("backup_enabled", "backup.enabled"),
    backupSchedule(),
    fromSchema("backup_cold_storage_after_days", "backup.coldStorageAfterDays"),
    fromSchema("backup_delete_after_days", "backup.deleteAfterDays", {
      rules: [
        {
          condition: "var.backup_cold_storage_after_days == 0 || var.backup_delete_after_days >= var.backup_cold_storage_after_days + 90",
          message: "must be at least backup_cold_storage_after_days + 90 (AWS keeps cold storage for at least 90 days)",
        },
      ],
    }),
    backupAdditionalRules(),
    fromSchema("backup_vault_lock_enabled", "backup.vaultLock.enabled"),
    fromSchema("backup_vault_lock_min_retention_days", "backup.vaultLock.minRetentionDays", {
      rules: [
        {
          condition: "!var.backup_vault_lock_enabled || var.backup_vault_lock_min_retention_days <= var.backup_vault_lock_max_retention_days",
          message: "must not exceed backup_vault_lock_max_retention_days",
        },
        {
          condition:
            "!var.backup_vault_lock_enabled || alltrue([for d in concat([var.backup_delete_after_days], [for r in var.backup_additional_rules : r.delete_after_days]) : d >= var.backup_vault_lock_min_retention_days && d <= var.backup_vault_lock_max_retention_days])",
          message: "and backup_vault_lock_max_retention_days must bracket the deletion age of every backup rule",
        },
      ],
    }),
    fromSchema("backup_vault_lock_max_retention_days", "backup.vaultLock.maxRetentionDays"),
  ];
}

function backupSchedule(): ModuleVariable {
  const v = fromSchema("backup_schedule", "backup.schedule");
  // The same rules and messages as backupCronProblem() in lib/config/rules/backup-schedule.ts.
  const rules: ModuleValidation[] = backupCronRules("var.backup_schedule").map((r) => ({
    condition: r.condition,
    errorMessage: message("backup_schedule", r.message),
  }));
  return { ...v, validations: [...v.validations, ...rules] };
}

/** `backup_additional_rules`: more backup rules besides the daily one. */
function backupAdditionalRules(): ModuleVariable {
  const name = "backup_additional_rules";
  const info = fieldInfo("backup.additionalRules");
  return {
    name,
    schemaPaths: ["backup.additionalRules"],
    type: "list(object({ name = string, schedule = string, cold_storage_after_days = optional(number, 0), delete_after_days = number }))",
    description: rename(info.description),
    required: false,
    default: [],
    nullable: false,
    validations: [
      {
        condition: `alltrue([for r in var.${name} : r.name != "daily" && can(regex("^[A-Za-z0-9_.-]{1,50}$", r.name))])`,
        errorMessage: `${name}: each name must be 1-50 letters, digits, '_', '.' or '-', and not "daily" (the default rule).`,
      },
      {
        condition: `length(distinct([for r in var.${name} : r.name])) == length(var.${name})`,
        errorMessage: `${name}: rule names must be unique.`,
      },
      {
        condition: `alltrue([for r in var.${name} : r.cold_storage_after_days == 0 || r.delete_after_days >= r.cold_storage_after_days + 90])`,
        errorMessage: `${name}: delete_after_days must be at least cold_storage_after_days + 90 (AWS keeps cold storage for at least 90 days).`,
      },
      // Each rule's schedule: the default schedule's rules, over every rule.
      ...backupCronRules("r.schedule").map((r) => ({
        condition: `alltrue([for r in var.${name} : ${r.condition}])`,
        errorMessage: message(`each schedule in ${name}`, r.message),
      })),
    ],
  };
}
