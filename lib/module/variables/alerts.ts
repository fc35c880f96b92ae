import { arnListPartitionRule } from "../module-rules";
import { fromSchema, ModuleVariable } from "./variable";

/** Alerts: subscriptions and alarm thresholds. */
export function alertVariables(): ModuleVariable[] {
  return [
    fromSchema("alert_emails", "alerts.emails"),
    fromSchema("alert_https_endpoints", "alerts.httpsEndpoints"),
    fromSchema("alert_sqs_queue_arns", "alerts.sqsQueueArns", { rules: [arnListPartitionRule("var.alert_sqs_queue_arns")] }),
    fromSchema("alert_controller_cpu_percent", "alerts.controllerCpuPercent"),
    fromSchema("alert_controller_memory_percent", "alerts.controllerMemoryPercent"),
    fromSchema("alert_alb_5xx_per_five_minutes", "alerts.alb5xxPerFiveMinutes"),
    fromSchema("alert_efs_burst_credit_balance_bytes", "alerts.efsBurstCreditBalanceBytes"),
    fromSchema("alert_agent_task_failures", "alerts.agentTaskFailures"),
  ];
}
