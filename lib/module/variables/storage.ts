import { fromSchema, ModuleVariable } from "./variable";

/** Storage: the EFS file system of JENKINS_HOME, and the teardown switch. */
export function storageVariables(): ModuleVariable[] {
  return [
    fromSchema("efs_file_system_id", "storage.fileSystemId", {
      description:
        "Bring your own file system: the id of an existing EFS file system (a restored one, or another installation's) to use as JENKINS_HOME instead of creating one. The module adds the access point, mount targets (the file system must have none in other VPCs), file-system policy and backup selection; the efs_* settings are then the file system's own. null: the module creates the file system.",
    }),
    fromSchema("force_destroy", "dataProtection.forceDestroy", {
      description:
        "Teardown mode: a destroy empties what would otherwise stop it: the ECR repository (images), the backup vault (recovery points) and the controller's Cloud Map service (instances). Apply once with it on, then destroy. The file system, its access point and the vault always carry prevent_destroy in the module (docs/module.md, Teardown).",
    }),
    fromSchema("efs_performance_mode", "storage.performanceMode"),
    fromSchema("efs_throughput_mode", "storage.throughputMode", {
      rules: [
        {
          condition: `!(var.efs_performance_mode == "maxIO" && var.efs_throughput_mode == "elastic")`,
          message:
            "must not be elastic with efs_performance_mode maxIO: elastic throughput works only with generalPurpose; use bursting or provisioned with maxIO",
        },
      ],
    }),
    fromSchema("efs_provisioned_throughput_mibps", "storage.provisionedThroughputMibps", {
      rules: [
        {
          condition: `var.efs_throughput_mode == "provisioned" ? var.efs_provisioned_throughput_mibps != null : var.efs_provisioned_throughput_mibps == null`,
          message: "is required when efs_throughput_mode is provisioned, and only used then",
        },
      ],
    }),
    fromSchema("efs_transition_to_ia_days", "storage.transitionToIaDays"),
  ];
}
