import { DescribeTaskDefinitionCommand, ECSClient, KeyValuePair, NetworkConfiguration, RunTaskCommand, Task } from "@aws-sdk/client-ecs";
import { lastSegment } from "./arn";
import { describeTasks, listTaskArns } from "./controller-control";
import { copyTaskStartedBy, RESTORE_CONTAINER, RESTORE_ENV, RESTORE_EXIT } from "./contract";
import { awsError } from "./recovery-points";
import { RestoreJob } from "./restore-job";
import { onChange, poll, RestoreClock, RestoreError, RestoreReporter } from "./runtime";

/** The restore task definition, checked. */
export interface RestoreTaskDefinition {
  /** ARN with revision (RunTask uses exactly this one). */
  readonly arn: string;
  /** Where the copy task logs, for error messages. */
  readonly logGroup?: string;
  readonly logStreamPrefix?: string;
}

/**
 * Reads the restore task definition (family `<prefix>-restore`, lib/constructs/restore/restore-task.ts) and checks
 * that it has the `restore` container and mounts `fileSystemId`, so the copy never runs
 * against another file system.
 */
export async function checkRestoreTaskDefinition(ecs: ECSClient, taskDefinition: string, fileSystemId: string): Promise<RestoreTaskDefinition> {
  let td;
  try {
    td = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }))).taskDefinition;
  } catch (e) {
    throw awsError(
      e,
      `read the restore task definition ${taskDefinition}`,
      "The stack provides it (family <prefix>-restore, lib/constructs/restore/restore-task.ts); deploy a version that has it, or name it with --restore-task-definition.",
    );
  }
  if (!td?.taskDefinitionArn)
    throw new RestoreError(`Task definition ${taskDefinition} was not found. Deploy the stack's restore task definition or pass --restore-task-definition.`);
  const container = td.containerDefinitions?.find((c) => c.name === RESTORE_CONTAINER);
  if (!container) {
    throw new RestoreError(
      `Task definition ${td.taskDefinitionArn} has no container named "${RESTORE_CONTAINER}"; it is not the stack's restore task definition (lib/constructs/restore/restore-task.ts).`,
    );
  }
  const mounted = (td.volumes ?? []).map((v) => v.efsVolumeConfiguration?.fileSystemId).filter((x): x is string => !!x);
  if (!mounted.includes(fileSystemId)) {
    throw new RestoreError(
      `Task definition ${td.taskDefinitionArn} mounts ${mounted.join(", ") || "no EFS file system"}, not ${fileSystemId}. ` +
        "Pass the restore task definition of the stack that owns this file system (--restore-task-definition), or the right --file-system-id.",
    );
  }
  const opts = container.logConfiguration?.options ?? {};
  return { arn: td.taskDefinitionArn, logGroup: opts["awslogs-group"], logStreamPrefix: opts["awslogs-stream-prefix"] };
}

/** The environment overrides of the copy task of `job`. */
export function copyTaskEnvironment(job: RestoreJob, restoreDir?: string): KeyValuePair[] {
  const env: KeyValuePair[] = [{ name: RESTORE_ENV.id, value: job.id }];
  if (restoreDir) {
    env.push({ name: RESTORE_ENV.dir, value: restoreDir });
  } else {
    // The restore directory was made while the job ran; 5 minutes of slack for clock skew.
    const slack = 300;
    const from = Math.floor((job.creationDate?.getTime() ?? 0) / 1000) - slack;
    const to = Math.ceil((job.completionDate?.getTime() ?? Date.now()) / 1000) + slack;
    env.push({ name: RESTORE_ENV.dir, value: "auto" }, { name: RESTORE_ENV.notBefore, value: String(from) }, { name: RESTORE_ENV.notAfter, value: String(to) });
  }
  return env;
}

/** The result of a finished copy task. */
export interface CopyResult {
  readonly ok: boolean;
  readonly exitCode?: number;
  /** Why it failed, for the user. */
  readonly reason?: string;
}

/** Whether a STOPPED copy task succeeded (its `restore` container exited 0). */
export function copyResult(task: Task): CopyResult {
  const c = task.containers?.find((x) => x.name === RESTORE_CONTAINER);
  const exitCode = c?.exitCode ?? undefined;
  if (exitCode === 0) return { ok: true, exitCode };
  const parts = [
    exitCode !== undefined ? `exit code ${exitCode}${RESTORE_EXIT[exitCode] ? ` (${RESTORE_EXIT[exitCode]})` : ""}` : "no exit code",
    task.stopCode ? `stop code ${task.stopCode}` : undefined,
    task.stoppedReason ? `"${task.stoppedReason}"` : undefined,
    c?.reason ? `container: "${c.reason}"` : undefined,
  ].filter(Boolean);
  return { ok: false, exitCode, reason: parts.join(", ") };
}

/** Inputs of {@link ensureCopyTask}. */
export interface CopyTaskInput {
  readonly ecs: ECSClient;
  /** The controller's cluster (the copy task runs there, in the controller's subnets). */
  readonly cluster: string;
  readonly taskDefinition: RestoreTaskDefinition;
  /** The completed in-place restore job whose data is copied. */
  readonly restoreJob: RestoreJob;
  /** Subnets and security groups (the controller service's: they reach the mount targets). */
  readonly networkConfiguration: NetworkConfiguration;
  /** `aws-backup-restore_<datetime>` to copy from. @default - found by the task from the job's run time */
  readonly restoreDir?: string;
  readonly clock: RestoreClock;
  readonly reporter: RestoreReporter;
  /** @default 10 s */
  readonly intervalMs?: number;
  /** @default 6 h */
  readonly timeoutMs?: number;
}

