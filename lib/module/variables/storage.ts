import { fromSchema, ModuleVariable } from "./variable";

/** Storage: the EFS file system of JENKINS_HOME. */
export function storageVariables(): ModuleVariable[] {
  return [
    fromSchema("efs_performance_mode", "storage.performanceMode"),
    fromSchema("efs_throughput_mode", "storage.throughputMode", {
      rules: [
        {
          condition: `!(var.efs_performance_mode == "maxIO" && var.efs_throughput_mode == "elastic")`,
          message: "must not be elastic with efs_performance_mode maxIO: elastic throughput works only with generalPurpose; use bursting or provisioned with maxIO",
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