/**
 * The copy step, idempotent. Copy tasks carry `startedBy` = the restore job, so:
 * a copy task of this job still running -> wait for it; one that finished with exit 0 (ECS
 * keeps stopped tasks about an hour) -> done; otherwise run a new one (the script itself is a
 * no-op when JENKINS_HOME already holds this restore) and wait. Throws a {@link RestoreError}
 * when the task fails.
 */
export async function ensureCopyTask(i: CopyTaskInput): Promise<{ task: Task; reused: boolean }> {
  const startedBy = copyTaskStartedBy(i.restoreJob.id);
  let existing: Task[];
  try {
    existing = await describeTasks(i.ecs, i.cluster, await listTaskArns(i.ecs, { cluster: i.cluster, startedBy }));
  } catch (e) {
    throw awsError(e, `look for copy tasks of restore job ${i.restoreJob.id}`, "Check that your credentials may call ecs:ListTasks and ecs:DescribeTasks.");
  }
  existing = existing.filter((t) => t.startedBy === startedBy).sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  const running = existing.find((t) => t.lastStatus !== "STOPPED");
  if (running) {
    i.reporter.info(`copy task ${lastSegment(running.taskArn!)} of this restore is still ${running.lastStatus}; waiting for it instead of starting another`);
    return { task: await finish(i, running.taskArn!), reused: true };
  }
  const succeeded = existing.find((t) => copyResult(t).ok);
  if (succeeded) {
    i.reporter.info(`copy task ${lastSegment(succeeded.taskArn!)} already copied this restore into JENKINS_HOME (exit 0)`);
    return { task: succeeded, reused: true };
  }
  const awsvpc = i.networkConfiguration.awsvpcConfiguration;
  if (!awsvpc?.subnets?.length) {
    throw new RestoreError(
      "The controller service has no awsvpc subnets to run the copy task in; the restore reads them from the service. Check the service's network configuration.",
    );
  }
  let taskArn: string;
  try {
    const r = await i.ecs.send(
      new RunTaskCommand({
        cluster: i.cluster,
        taskDefinition: i.taskDefinition.arn,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        count: 1,
        startedBy,
        networkConfiguration: {
          awsvpcConfiguration: { subnets: awsvpc.subnets, securityGroups: awsvpc.securityGroups, assignPublicIp: awsvpc.assignPublicIp ?? "DISABLED" },
        },
        overrides: { containerOverrides: [{ name: RESTORE_CONTAINER, environment: copyTaskEnvironment(i.restoreJob, i.restoreDir) }] },
      }),
    );
    const failure = r.failures?.[0];
    if (!r.tasks?.[0]?.taskArn) throw new Error(failure ? `${failure.reason ?? "failure"} ${failure.detail ?? ""}`.trim() : "RunTask started no task");
    taskArn = r.tasks[0].taskArn;
  } catch (e) {
    throw awsError(
      e,
      `run the copy task (${i.taskDefinition.arn}) in cluster ${i.cluster}`,
      "Check that your credentials may call ecs:RunTask and iam:PassRole on the restore task's roles; run the same command again afterwards.",
    );
  }
  i.reporter.info(`started copy task ${lastSegment(taskArn)}${logHint(i.taskDefinition, taskArn)}`);
  return { task: await finish(i, taskArn), reused: false };
}

function logHint(td: RestoreTaskDefinition, taskArn: string): string {
  return td.logGroup ? ` (logs: ${td.logGroup}, stream ${td.logStreamPrefix ? `${td.logStreamPrefix}/` : ""}${RESTORE_CONTAINER}/${lastSegment(taskArn)})` : "";
}

async function finish(i: CopyTaskInput, taskArn: string): Promise<Task> {
  const say = onChange(i.reporter.info.bind(i.reporter));
  const task = await poll({
    what: `copy task ${lastSegment(taskArn)} to finish`,
    read: async () => {
      const [t] = await describeTasks(i.ecs, i.cluster, [taskArn]);
      if (!t) throw new RestoreError(`Copy task ${taskArn} disappeared from cluster ${i.cluster}; run the same command again.`);
      return t;
    },
    done: (t) => t.lastStatus === "STOPPED",
    onState: (t) => say(`copy task ${lastSegment(taskArn)}: ${t.lastStatus}`),
    intervalMs: i.intervalMs ?? 10_000,
    timeoutMs: i.timeoutMs ?? 6 * 3600_000,
    onTimeout: "The task goes on in ECS; run the same command again to keep waiting for it.",
    clock: i.clock,
  });
  const result = copyResult(task);
  if (!result.ok) {
    throw new RestoreError(
      `The copy task ${lastSegment(taskArn)} failed: ${result.reason}.${logHint(i.taskDefinition, taskArn)} ` +
        "JENKINS_HOME is untouched or fully replaced (the copy swaps directories at the end; a swap cut short is completed by the next run); the controller stays stopped. " +
        "Fix the cause (a task that failed to start with an EFS error usually means the file-system policy does not let the restore task's role mount the root) and run the same command again.",
    );
  }
  return task;
}
